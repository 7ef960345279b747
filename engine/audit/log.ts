/**
 * The audit log: records events, seals them into the hash chain, keeps them queryable in sql.js
 * and makes them durable through a persistence port.
 *
 * Life of an entry: `record` queues the event (cheap, on the caller's path); `commit` seals queued
 * events onto the head and inserts them into sql.js (soon after, or before any read); `flush`
 * writes the sealed entries that are not yet durable with one compare-and-set append. Until its
 * flush an entry is provisional: if another writer (a second tab) extended the log first, the
 * provisional entries are re-sealed after the other writer's entries, so the chain never forks and
 * nothing is dropped. `whenDurable(ticket)` resolves only once the entry is stored.
 */
import type { ActionInput, Decision } from '../types.ts';
import type { Hasher } from '../platform/hash.ts';
import { defaultHasher, keyBytes } from '../platform/hash.ts';
import { platformLocks, type Locks } from '../platform/locks.ts';
import { randomIds, systemClock, type Clock, type IdSource } from '../platform/ports.ts';
import type { AuditPersistence, ChainAnchor, PersistedLine } from '../storage/persistence.ts';
import { MemoryPersistence } from '../storage/memory.ts';
import { sameHead } from '../storage/persistence.ts';
import { anchorMac, GENESIS, sealEvent, type AuditEntry, type ChainHead, type SealedEntry } from './chain.ts';
import { AuditError } from './errors.ts';
import { parseEntryLine } from './entry-line.ts';
import { decisionEvent, type AgefEvent } from './event.ts';
import type { AuditFilter } from './filter.ts';
import { SqlAuditStore, type AuditStats, type SqlWasmSource } from './sqljs-store.ts';
import { splitJsonl, verifyLines, type VerifyResult } from './verify.ts';

export interface RetentionOptions {
  /** Keep at most this many entries (the oldest durable ones go first). */
  maxEntries?: number;
  /** Drop durable entries older than this many milliseconds. */
  maxAgeMs?: number;
}

export interface AuditLogOptions {
  /** Where entries become durable. Default: a fresh in-memory persistence (not durable across restarts). */
  persistence?: AuditPersistence;
  /** Where sql.js finds its wasm. */
  sql?: SqlWasmSource;
  /** HMAC key: every entry then carries a MAC, and rewriting history needs the key. */
  key?: string | Uint8Array | ArrayBuffer;
  hasher?: Hasher;
  clock?: Clock;
  ids?: IdSource;
  locks?: Locks;
  /** Name of the lock (and of the log): writers using the same name exclude each other. */
  name?: string;
  retention?: RetentionOptions;
  /** Entries written between snapshots of the database; 0 disables snapshots. Default 10,000. */
  compactEvery?: number;
  /** Delay before sealed entries are flushed. Default 25 ms. */
  flushDelayMs?: number;
  /** Flush at once when this many entries wait. Default 5,000. */
  maxUnflushed?: number;
  /** Called when a background flush fails (the entries stay queued and are retried). */
  onError?: (error: AuditError) => void;
}

export interface FlushResult {
  /** The durable head after the flush. */
  head: ChainHead;
  /** Entries of this writer written by this flush. */
  written: number;
  /** Entries of other writers picked up by this flush. */
  pulled: number;
}

export interface AuditVerifyResult extends VerifyResult {
  /** Problems met while loading that did not break the chain (a snapshot rebuilt from lines, …). */
  warnings?: { code: string; message: string }[];
}

interface Unflushed {
  event: AgefEvent;
  entry: SealedEntry;
}

interface Waiter {
  ticket: number;
  resolve: () => void;
  reject: (err: AuditError) => void;
}

const MAX_CONFLICT_RETRIES = 20;

/** A decision waiting to become an event (built at commit time). */
class DeferredDecision {
  constructor(readonly action: ActionInput, readonly decision: Decision, readonly time: number, readonly sessionId: string | undefined) {}
}

function asAuditError(err: unknown, code: 'AUDIT_PERSIST_FAILED' = 'AUDIT_PERSIST_FAILED'): AuditError {
  return err instanceof AuditError ? err : new AuditError(code, String((err as Error)?.message ?? err));
}

/** The database is released on close: say so, rather than let sql.js fail with its own words. */
function closedError(): AuditError {
  return new AuditError('AUDIT_PERSIST_FAILED', 'the audit log is closed');
}

function headOfLine(line: PersistedLine): ChainHead | null {
  try {
    const hash = parseEntryLine(line.line)['entry_hash'];
    return typeof hash === 'string' ? { length: line.seq + 1, hash } : null;
  } catch {
    return null;
  }
}

