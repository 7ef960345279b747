/**
 * In-memory persistence: durable only as long as the realm that holds it. Useful for tests (two
 * logs sharing one instance behave like two tabs sharing one IndexedDB) and for hosts that keep
 * the audit elsewhere.
 */
import type { ChainHead } from '../audit/chain.ts';
import { AuditError } from '../audit/errors.ts';
import { sameHead, type AuditPersistence, type ChainAnchor, type PersistedLine, type PersistedState } from './persistence.ts';

export class MemoryPersistence implements AuditPersistence {
  readonly kind = 'memory';
  readonly shared = true;
  /** Entry lines by sequence number (exposed for tests that corrupt records). */
  readonly records = new Map<number, PersistedLine>();
  head: ChainHead | null = null;
  snapshot: { bytes: Uint8Array; lastSeq: number } | undefined;
  anchor: ChainAnchor | undefined;
  /** Number of `append` calls and lines written, to check that flushes are incremental. */
  readonly writes = { appends: 0, lines: 0 };

  async load(): Promise<PersistedState> {
    const from = this.snapshot ? this.snapshot.lastSeq + 1 : 0;
    const state: PersistedState = { head: this.head, lines: await this.readFrom(from) };
    if (this.snapshot) state.snapshot = { bytes: this.snapshot.bytes.slice(), lastSeq: this.snapshot.lastSeq };
    if (this.anchor) state.anchor = { ...this.anchor };
    return state;
  }

  async readHead(): Promise<ChainHead | null> {
    return this.head ? { ...this.head } : null;
  }

  async readFrom(from: number): Promise<PersistedLine[]> {
    return [...this.records.values()].filter((r) => r.seq >= from).sort((a, b) => a.seq - b.seq);
  }

  async append(lines: readonly PersistedLine[], expected: ChainHead | null, head: ChainHead): Promise<void> {
    if (!sameHead(this.head, expected)) throw new AuditError('AUDIT_HEAD_CONFLICT', 'another writer extended the log first');
    for (const l of lines) this.records.set(l.seq, { seq: l.seq, line: l.line });
    this.head = { ...head };
    this.writes.appends++;
    this.writes.lines += lines.length;
  }

  async saveSnapshot(bytes: Uint8Array, lastSeq: number): Promise<void> {
    this.snapshot = { bytes: bytes.slice(), lastSeq };
  }

  async prune(anchor: ChainAnchor): Promise<void> {
    for (const seq of this.records.keys()) if (seq < anchor.seq) this.records.delete(seq);
    this.anchor = { ...anchor };
  }

  async close(): Promise<void> {}
}
