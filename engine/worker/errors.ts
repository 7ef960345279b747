/**
 * Errors of the worker boundary. Every error that reaches a caller of the client is an
 * `EngineError` with a `code`: the worker's own (`AUDIT_*`, `POLICY_*`, …) carried over as data,
 * or one of the transport codes below.
 */
import type { ErrorData } from './protocol.ts';

export type WorkerErrorCode =
  /** The worker stopped (uncaught error, out of memory, terminated): every pending call is rejected. */
  | 'WORKER_CRASHED'
  /** The worker could not be started (script not found, wasm not loadable). */
  | 'WORKER_START_FAILED'
  /** The client was closed; no more calls. */
  | 'WORKER_CLOSED'
  /** The call was pending when the client restarted the worker. */
  | 'WORKER_RESTARTED'
  /** No handler for the method (a client newer than its worker, or a typo). */
  | 'WORKER_UNKNOWN_METHOD'
  /** The parameters have the wrong shape. */
  | 'WORKER_BAD_REQUEST'
  /** A message could not be cloned across the boundary (a function in the parameters, …). */
  | 'WORKER_UNCLONEABLE'
  /** Something failed inside the worker that is not one of the engine's coded errors. */
  | 'WORKER_INTERNAL';

export class EngineError extends Error {
  override readonly name = 'EngineError';
  constructor(readonly code: string, message: string, readonly details?: unknown) {
    super(message);
  }
}

/** Any thrown value as wire data, keeping the code of coded errors (AuditError, PolicyError, …). */
export function toErrorData(err: unknown): ErrorData {
  if (err && typeof err === 'object') {
    const e = err as { code?: unknown; name?: unknown; message?: unknown; details?: unknown; diagnostics?: unknown; index?: unknown };
    const message = typeof e.message === 'string' && e.message ? e.message : typeof e.name === 'string' ? e.name : String(err);
    if (typeof e.code === 'string') {
      const details = e.details ?? e.diagnostics ?? (typeof e.index === 'number' ? { index: e.index } : undefined);
      return details === undefined ? { code: e.code, message } : { code: e.code, message, details };
    }
    return { code: 'WORKER_INTERNAL', message };
  }
  return { code: 'WORKER_INTERNAL', message: String(err) };
}

export function fromErrorData(data: ErrorData): EngineError {
  return new EngineError(data.code, data.message, data.details);
}
