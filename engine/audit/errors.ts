/**
 * Coded errors of the audit log. Codes are stable strings that travel across the worker boundary
 * as data; messages are for people.
 */

export type AuditErrorCode =
  /** A value in an entry has no faithful JSON form (bigint, NaN, a cycle). */
  | 'AUDIT_UNSERIALIZABLE'
  /** A line of an export is not a JSON object (cut, garbled), or names a member twice. */
  | 'AUDIT_LINE_INVALID'
  /** The export ends in the middle of a line, or before the head it should reach. */
  | 'AUDIT_TRUNCATED'
  /** An entry's content no longer hashes to its `entry_hash` (edited). */
  | 'AUDIT_HASH_MISMATCH'
  /** An entry's `previous_hash` is not the hash of the entry before it (deleted, reordered, inserted). */
  | 'AUDIT_LINK_BROKEN'
  /** Sequence numbers skip or repeat. */
  | 'AUDIT_SEQUENCE_GAP'
  /** The chain does not start at the genesis entry (sequence 0, previous hash of zeros), nor at the entry its anchor names. */
  | 'AUDIT_GENESIS_MISSING'
  /** A keyed chain's entry, or its anchor, has a missing or wrong MAC (forged or recomputed without the key). */
  | 'AUDIT_MAC_INVALID'
  /** A stored record could not be read back (corrupted IndexedDB record or file line). */
  | 'AUDIT_STORE_CORRUPT'
  /** Another writer moved the persisted head while this one was writing. */
  | 'AUDIT_HEAD_CONFLICT'
  /** Another live writer owns the log (a second process on the same directory). */
  | 'AUDIT_IN_USE'
  /** The persistence layer failed (quota, I/O, closed database). */
  | 'AUDIT_PERSIST_FAILED'
  /** The sql.js database could not be started (wasm not found or not loadable). */
  | 'AUDIT_SQL_INIT_FAILED'
  /** An invalid argument (filter, option). */
  | 'AUDIT_BAD_ARGUMENT'
  /** Fewer entries than were acknowledged as durable came back. */
  | 'AUDIT_LOST';

export class AuditError extends Error {
  override readonly name = 'AuditError';
  constructor(readonly code: AuditErrorCode, message: string, readonly index?: number) {
    super(message);
  }
}
