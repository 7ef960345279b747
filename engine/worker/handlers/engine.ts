/** `engine.*`: start (open the audit log, choose persistence) and close. */
import { AuditLog } from '../../audit/log.ts';
import { IndexedDbPersistence } from '../../storage/indexeddb.ts';
import { MemoryPersistence } from '../../storage/memory.ts';
import { platformLocks } from '../../platform/locks.ts';
import { randomIds } from '../../platform/ports.ts';
import type { AuditPersistence } from '../../storage/persistence.ts';
import { EngineError } from '../errors.ts';
import { PROTOCOL_VERSION } from '../protocol.ts';
import type { InitParams } from '../methods.ts';
import type { HandlerTable, HostContext } from '../host-state.ts';

async function choosePersistence(init: InitParams, ctx: HostContext): Promise<AuditPersistence> {
  const custom = await ctx.options.persistence?.(init);
  if (custom) return custom;
  const choice = init.persistence ?? { kind: 'memory' };
  if (choice.kind === 'indexeddb') return IndexedDbPersistence.open({ name: choice.name, durability: choice.durability });
  if (choice.kind === 'memory') return new MemoryPersistence();
  throw new EngineError('WORKER_BAD_REQUEST', `unknown persistence \`${String((choice as { kind: unknown }).kind)}\`; use \`memory\` or \`indexeddb\``);
}

export const engineHandlers: Pick<HandlerTable, 'engine.init' | 'engine.close' | 'engine.ping'> = {
  'engine.ping': (params) => params,

  async 'engine.init'(init, ctx) {
    if (init.protocol !== PROTOCOL_VERSION) {
      throw new EngineError('WORKER_START_FAILED', `the client speaks protocol ${init.protocol} but the worker speaks ${PROTOCOL_VERSION}: rebuild both from one version`);
    }
    if (ctx.state.audit) throw new EngineError('WORKER_BAD_REQUEST', 'the engine is already initialized');
    const persistence = await choosePersistence(init, ctx);
    const locks = platformLocks();
    const audit = await AuditLog.open({
      persistence, locks, name: init.persistence?.name, hasher: ctx.options.hasher,
      sql: { wasmUrl: init.wasmUrl, wasmBinary: init.wasmBinary },
      key: init.auditKey, retention: init.retention, compactEvery: init.compactEvery, flushDelayMs: init.flushDelayMs,
      onError: (err) => ctx.emit('audit-error', err),
    });
    ctx.state.audit = audit;
    ctx.state.init = init;
    ctx.state.sessionId = init.sessionId ?? randomIds();
    if (init.guardrails) ctx.state.guardrailsConfig = init.guardrails;
    return {
      sessionId: ctx.state.sessionId, auditLength: audit.length, persistence: persistence.kind, locks: locks.scope,
      warnings: [...audit.loadWarnings],
    };
  },

  async 'engine.close'(_params, ctx) {
    const audit = ctx.state.audit;
    ctx.state.audit = undefined;
    await audit?.close();
  },
};
