/**
 * Where the runtime reports what happened to each action. A small port so the runtime does not
 * depend on a particular store: the server keeps rows in memory, the worker writes the AGEF chain.
 */
import type { Decision } from '../types.ts';
import type { ActionResult } from './action.ts';

export interface RuntimeAuditEntry {
  sessionId: string;
  /** Epoch ms. */
  timestamp: number;
  result: ActionResult;
  decision: Decision;
}

export interface AuditSink {
  record(entry: RuntimeAuditEntry): void | Promise<void>;
}

/** Keeps entries in an array: for tests and small embedded uses. */
export class MemoryAuditSink implements AuditSink {
  readonly entries: RuntimeAuditEntry[] = [];
  record(entry: RuntimeAuditEntry): void {
    this.entries.push(entry);
  }
}
