/**
 * The engine host: runs inside the worker, answers batches of requests from the handler table
 * and reports background failures as events. Requests start in arrival order; synchronous
 * results of a batch go back in one message, asynchronous ones each as they settle.
 */
import { defaultHandlers } from './handlers/index.ts';
import { EngineError, toErrorData } from './errors.ts';
import { Transfer, type BatchMessage, type MessageEndpoint, type ReplyMessage, type RequestMessage, type WorkerMessage } from './protocol.ts';
import type { HandlerTable, HostContext, HostOptions, HostState } from './host-state.ts';
import type { MethodName } from './methods.ts';

function isPromise(v: unknown): v is Promise<unknown> {
  return !!v && typeof (v as { then?: unknown }).then === 'function';
}

/** Start answering requests on `scope` (the worker's global scope). */
export function startHost(scope: MessageEndpoint, options: HostOptions = {}): void {
  const handlers: HandlerTable = { ...defaultHandlers, ...options.handlers } as HandlerTable;
  const state: HostState = { sessionId: '' };
  const post = (message: WorkerMessage, transfer: Transferable[] = []) => {
    try {
      scope.postMessage(message, transfer);
    } catch (err) {
      // A result that cannot be cloned: tell the caller instead of leaving it waiting.
      if (message.kind === 'replies') {
        scope.postMessage({ kind: 'replies', replies: message.replies.map((r) => ({ id: r.id, ok: false, error: { code: 'WORKER_UNCLONEABLE', message: `the result could not be sent: ${(err as Error).message}` } })) } satisfies WorkerMessage);
      }
    }
  };
  const ctx: HostContext = {
    state,
    options,
    emit: (event, error) => post({ kind: 'event', event, error: toErrorData(error) }),
    progress: (id, progress) => post({ kind: 'progress', id, progress }),
  };
  // Calls that arrive before `engine.init` has finished wait for it.
  let initializing: Promise<unknown> | undefined;

  function run(req: RequestMessage): unknown {
    const handler = handlers[req.method as MethodName] as ((p: unknown, c: HostContext, id: number) => unknown) | undefined;
    if (!handler) throw new EngineError('WORKER_UNKNOWN_METHOD', `the worker has no method \`${req.method}\``);
    return handler((req.params ?? {}) as never, ctx, req.id);
  }

  function reply(id: number, value: unknown, replies: ReplyMessage[], transfer: Transferable[]): void {
    if (value instanceof Transfer) {
      replies.push({ id, ok: true, result: value.value });
      transfer.push(...value.transfer);
    } else {
      replies.push({ id, ok: true, result: value });
    }
  }

  function settleLater(req: RequestMessage, promise: Promise<unknown>): void {
    promise.then(
      (value) => { const replies: ReplyMessage[] = []; const transfer: Transferable[] = []; reply(req.id, value, replies, transfer); post({ kind: 'replies', replies }, transfer); },
      (err) => post({ kind: 'replies', replies: [{ id: req.id, ok: false, error: toErrorData(err) }] }),
    );
  }

  function handleBatch(requests: RequestMessage[]): void {
    const replies: ReplyMessage[] = [];
    const transfer: Transferable[] = [];
    for (let i = 0; i < requests.length; i++) {
      const req = requests[i]!;
      if (initializing && req.method !== 'engine.init') {
        // Hold the rest of the batch until init settles, keeping arrival order.
        const rest = requests.slice(i);
        const gate = initializing;
        void gate.then(() => handleBatch(rest), () => handleBatch(rest));
        break;
      }
      try {
        const value = run(req);
        if (isPromise(value)) {
          if (req.method === 'engine.init') {
            const gate = value.finally(() => { initializing = undefined; });
            gate.catch(() => undefined); // the caller gets the error in its reply
            initializing = gate;
          }
          settleLater(req, value);
        } else {
          reply(req.id, value, replies, transfer);
        }
      } catch (err) {
        replies.push({ id: req.id, ok: false, error: toErrorData(err) });
      }
    }
    if (replies.length) post({ kind: 'replies', replies }, transfer);
  }

  scope.addEventListener('message', (event) => {
    const msg = event.data as BatchMessage | undefined;
    if (!msg || msg.kind !== 'batch' || !Array.isArray(msg.requests)) return;
    handleBatch(msg.requests);
  });
  // Last words before dying, where the platform lets us: the client rejects pending calls with them.
  scope.addEventListener('unhandledrejection', (event) => {
    ctx.emit('fatal', (event as unknown as { reason?: unknown }).reason ?? new Error('unhandled rejection in the engine worker'));
  });
}
