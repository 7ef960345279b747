/**
 * The wire protocol between the engine client (main thread) and the engine host (worker).
 * Plain structured-clone data only: no classes, no `instanceof` after `postMessage`. Requests
 * carry an id and are sent in batches (every call made in the same tick goes in one message);
 * replies echo the id and carry either a result or an error as data.
 */

export const PROTOCOL_VERSION = 1;

/** An error as it crosses the boundary: a stable code, a message for people, optional details. */
export interface ErrorData {
  code: string;
  message: string;
  details?: unknown;
}

export interface RequestMessage {
  id: number;
  method: string;
  params?: unknown;
}

export type ReplyMessage =
  | { id: number; ok: true; result: unknown }
  | { id: number; ok: false; error: ErrorData };

/** Client → worker. */
export interface BatchMessage {
  kind: 'batch';
  requests: RequestMessage[];
}

/** Worker → client: replies, an event not tied to a request, or progress of a running request. */
export type WorkerMessage =
  | { kind: 'replies'; replies: ReplyMessage[] }
  | { kind: 'event'; event: 'audit-error' | 'fatal'; error: ErrorData }
  | ProgressMessage;

/** Progress of request `id` while it runs (a probe's evaluated actions); always before its reply. */
export interface ProgressMessage {
  kind: 'progress';
  id: number;
  progress: unknown;
}

/** What a worker endpoint looks like from either side (Worker, DedicatedWorkerGlobalScope, web-worker). */
export interface MessageEndpoint {
  postMessage(message: unknown, transfer?: Transferable[]): void;
  addEventListener(type: string, listener: (event: { data?: unknown; message?: string; error?: unknown }) => void): void;
  removeEventListener?(type: string, listener: (event: never) => void): void;
}

/** A result with buffers to transfer rather than copy (an export as bytes, a snapshot). */
export class Transfer<T> {
  constructor(readonly value: T, readonly transfer: Transferable[]) {}
}