export class AuditLog {
  private head: ChainHead;
  private durableHead: ChainHead | null;
  private pending: (AgefEvent | DeferredDecision)[] = [];
  private unflushed: Unflushed[] = [];
  private recorded = 0;
  private durableOwn = 0;
  private waiters: Waiter[] = [];
  private flushChain: Promise<unknown> = Promise.resolve();
  private flushTimer: ReturnType<typeof setTimeout> | undefined;
  private commitTimer: ReturnType<typeof setTimeout> | undefined;
  private sinceSnapshot = 0;
  private closed = false;
  private readonly key: Uint8Array | undefined;
  private readonly hasher: Hasher;
  private readonly clock: Clock;
  private readonly ids: IdSource;
  private readonly locks: Locks;
  private readonly lockName: string;

  private constructor(
    private readonly store: SqlAuditStore,
    private readonly persistence: AuditPersistence,
    head: ChainHead,
    durableHead: ChainHead | null,
    private anchor: ChainAnchor | undefined,
    private readonly warnings: { code: string; message: string }[],
    private readonly options: AuditLogOptions,
  ) {
    this.head = head;
    this.durableHead = durableHead;
    this.key = options.key === undefined ? undefined : keyBytes(options.key);
    this.hasher = options.hasher ?? defaultHasher;
    this.clock = options.clock ?? systemClock;
    this.ids = options.ids ?? randomIds;
    this.locks = options.locks ?? platformLocks();
    this.lockName = `aegis-audit:${options.name ?? 'default'}`;
  }

  /** Open a log: load the latest snapshot, then the entries stored after it. */
  static async open(options: AuditLogOptions = {}): Promise<AuditLog> {
    const persistence = options.persistence ?? new MemoryPersistence();
    const state = await persistence.load();
    const warnings: { code: string; message: string }[] = [];
    let store: SqlAuditStore | undefined;
    let lines = state.lines;
    if (state.snapshot) {
      try {
        store = await SqlAuditStore.open(options.sql, state.snapshot.bytes);
        const last = store.lastSeq();
        if (last !== null && last !== state.snapshot.lastSeq) throw new AuditError('AUDIT_STORE_CORRUPT', `the snapshot ends at entry ${last}, not ${state.snapshot.lastSeq}`);
      } catch (err) {
        store?.close();
        store = undefined;
        warnings.push({ code: 'AUDIT_STORE_CORRUPT', message: `snapshot ignored and rebuilt from stored entries: ${(err as Error).message}` });
        lines = await persistence.readFrom(state.anchor?.seq ?? 0);
      }
    }
    store ??= await SqlAuditStore.open(options.sql);
    store.insert(lines);
    const stored = store.head();
    let head: ChainHead = stored ?? (state.anchor ? { length: state.anchor.seq, hash: state.anchor.previousHash } : GENESIS);
    if (state.head && !sameHead(state.head, head)) {
      // The head record says more (or else) than the entries show: continue after the recorded
      // head so the gap stays visible to verify instead of being papered over by a fork.
      warnings.push({ code: state.head.length > head.length ? 'AUDIT_LOST' : 'AUDIT_STORE_CORRUPT',
        message: `the stored head (${state.head.length} entries) does not match the stored entries (${head.length})` });
      head = state.head;
    }
    // Unreadable lines keep their place in the chain (verify names them) but no query returns
    // them: say so, or a listing would hide the damage.
    const unreadable = store.unreadable();
    if (unreadable.count > 0) {
      warnings.push({ code: 'AUDIT_LINE_INVALID',
        message: `${unreadable.count === 1 ? `entry ${unreadable.first} could not be read and is` : `${unreadable.count} entries could not be read (the first is entry ${unreadable.first}) and are`} left out of queries and listings; verify the log to see why` });
    }
    return new AuditLog(store, persistence, head, state.head, state.anchor, warnings, options);
  }

  /** Problems met while opening that did not stop it (a rebuilt snapshot, missing entries). */
  get loadWarnings(): readonly { code: string; message: string }[] {
    return this.warnings;
  }

  /** Number of entries in the chain, provisional ones included. */
  get length(): number {
    return this.head.length + this.pending.length;
  }

  /** Queue an event; returns a ticket for `whenDurable`. */
  record(event: AgefEvent): number {
    if (this.closed) throw closedError();
    this.pending.push(event);
    this.scheduleCommit();
    return ++this.recorded;
  }

