/**
 * Chain verification over exported lines: every line must parse, hash to its `entry_hash`, link
 * to the entry before it, carry the next sequence number and, for a keyed log, a valid MAC. The
 * first failure is reported with its 0-based index and a code.
 */
import type { Hasher } from '../platform/hash.ts';
import { defaultHasher, keyBytes } from '../platform/hash.ts';
import type { ChainAnchor } from '../storage/persistence.ts';
import { anchorMac, ENTRY_DOMAIN, GENESIS_HASH, MAC_DOMAIN, recomputeHash, type ChainHead } from './chain.ts';
import { readSealedLine } from './sealed-line.ts';
import { describeDuplicate, findDuplicateKey } from './entry-line.ts';
import { AuditError, type AuditErrorCode } from './errors.ts';

export interface VerifyOptions {
  /** HMAC key of a keyed log: every entry must then carry a valid `mac`. */
  key?: string | Uint8Array | ArrayBuffer;
  /**
   * Accept a chain that starts after genesis with nothing to check its start against (an export
   * of a trimmed log: exports carry no anchor). The result's `start` then says so (`basis:
   * 'none'`). Default: the first entry must be genesis, or the one `anchor` names.
   */
  allowTrimmedStart?: boolean;
  /**
   * The stored anchor of a log that starts after genesis (retention, import): the first entry
   * must be exactly the one it names, and with `key` the anchor's MAC must be valid.
   */
  anchor?: ChainAnchor;
  /** The head the chain must end at (from `audit.head()`): detects entries cut from the end. */
  head?: ChainHead;
  hasher?: Hasher;
}

export interface VerifyResult {
  valid: boolean;
  /** Number of entries examined (lines of the export). */
  length: number;
  /** 0-based index of the first entry that fails, or `null`. */
  firstBrokenAt: number | null;
  /** Why it failed. */
  error?: { code: AuditErrorCode; message: string };
  /** The head of the verified prefix. */
  head?: ChainHead;
  /** Where a valid chain starts, and what that rests on: see `describeStart`. */
  start?: ChainStart;
}

/**
 * The start of a verified chain. `genesis`: it starts at entry 0 and nothing is missing before
 * it. Otherwise entries 0 to `sequence` − 1 are not present, and only this says the chain is meant
 * to start where it does: `anchor`, the stored anchor, which matches the first entry but which
 * anyone able to write the store could have written along with deleting entries; `keyed-anchor`,
 * an anchor with a valid MAC, written by the key holder (retention or an import); `none`, nothing
 * at all (the caller allowed a trimmed start: an export, which carries no anchor).
 */
export interface ChainStart {
  sequence: number;
  basis: 'genesis' | 'anchor' | 'keyed-anchor' | 'none';
}

/** `entry 4 is` or `entries 4 to 9 are`. */
function entries(from: number, to: number): string {
  return from === to ? `entry ${from} is` : `entries ${from} to ${to} are`;
}

/** The start of a chain in words: where it starts, what is not present, and what says so. */
export function describeStart(start: ChainStart): string {
  if (start.basis === 'genesis') return 'the chain starts at the genesis entry: nothing is missing before it';
  const where = `the chain starts at entry ${start.sequence}: ${entries(0, start.sequence - 1)} not present`;
  switch (start.basis) {
    case 'anchor':
      return `${where}; that the log was trimmed there rests only on its anchor, which anyone able to write the log could have written`;
    case 'keyed-anchor':
      return `${where}; the anchor that says the log starts there carries a valid MAC, so the key holder trimmed or imported it there`;
    case 'none':
      return `${where}, and nothing records that they were removed on purpose (an export carries no anchor)`;
  }
}

const HEX64 = /^[0-9a-f]{64}$/;

