/**
 * What the handlers of the worker share: the loaded policy, the guardrails, the audit log and the
 * session. One instance per worker.
 */
import type { Policy } from '../policy/policy.ts';
import type { AuditLog } from '../audit/log.ts';
import type { Guardrails, GuardrailsConfig } from '../guardrails/types.ts';
import type { AuditPersistence } from '../storage/persistence.ts';
import type { Hasher } from '../platform/hash.ts';
import type { InitParams, MethodName, ParamsOf, ResultOf } from './methods.ts';
import type { Transfer } from './protocol.ts';
import { EngineError } from './errors.ts';

export interface HostState {
  policy?: Policy;
  guardrails?: Guardrails;
  guardrailsConfig?: GuardrailsConfig;
  audit?: AuditLog;
  sessionId: string;
  init?: InitParams;
}

export interface HostContext {
  state: HostState;
  /** Send an event to the client (background audit failures). */
  emit(event: 'audit-error' | 'fatal', error: unknown): void;
  /** Report progress of the running request `requestId` (the handler's third argument). */
  progress(requestId: number, progress: unknown): void;
  /** Host options given by the worker's entry script. */
  options: HostOptions;
}

export interface HostOptions {
  /** Choose the persistence for a log (a custom entry can bring file or remote persistence). */
  persistence?: (init: InitParams) => Promise<AuditPersistence> | AuditPersistence | undefined;
  /** SHA-256 for the audit chain (a custom Node entry can inject node:crypto; default: portable JS). */
  hasher?: Hasher;
  /** Extra or replacement handlers. */
  handlers?: Partial<HandlerTable>;
}

export type Handler<K extends MethodName> =
  (params: ParamsOf<K>, ctx: HostContext, requestId: number) => ResultOf<K> | Transfer<ResultOf<K>> | Promise<ResultOf<K> | Transfer<ResultOf<K>>>;

export type HandlerTable = { [K in MethodName]: Handler<K> };

/** The audit log, or a coded error when `engine.init` has not run. */
export function auditOf(ctx: HostContext): AuditLog {
  const audit = ctx.state.audit;
  if (!audit) throw new EngineError('WORKER_BAD_REQUEST', 'the engine is not initialized');
  return audit;
}
