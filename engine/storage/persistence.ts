/**
 * The persistence port of the audit log. The log keeps its working copy in sql.js; a persistence
 * makes it durable. Writes are incremental: `append` stores only new entry lines and moves the
 * head, with a compare-and-set on the head so two writers can never both extend the same head
 * (no fork). A snapshot of the database is an accelerator for reopening, never the only copy.
 */
import type { ChainHead } from '../audit/chain.ts';

/** One stored entry: its sequence number and its exported JSON line. */
export interface PersistedLine {
  seq: number;
  line: string;
}

/**
 * Where a log that does not start at genesis starts: the first entry kept by retention, or the
 * first entry of an imported export that started later. Verification requires the first stored
 * entry to be exactly this one. It cannot tell whether the entries before it were removed on
 * purpose: anyone able to write the store can delete entries and write a matching anchor. Only a
 * keyed log's anchor carries a MAC, which needs the key.
 */
export interface ChainAnchor {
  seq: number;
  /** The `previous_hash` of entry `seq`. */
  previousHash: string;
  /** Keyed logs: HMAC over the anchor (`anchorMac`), written by the key holder. */
  mac?: string;
}

export interface PersistedState {
  /** The durable head, or `null` for a log never written. */
  head: ChainHead | null;
  /** The latest snapshot: database bytes holding every entry up to `lastSeq` (inclusive). */
  snapshot?: { bytes: Uint8Array; lastSeq: number };
  /** Entries after the snapshot (all entries when there is none), in sequence order. */
  lines: PersistedLine[];
  anchor?: ChainAnchor;
}

export interface AuditPersistence {
  /** For messages and tests: `memory`, `indexeddb`, `file`. */
  readonly kind: string;
  /** True when other writers (tabs, processes) may append to the same log concurrently. */
  readonly shared: boolean;
  load(): Promise<PersistedState>;
  /** The durable head as stored now. */
  readHead(): Promise<ChainHead | null>;
  /** Stored entries with sequence ≥ `from`, in order (entries another writer appended). */
  readFrom(from: number): Promise<PersistedLine[]>;
  /**
   * Store `lines` and move the head to `head` in one atomic step, only if the stored head is
   * still `expected`; otherwise nothing is written and an `AuditError` with code
   * `AUDIT_HEAD_CONFLICT` is thrown. Resolves once the write is durable.
   */
  append(lines: readonly PersistedLine[], expected: ChainHead | null, head: ChainHead): Promise<void>;
  /** Store a snapshot of the database holding every entry up to `lastSeq`. */
  saveSnapshot(bytes: Uint8Array, lastSeq: number): Promise<void>;
  /** Retention: forget entries before `anchor.seq` and remember the anchor. */
  prune(anchor: ChainAnchor): Promise<void>;
  close(): Promise<void>;
}

const HEX64 = /^[0-9a-f]{64}$/;

/** `value` as an anchor, or undefined when it is not one (a stored record of another shape). */
export function asChainAnchor(value: unknown): ChainAnchor | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const { seq, previousHash, mac } = value as Record<string, unknown>;
  // Retention and import only ever anchor after entry 0.
  if (typeof seq !== 'number' || !Number.isSafeInteger(seq) || seq < 1 || typeof previousHash !== 'string' || !HEX64.test(previousHash)) return undefined;
  if (mac === undefined) return { seq, previousHash };
  return typeof mac === 'string' && HEX64.test(mac) ? { seq, previousHash, mac } : undefined;
}

export function sameHead(a: ChainHead | null | undefined, b: ChainHead | null | undefined): boolean {
  if (!a || !b) return !a === !b || (a?.length ?? 0) === 0 && (b?.length ?? 0) === 0;
  return a.length === b.length && a.hash === b.hash;
}