/** Verify a sequence of entry lines. `cutShort` says the text ended mid-line (no final newline). */
export function verifyLines(lines: readonly string[], options: VerifyOptions = {}, cutShort = false): VerifyResult {
  const hasher = options.hasher ?? defaultHasher;
  const key = options.key === undefined ? undefined : keyBytes(options.key);
  // An anchor at entry 0 marks no trim: the chain must then start at genesis.
  const anchor = options.anchor && options.anchor.seq > 0 ? options.anchor : undefined;
  let previous: string | undefined;
  let firstSeq = 0;
  let start: ChainStart = { sequence: 0, basis: 'genesis' };
  const fail = (index: number, code: AuditErrorCode, message: string): VerifyResult => ({
    valid: false, length: lines.length, firstBrokenAt: index, error: { code, message },
    head: index > 0 && previous !== undefined ? { length: firstSeq + index, hash: previous } : undefined,
  });

  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    // A line as the log writes it is read in one pass; any other line takes the general path.
    const sealed = readSealedLine(line);
    let entry: Record<string, unknown> | undefined;
    let hash: unknown, prev: unknown, seq: unknown;
    if (sealed) {
      hash = sealed.entryHash;
      prev = sealed.previousHash;
      seq = sealed.sequenceNumber;
    } else {
      try {
        const parsed: unknown = JSON.parse(line);
        if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not an object');
        entry = parsed as Record<string, unknown>;
      } catch {
        const last = i === lines.length - 1;
        return last && cutShort
          ? fail(i, 'AUDIT_TRUNCATED', `entry ${i} is cut off: the export ends in the middle of a line`)
          : fail(i, 'AUDIT_LINE_INVALID', `entry ${i} is not a JSON object`);
      }
      // The hash covers the parse, which keeps only the last of repeated members: a line that
      // repeats one says two things, so it is refused (the sealed form never repeats a member).
      const dup = findDuplicateKey(line);
      if (dup) return fail(i, 'AUDIT_LINE_INVALID', `entry ${i} ${describeDuplicate(dup)}`);
      hash = entry['entry_hash'];
      prev = entry['previous_hash'];
      seq = (entry['evidence'] as { sequence_number?: unknown } | undefined)?.sequence_number;
    }
    if (typeof hash !== 'string' || !HEX64.test(hash) || typeof prev !== 'string' || !HEX64.test(prev) || typeof seq !== 'number' || !Number.isSafeInteger(seq) || seq < 0) {
      return fail(i, 'AUDIT_LINE_INVALID', `entry ${i} lacks its chain fields (entry_hash, previous_hash, evidence.sequence_number)`);
    }
    if (i === 0) {
      const started = checkStart(seq, prev, anchor, options.allowTrimmedStart === true, key, hasher);
      if ('code' in started) return fail(0, started.code, started.message);
      start = started;
      firstSeq = seq;
    } else if (prev !== previous) {
      return fail(i, 'AUDIT_LINK_BROKEN', `entry ${i} does not link to entry ${i - 1}: an entry was removed, inserted or reordered`);
    }
    if (seq !== firstSeq + i) {
      return fail(i, 'AUDIT_SEQUENCE_GAP', `entry ${i} has sequence number ${seq}, expected ${firstSeq + i}`);
    }
    let expected: string;
    try {
      expected = sealed ? hasher.sha256Hex(ENTRY_DOMAIN + prev + sealed.body) : recomputeHash(entry!, hasher);
    } catch (err) {
      return fail(i, 'AUDIT_LINE_INVALID', `entry ${i} cannot be canonicalized: ${(err as Error).message}`);
    }
    if (expected !== hash) return fail(i, 'AUDIT_HASH_MISMATCH', `entry ${i} was modified: its content does not hash to its entry_hash`);
    if (key) {
      const mac = sealed ? sealed.mac : entry!['mac'];
      if (typeof mac !== 'string' || mac !== hasher.hmacHex(key, MAC_DOMAIN + hash)) {
        return fail(i, 'AUDIT_MAC_INVALID', `entry ${i} has ${typeof mac === 'string' ? 'a wrong' : 'no'} MAC: it was not written by the key holder`);
      }
    }
    previous = hash;
  }
  let head: ChainHead = lines.length ? { length: firstSeq + lines.length, hash: previous! } : { length: 0, hash: GENESIS_HASH };
  if (!lines.length && anchor) {
    // An anchor with no entry after it (an import whose lines were never stored): an empty chain that starts there.
    const started = checkStart(anchor.seq, anchor.previousHash, anchor, false, key, hasher);
    if ('code' in started) return fail(0, started.code, started.message);
    start = started;
    head = { length: anchor.seq, hash: anchor.previousHash };
  }
  if (options.head && (options.head.length !== head.length || options.head.hash !== head.hash)) {
    if (options.head.length > head.length) {
      return { ...fail(lines.length, 'AUDIT_TRUNCATED', `the chain ends after ${head.length} entries but its head says ${options.head.length}: entries were cut from the end`), head };
    }
    return { ...fail(Math.max(0, lines.length - 1), 'AUDIT_LINK_BROKEN', 'the chain does not end at the expected head'), head };
  }
  return { valid: true, length: lines.length, firstBrokenAt: null, head, start };
}

