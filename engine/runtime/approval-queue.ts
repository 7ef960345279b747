/**
 * Approvals decided later by someone else (an operator through the REST API, a UI): the handler
 * parks each request until `decide` is called or the request expires (a denial).
 */
import type { ActionResult } from './action.ts';
import type { ApprovalHandler, ApprovalRequest, ApprovalVerdict } from './approval.ts';

export type ApprovalStatus = 'pending' | 'approved' | 'denied' | 'expired';

export interface ApprovalRecord {
  request: ApprovalRequest;
  status: ApprovalStatus;
  decidedAt?: number;
  approver?: string;
  reason?: string;
  /** The action's outcome once the pipeline finished (set by the owner of the queue). */
  result?: ActionResult;
}

export interface ApprovalQueueOptions {
  /** How long a request waits before it expires as denied. Default 15 minutes. */
  timeoutMs?: number;
  /** Requests beyond this many open ones are denied at once. Default 1000. */
  maxPending?: number;
  /** Finished records kept for inspection. Default 1000. */
  keepDecided?: number;
  clock?: () => number;
}

export type DecideError = { code: 'approval.not-found' | 'approval.already-decided'; message: string };

export class ApprovalQueue {
  private readonly records = new Map<string, ApprovalRecord>();
  private readonly waiters = new Map<string, { resolve: (v: ApprovalVerdict) => void; timer: ReturnType<typeof setTimeout> }>();
  private readonly timeoutMs: number;
  private readonly maxPending: number;
  private readonly keepDecided: number;
  private readonly clock: () => number;

  constructor(options: ApprovalQueueOptions = {}) {
    this.timeoutMs = options.timeoutMs ?? 15 * 60_000;
    this.maxPending = options.maxPending ?? 1000;
    this.keepDecided = options.keepDecided ?? 1000;
    this.clock = options.clock ?? (() => Date.now());
  }

  readonly handler: ApprovalHandler = (request) => {
    if (this.waiters.size >= this.maxPending) {
      return { approved: false, approver: 'queue', reason: `too many pending approvals (limit ${this.maxPending})` };
    }
    const record: ApprovalRecord = { request, status: 'pending' };
    this.records.set(request.id, record);
    return new Promise<ApprovalVerdict>((resolve) => {
      const timer = setTimeout(() => this.settle(request.id, 'expired', { approved: false, reason: `no decision within ${this.timeoutMs} ms` }), this.timeoutMs);
      (timer as { unref?: () => void }).unref?.();
      this.waiters.set(request.id, { resolve, timer });
    });
  };

  list(status?: ApprovalStatus): ApprovalRecord[] {
    const all = [...this.records.values()];
    return status ? all.filter((r) => r.status === status) : all;
  }

  get(id: string): ApprovalRecord | undefined {
    return this.records.get(id);
  }

  get pendingCount(): number {
    return this.waiters.size;
  }

  decide(id: string, verdict: ApprovalVerdict): ApprovalRecord | DecideError {
    const record = this.records.get(id);
    if (!record) return { code: 'approval.not-found', message: `no approval request with id "${id}"` };
    if (record.status !== 'pending') return { code: 'approval.already-decided', message: `approval "${id}" is already ${record.status}` };
    this.settle(id, verdict.approved ? 'approved' : 'denied', verdict);
    return record;
  }

  /** Denies every open request (used when shutting down). */
  close(): void {
    for (const id of [...this.waiters.keys()]) this.settle(id, 'denied', { approved: false, reason: 'the server is shutting down' });
  }

  private settle(id: string, status: ApprovalStatus, verdict: ApprovalVerdict): void {
    const record = this.records.get(id);
    const waiter = this.waiters.get(id);
    if (!record || !waiter) return;
    clearTimeout(waiter.timer);
    this.waiters.delete(id);
    Object.assign(record, { status, decidedAt: this.clock() }, verdict.approver ? { approver: verdict.approver } : {}, verdict.reason ? { reason: verdict.reason } : {});
    waiter.resolve(verdict);
    this.prune();
  }

  private prune(): void {
    const decided = [...this.records.values()].filter((r) => r.status !== 'pending');
    for (const r of decided.slice(0, Math.max(0, decided.length - this.keepDecided))) this.records.delete(r.request.id);
  }
}
