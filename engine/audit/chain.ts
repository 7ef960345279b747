/**
 * The hash chain. Each entry is an AGEF event plus `previous_hash`, `entry_hash` and, when the
 * log is keyed, `mac`:
 *
 *   entry_hash = SHA-256( ENTRY_DOMAIN ‖ previous_hash ‖ canonicalJson(entry without previous_hash, entry_hash, mac) )
 *   mac        = HMAC-SHA-256( key, MAC_DOMAIN ‖ entry_hash )
 *   anchor mac = HMAC-SHA-256( key, ANCHOR_DOMAIN ‖ seq ‖ "\n" ‖ previous_hash )   (a keyed log trimmed or imported after genesis)
 *
 * The domain strings keep these hashes from ever colliding with another use of SHA-256 over the
 * same bytes (the RFC 6962 leaf/node-prefix idea). The first entry links to 64 zeros. Without a
 * key anyone can rewrite history and recompute every hash; with a key, rewriting needs the key.
 */
import type { Hasher } from '../platform/hash.ts';
import { defaultHasher } from '../platform/hash.ts';
import { canonicalJson, canonicalJsonWithout } from './canonical-json.ts';
import type { AgefEvent } from './event.ts';

export const ENTRY_DOMAIN = 'aegis/audit-entry/v1\n';
export const MAC_DOMAIN = 'aegis/audit-mac/v1\n';
export const ANCHOR_DOMAIN = 'aegis/audit-anchor/v1\n';
/** Members that are the chain itself, not hashed as part of the entry's content. */
export const CHAIN_FIELDS = ['previous_hash', 'entry_hash', 'mac'] as const;
export const GENESIS_HASH = '0'.repeat(64);

/** An audit entry as exported: the event, its place in the chain and its hashes. */
export interface AuditEntry extends AgefEvent {
  evidence: NonNullable<AgefEvent['evidence']> & { sequence_number: number };
  previous_hash: string;
  entry_hash: string;
  mac?: string;
}

/** Where the chain ends: the number of entries and the hash of the last one (genesis: 0, zeros). */
export interface ChainHead {
  length: number;
  hash: string;
}

export const GENESIS: ChainHead = Object.freeze({ length: 0, hash: GENESIS_HASH });

export interface ChainKeying {
  hasher?: Hasher;
  /** HMAC key: when set, every entry carries a `mac` that only the key holder can produce. */
  key?: Uint8Array;
}

/** One entry sealed into the chain: its sequence number, its exported line and its hash. */
export interface SealedEntry {
  seq: number;
  hash: string;
  line: string;
}

/** Seal `event` as the next entry after `head`. Pure: the same event and head give the same line. */
export function sealEvent(event: AgefEvent, head: ChainHead, keying: ChainKeying = {}): SealedEntry {
  const hasher = keying.hasher ?? defaultHasher;
  // `sequence_number` first keeps the members sorted (canonicalization then skips sorting them).
  const evidence = { sequence_number: head.length, ...event.evidence };
  evidence.sequence_number = head.length;
  const body = { ...event, evidence };
  const canonical = canonicalJson(body);
  const hash = hasher.sha256Hex(ENTRY_DOMAIN + head.hash + canonical);
  // The line is the canonical body with the chain fields appended: valid JSON, and without its
  // chain fields its parse canonicalizes back to exactly the hashed bytes.
  let tail = `,"previous_hash":"${head.hash}","entry_hash":"${hash}"`;
  if (keying.key) tail += `,"mac":"${hasher.hmacHex(keying.key, MAC_DOMAIN + hash)}"`;
  return { seq: head.length, hash, line: canonical.slice(0, -1) + tail + '}' };
}

/** Seal events one after another; returns the entries and the new head. */
export function sealEvents(events: readonly AgefEvent[], head: ChainHead, keying: ChainKeying = {}): { entries: SealedEntry[]; head: ChainHead } {
  const entries: SealedEntry[] = new Array(events.length);
  let current = head;
  for (let i = 0; i < events.length; i++) {
    const sealed = sealEvent(events[i]!, current, keying);
    entries[i] = sealed;
    current = { length: sealed.seq + 1, hash: sealed.hash };
  }
  return { entries, head: current };
}

/**
 * The MAC of a keyed log's anchor (where the stored chain starts when it does not start at
 * genesis): only the key holder can say that entries before `seq` were removed on purpose.
 */
export function anchorMac(key: Uint8Array, seq: number, previousHash: string, hasher: Hasher = defaultHasher): string {
  return hasher.hmacHex(key, ANCHOR_DOMAIN + seq + '\n' + previousHash);
}

/** Recompute the hash an entry should have from its own content. */
export function recomputeHash(entry: Record<string, unknown>, hasher: Hasher = defaultHasher): string {
  return hasher.sha256Hex(ENTRY_DOMAIN + String(entry['previous_hash']) + canonicalJsonWithout(entry, CHAIN_FIELDS));
}