  /**
   * Queue one `policy_decision` event per decided action; returns the ticket of the last.
   *
   * With `owned` (the caller hands over the action objects and will never change them, as the
   * worker does with its structured-clone copies) the events are built when sealed, so a caller
   * that answers first pays almost nothing here.
   */
  recordDecisions(actions: readonly ActionInput[], decisions: readonly Decision[], sessionId?: string, owned = false): number {
    if (this.closed) throw closedError();
    const time = this.clock();
    for (let i = 0; i < actions.length; i++) {
      this.pending.push(owned
        ? new DeferredDecision(actions[i]!, decisions[i]!, time, sessionId)
        : decisionEvent(actions[i]!, decisions[i]!, { eventId: this.ids(), time, sessionId }));
    }
    this.scheduleCommit();
    this.recorded += actions.length;
    return this.recorded;
  }

  /** A fresh event id and timestamp for callers that build their own events. */
  eventContext(sessionId?: string): { eventId: string; time: number; sessionId?: string } {
    return { eventId: this.ids(), time: this.clock(), sessionId };
  }

  /** Seal queued events into the chain and the store (synchronous). */
  commit(): void {
    if (this.commitTimer !== undefined) { clearTimeout(this.commitTimer); this.commitTimer = undefined; }
    if (!this.pending.length) return;
    const queued = this.pending;
    this.pending = [];
    const events: AgefEvent[] = new Array(queued.length);
    for (let i = 0; i < queued.length; i++) {
      const q = queued[i]!;
      events[i] = q instanceof DeferredDecision ? decisionEvent(q.action, q.decision, { eventId: this.ids(), time: q.time, sessionId: q.sessionId }) : q;
    }

    const sealed = this.seal(events);
    this.store.insert(sealed.map((u) => ({ ...u.entry, event: u.event })));
    for (const u of sealed) this.unflushed.push(u);
    this.scheduleFlush();
  }

  private seal(events: readonly AgefEvent[]): Unflushed[] {
    const out: Unflushed[] = new Array(events.length);
    const keying = { hasher: this.hasher, key: this.key };
    for (let i = 0; i < events.length; i++) {
      let event = events[i]!;
      let entry: SealedEntry;
      try {
        entry = sealEvent(event, this.head, keying);
      } catch (err) {
        // An action whose parameters have no JSON form is still recorded, with the reason.
        const reason = err instanceof AuditError ? err.message : String(err);
        event = { ...event };
        if (event.action) event.action = { ...event.action, params: { $unserializable: reason } };
        if (event.guardrail?.details) event.guardrail = { ...event.guardrail, details: { $unserializable: reason } };
        if (event.context) event.context = { $unserializable: reason };
        event.metadata = { audit_error: { code: 'AUDIT_UNSERIALIZABLE', message: reason } };
        entry = sealEvent(event, this.head, keying);
      }
      out[i] = { event, entry };
      this.head = { length: entry.seq + 1, hash: entry.hash };
    }
    return out;
  }

  /** Resolves once the event with this ticket is durable; rejects if persisting fails. */
  whenDurable(ticket: number): Promise<void> {
    if (ticket <= this.durableOwn) return Promise.resolve();
    return new Promise((resolve, reject) => {
      this.waiters.push({ ticket, resolve, reject });
      this.scheduleFlush(0);
    });
  }

  /** Make everything recorded so far durable, and pick up entries other writers stored. */
  flush(): Promise<FlushResult> {
    if (this.closed) return Promise.reject(closedError());
    const run = this.flushChain.then(() => this.flushOnce());
    this.flushChain = run.catch(() => undefined);
    return run;
  }

  private async flushOnce(): Promise<FlushResult> {
    if (this.flushTimer !== undefined) { clearTimeout(this.flushTimer); this.flushTimer = undefined; }
    this.commit();
    if (!this.unflushed.length && !this.persistence.shared) return { head: this.head, written: 0, pulled: 0 };
    try {
      const result = await this.locks.withLock(this.lockName, () => this.writeUnderLock());
      // The entries are durable now: housekeeping failures are reported, never turned into a failed flush.
      await this.afterFlush().catch((err) => this.options.onError?.(asAuditError(err)));
      return result;
    } catch (err) {
      const error = asAuditError(err);
      const failed = this.waiters;
      this.waiters = [];
      for (const w of failed) w.reject(error);
      throw error;
    }
  }

