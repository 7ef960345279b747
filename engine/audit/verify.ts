/**
 * Chain verification over exported lines: every line must parse, hash to its `entry_hash`, link
 * to the entry before it, carry the next sequence number and, for a keyed log, a valid MAC. The
 * first failure is reported with its 0-based index and a code.
 */
import type { Hasher } from '../platform/hash.ts';
import { defaultHasher, keyBytes } from '../platform/hash.ts';
import { ENTRY_DOMAIN, GENESIS_HASH, MAC_DOMAIN, recomputeHash, type ChainHead } from './chain.ts';
import { readSealedLine } from './sealed-line.ts';
import { describeDuplicate, findDuplicateKey } from './entry-line.ts';
import { AuditError, type AuditErrorCode } from './errors.ts';

export interface VerifyOptions {
  /** HMAC key of a keyed log: every entry must then carry a valid `mac`. */
  key?: string | Uint8Array | ArrayBuffer;
  /**
   * Accept a chain that starts after genesis (a log trimmed by retention): the first entry's
   * `previous_hash` is then trusted as the anchor. Default: the first entry must be genesis.
   */
  allowTrimmedStart?: boolean;
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
}

const HEX64 = /^[0-9a-f]{64}$/;

/** Verify a sequence of entry lines. `cutShort` says the text ended mid-line (no final newline). */
export function verifyLines(lines: readonly string[], options: VerifyOptions = {}, cutShort = false): VerifyResult {
  const hasher = options.hasher ?? defaultHasher;
  const key = options.key === undefined ? undefined : keyBytes(options.key);
  let previous: string | undefined;
  let firstSeq = 0;
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
    if (typeof hash !== 'string' || !HEX64.test(hash) || typeof prev !== 'string' || !HEX64.test(prev) || typeof seq !== 'number') {
      return fail(i, 'AUDIT_LINE_INVALID', `entry ${i} lacks its chain fields (entry_hash, previous_hash, evidence.sequence_number)`);
    }
    if (i === 0) {
      if (!options.allowTrimmedStart && (seq !== 0 || prev !== GENESIS_HASH)) {
        return fail(0, 'AUDIT_GENESIS_MISSING', `the chain starts at sequence ${seq}, not at the genesis entry: earlier entries are missing`);
      }
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
  const head: ChainHead = lines.length ? { length: firstSeq + lines.length, hash: previous! } : { length: 0, hash: GENESIS_HASH };
  if (options.head && (options.head.length !== head.length || options.head.hash !== head.hash)) {
    if (options.head.length > head.length) {
      return { ...fail(lines.length, 'AUDIT_TRUNCATED', `the chain ends after ${head.length} entries but its head says ${options.head.length}: entries were cut from the end`), head };
    }
    return { ...fail(Math.max(0, lines.length - 1), 'AUDIT_LINK_BROKEN', 'the chain does not end at the expected head'), head };
  }
  return { valid: true, length: lines.length, firstBrokenAt: null, head };
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