/** Where the first entry (sequence `seq`, linking to `prev`) starts the chain, or why it may not. */
function checkStart(seq: number, prev: string, anchor: ChainAnchor | undefined, allowTrimmed: boolean, key: Uint8Array | undefined, hasher: Hasher):
  ChainStart | { code: AuditErrorCode; message: string } {
  if (anchor) {
    if (seq !== anchor.seq || prev !== anchor.previousHash) {
      return {
        code: 'AUDIT_GENESIS_MISSING',
        message: seq > anchor.seq
          ? `the chain starts at sequence ${seq}, but its anchor says it starts at ${anchor.seq}: ${entries(anchor.seq, seq - 1)} missing`
          : `the first entry (sequence ${seq}) is not the one the log's anchor names (sequence ${anchor.seq}): the anchor or the start of the log was changed`,
      };
    }
    if (!key) return { sequence: seq, basis: 'anchor' };
    if (anchor.mac !== anchorMac(key, anchor.seq, anchor.previousHash, hasher)) {
      return {
        code: 'AUDIT_MAC_INVALID',
        message: `the log starts at entry ${seq} and its anchor has ${anchor.mac === undefined ? 'no' : 'a wrong'} MAC: nothing shows that the key holder removed the entries before it`,
      };
    }
    return { sequence: seq, basis: 'keyed-anchor' };
  }
  if (seq === 0 && prev === GENESIS_HASH) return { sequence: 0, basis: 'genesis' };
  if (allowTrimmed) return { sequence: seq, basis: 'none' };
  return {
    code: 'AUDIT_GENESIS_MISSING',
    message: seq === 0
      ? 'the first entry has sequence 0 but does not link to the genesis hash'
      : `the chain starts at sequence ${seq}, not at the genesis entry, and no anchor records a trimmed start: ${entries(0, seq - 1)} missing`,
  };
}

/** Split JSONL into lines; a final newline is optional, blank lines are entries (and invalid). */
export function splitJsonl(jsonl: string): { lines: string[]; cutShort: boolean } {
  if (jsonl === '') return { lines: [], cutShort: false };
  const endsWithNewline = jsonl.endsWith('\n');
  const lines = (endsWithNewline ? jsonl.slice(0, -1) : jsonl).split('\n');
  return { lines: lines.map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l)), cutShort: !endsWithNewline };
}

/**
 * Verify an exported JSONL audit log (`engine.audit.export()`). Never throws on bad input: every
 * problem is a result with `valid: false`, the index of the first bad entry and a code.
 *
 * @example
 * const { valid, firstBrokenAt } = await verifyChain(await engine.audit.export());
 */
export async function verifyChain(jsonl: string, options: VerifyOptions = {}): Promise<VerifyResult> {
  if (typeof jsonl !== 'string') throw new AuditError('AUDIT_BAD_ARGUMENT', 'verifyChain expects the JSONL text of an export');
  const { lines, cutShort } = splitJsonl(jsonl);
  return verifyLines(lines, options, cutShort);
}