  private async writeUnderLock(): Promise<FlushResult> {
    let pulled = 0;
    for (let attempt = 0; attempt <= MAX_CONFLICT_RETRIES; attempt++) {
      const stored = await this.persistence.readHead();
      if (!sameHead(stored, this.durableHead)) pulled += await this.rebase();
      this.commit();
      const batch = this.unflushed.slice();
      if (!batch.length) return { head: this.head, written: 0, pulled };
      const newHead: ChainHead = { length: batch[batch.length - 1]!.entry.seq + 1, hash: batch[batch.length - 1]!.entry.hash };
      try {
        await this.persistence.append(batch.map((u) => ({ seq: u.entry.seq, line: u.entry.line })), this.durableHead, newHead);
      } catch (err) {
        if (err instanceof AuditError && err.code === 'AUDIT_HEAD_CONFLICT') continue;
        throw err;
      }
      // INVARIANT: entries sealed while the append was in flight follow `batch` and stay queued.
      this.unflushed.splice(0, batch.length);
      this.durableHead = newHead;
      this.durableOwn += batch.length;
      this.sinceSnapshot += batch.length;
      this.settleWaiters();
      return { head: newHead, written: batch.length, pulled };
    }
    throw new AuditError('AUDIT_HEAD_CONFLICT', `gave up after ${MAX_CONFLICT_RETRIES} concurrent writes by other writers`);
  }

  /** Another writer moved the head: take its entries, then re-seal ours after them. */
  private async rebase(): Promise<number> {
    const from = this.durableHead?.length ?? this.anchor?.seq ?? 0;
    const foreign = await this.persistence.readFrom(from);
    const storedHead = await this.persistence.readHead();
    // From here on synchronous: no commit can interleave while the chain is rebuilt.
    const ownEvents = this.unflushed.map((u) => u.event);
    this.store.deleteFrom(from);
    this.store.insert(foreign);
    const last = foreign[foreign.length - 1];
    this.durableHead = (last && headOfLine(last)) ?? storedHead;
    this.head = this.durableHead ?? GENESIS;
    const sealed = this.seal(ownEvents);
    this.store.insert(sealed.map((u) => ({ ...u.entry, event: u.event })));
    this.unflushed = sealed;
    return foreign.length;
  }

  private settleWaiters(): void {
    if (!this.waiters.length) return;
    const keep: Waiter[] = [];
    for (const w of this.waiters) (w.ticket <= this.durableOwn ? w.resolve() : keep.push(w));
    this.waiters = keep;
  }

  private async afterFlush(): Promise<void> {
    await this.applyRetention();
    const every = this.options.compactEvery ?? 10_000;
    // A snapshot costs the size of the log, so the interval grows with it (a quarter of the log):
    // amortized, compaction stays a constant cost per entry.
    const due = Math.max(every, Math.floor((this.durableHead?.length ?? 0) / 4));
    if (every > 0 && this.sinceSnapshot >= due && !this.unflushed.length && this.durableHead) {
      // Only durable rows are in the store at this instant (unflushed is empty), so the
      // snapshot never holds a provisional entry.
      const lastSeq = this.durableHead.length - 1;
      const bytes = this.store.snapshot();
      this.sinceSnapshot = 0;
      await this.persistence.saveSnapshot(bytes, lastSeq);
    }
  }

  private async applyRetention(): Promise<void> {
    const r = this.options.retention;
    if (!r || !this.durableHead) return;
    let cut = 0;
    if (r.maxEntries !== undefined && this.head.length - r.maxEntries > cut) cut = this.head.length - r.maxEntries;
    if (r.maxAgeMs !== undefined) {
      const since = this.store.firstSeqSince(this.clock() - r.maxAgeMs);
      cut = Math.max(cut, since ?? this.durableHead.length);
    }
    // Only durable entries are ever dropped, and the anchor keeps the trimmed chain verifiable.
    cut = Math.min(cut, this.durableHead.length);
    const first = this.store.firstSeq();
    if (first === null || cut <= first) return;
    const line = this.store.lineAt(cut);
    let previousHash: unknown;
    try { previousHash = parseEntryLine(line ?? '')['previous_hash']; } catch { /* kept below */ }
    if (typeof previousHash !== 'string') return;
    const anchor = this.anchorAt(cut, previousHash);
    this.store.deleteBefore(cut);
    this.anchor = anchor;
    await this.persistence.prune(anchor);
  }

  /** The anchor of a chain that starts at `seq`; keyed, with the MAC that only the key holder can write. */
  private anchorAt(seq: number, previousHash: string): ChainAnchor {
    return this.key ? { seq, previousHash, mac: anchorMac(this.key, seq, previousHash, this.hasher) } : { seq, previousHash };
  }

  private scheduleCommit(): void {
    if (this.commitTimer !== undefined) return;
    this.commitTimer = setTimeout(() => { this.commitTimer = undefined; this.safely(() => this.commit()); }, 0);
  }

