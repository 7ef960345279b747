// The engine's home: an offscreen document (reason WORKERS) that starts the engine in a module
// Worker. Not the service worker, because MV3 service workers cannot start dedicated workers and
// are stopped after ~30 s idle, which would drop the in-memory audit database and the policy.
// The offscreen document stays up, and the audit log persists to the extension's IndexedDB.
import { createEngineWorker, type WorkerLike } from 'agent-aegis/worker';
import wasmUrl from 'sql.js/dist/sql-wasm-browser.wasm?url';
import { BACKGROUND, ENGINE, respond, type EngineCalls, type EngineMethod, type EngineRequest, type Reply } from './messages.ts';
import { defaultPolicy } from './policy-store.ts';

const engine = createEngineWorker({
  // Vite bundles the worker because it sees this literal `new Worker(new URL(…))`. (A DOM Worker is
  // a WorkerLike at run time; its overloaded addEventListener does not type-check as one.)
  worker: () => new Worker(new URL('./engine.worker.ts', import.meta.url), { type: 'module', name: 'aegis-engine' }) as unknown as WorkerLike,
  wasmUrl: new URL(wasmUrl, location.href).href, // MV3 needs 'wasm-unsafe-eval' in the CSP for this
  persistence: { kind: 'indexeddb', name: 'toy-agent' },
});

const ready = (async () => {
  await engine.ready();
  const reply = await chrome.runtime.sendMessage<Reply<string>>({ to: BACKGROUND, method: 'policy' });
  const { loaded, diagnostics } = await engine.loadPolicy(reply?.ok ? reply.result : defaultPolicy);
  if (!loaded || diagnostics.some((d) => d.severity === 'error')) await engine.loadPolicy(defaultPolicy);
})();

type Handlers = { [M in EngineMethod]: (p: EngineCalls[M]['params']) => Promise<EngineCalls[M]['result']> };
const handlers: Handlers = {
  // `durable`: the answer comes once the decision's audit entry is in IndexedDB.
  evaluate: ({ action }) => engine.evaluate(action, { durable: true }),
  check: ({ text, direction, agentId }) => engine.check(text, { direction, ...(agentId ? { agentId } : {}) }),
  loadPolicy: ({ yaml }) => engine.loadPolicy(yaml),
  // Durable too: an approval or outcome is in IndexedDB before the agent goes on.
  auditRecord: ({ event }) => engine.audit.record(event, { durable: true }),
  auditQuery: () => engine.audit.query(),
  auditVerify: () => engine.audit.verify(),
  auditExport: () => engine.audit.export(),
};

chrome.runtime.onMessage.addListener((message: EngineRequest, _sender, sendResponse) => {
  if (message?.to !== ENGINE || !(message.method in handlers)) return false;
  const handler = handlers[message.method] as (p: unknown) => Promise<unknown>;
  return respond(ready.then(() => handler(message.params)), sendResponse);
});