  private scheduleFlush(delay?: number): void {
    const max = this.options.maxUnflushed ?? 5_000;
    const ms = delay ?? (this.unflushed.length >= max ? 0 : this.options.flushDelayMs ?? 25);
    if (this.flushTimer !== undefined) {
      if (ms > 0) return;
      clearTimeout(this.flushTimer);
    }
    this.flushTimer = setTimeout(() => {
      this.flushTimer = undefined;
      this.flush().catch((err) => {
        this.options.onError?.(asAuditError(err));
        if (!this.closed) this.scheduleFlush(1000);
      });
    }, ms);
  }

  private safely(fn: () => void): void {
    try { fn(); } catch (err) { this.options.onError?.(asAuditError(err)); }
  }

  /** Entries matching `filter` (reads are preceded by a flush, so they see other writers too). */
  async query(filter?: AuditFilter): Promise<AuditEntry[]> {
    await this.sync();
    return this.store.query(filter);
  }

  /** The whole log as JSONL: one entry per line, chain fields included, a newline after each. */
  async export(): Promise<string> {
    await this.sync();
    const lines = this.store.lines();
    return lines.length ? lines.join('\n') + '\n' : '';
  }

  async stats(): Promise<AuditStats> {
    await this.sync();
    return this.store.stats();
  }

  /** Where the chain ends now (after a flush). Keep it elsewhere to detect truncation later. */
  async currentHead(): Promise<ChainHead> {
    await this.sync();
    return { ...this.head };
  }

  /** Recompute the whole chain as stored; report the first broken entry. */
  async verify(): Promise<AuditVerifyResult> {
    await this.sync();
    const lines = this.store.lines();
    // A log that does not start at genesis must have an anchor naming its first entry (and, keyed,
    // with a valid MAC); the result's `start` says where it starts and what that rests on.
    const result: AuditVerifyResult = verifyLines(lines, { key: this.key, hasher: this.hasher, head: this.head, ...(this.anchor ? { anchor: this.anchor } : {}) });
    if (this.warnings.length) result.warnings = [...this.warnings];
    return result;
  }

  /**
   * Load an exported JSONL log into this (empty) log, after verifying it; nothing is stored if
   * verification fails.
   */
  async import(jsonl: string, options: { allowTrimmedStart?: boolean } = {}): Promise<VerifyResult> {
    await this.sync();
    if (this.head.length !== 0 || this.store.count() !== 0) {
      throw new AuditError('AUDIT_BAD_ARGUMENT', `entries can only be imported into an empty log; this one ${this.store.count() ? `holds ${this.store.count()} entries` : `starts at entry ${this.head.length}`}`);
    }
    const { lines, cutShort } = splitJsonl(jsonl);
    const result = verifyLines(lines, { key: this.key, hasher: this.hasher, allowTrimmedStart: options.allowTrimmedStart }, cutShort);
    if (!result.valid) return result;
    const firstSeq = result.head!.length - lines.length;
    const persisted = lines.map((line, i) => ({ seq: firstSeq + i, line }));
    // A chain that starts after genesis is stored as retention leaves one: with an anchor saying
    // where it starts. It goes first, since a persistence may number its lines from the anchor
    // (FilePersistence does: without it the lines came back numbered from 0).
    const anchor = firstSeq > 0 ? this.anchorAt(firstSeq, parseEntryLine(lines[0]!)['previous_hash'] as string) : undefined;
    await this.locks.withLock(this.lockName, async () => {
      if (anchor) {
        await this.persistence.prune(anchor);
        // Should the lines fail to follow, this log is what reopening it would show: empty,
        // starting at the anchor.
        this.anchor = anchor;
        this.head = { length: anchor.seq, hash: anchor.previousHash };
      }
      await this.persistence.append(persisted, this.durableHead, result.head!);
    });
    this.store.insert(persisted);
    this.head = result.head!;
    this.durableHead = result.head!;
    return result;
  }

  /** Flush (when there is anything to flush) and catch up with other writers. */
  private async sync(): Promise<void> {
    if (this.closed) throw closedError();
    this.commit();
    if (this.unflushed.length || this.persistence.shared) await this.flush();
  }

  /** Flush, then release the database. */
  async close(): Promise<void> {
    if (this.closed) return;
    try {
      await this.flush();
    } finally {
      this.closed = true;
      if (this.flushTimer !== undefined) clearTimeout(this.flushTimer);
      if (this.commitTimer !== undefined) clearTimeout(this.commitTimer);
      this.store.close();
      await this.persistence.close();
    }
  }
}
