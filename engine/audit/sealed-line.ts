/**
 * Reads an exported entry line in the exact shape `sealEvent` writes it — the canonical body with
 * the chain fields appended — without parsing it into objects or writing it out again:
 *
 *   {<canonical members, sorted>,"previous_hash":"<64 hex>","entry_hash":"<64 hex>"[,"mac":"<64 hex>"]}
 *
 * One pass over the body checks that it is canonical JSON (RFC 8785 as `canonicalJson` writes it:
 * sorted unique keys, no whitespace, minimal escapes, shortest numbers) and picks out
 * `evidence.sequence_number`. A canonical body is, byte for byte, what re-canonicalizing its parse
 * would give, so its hash can be taken directly. Anything else — whitespace, escaped keys or
 * surrogates, another member order, a tail of another shape — returns null and the verifier takes
 * the general path (parse, canonicalize), which gives the same verdict with the same message.
 * Verification of a well-formed export thus costs one scan and one hash per line.
 */

export interface SealedLine {
  /** The canonical body: the line without its chain fields, closed with `}`. */
  body: string;
  previousHash: string;
  entryHash: string;
  mac: string | undefined;
  sequenceNumber: number;
}

const PREVIOUS = ',"previous_hash":"';
const ENTRY = '","entry_hash":"';
const MAC = '","mac":"';
/** Tail lengths without and with a MAC. */
const TAIL = PREVIOUS.length + 64 + ENTRY.length + 64 + 2;
const TAIL_WITH_MAC = TAIL + MAC.length + 64;
/** The general path reports over-deep values; the fast path leaves them to it. */
const MAX_DEPTH = 200;

/** The parts of a line written by `sealEvent`, or null when it is not in that exact form. */
export function readSealedLine(line: string): SealedLine | null {
  if (!line.endsWith('"}')) return null;
  let tailStart = line.length - TAIL_WITH_MAC;
  let mac: string | undefined;
  if (tailStart > 0 && line.startsWith(MAC, line.length - 2 - 64 - MAC.length) && isHex(line, line.length - 66)) {
    mac = line.slice(line.length - 66, line.length - 2);
  } else {
    tailStart = line.length - TAIL;
  }
  if (tailStart < 1 || !line.startsWith(PREVIOUS, tailStart)) return null;
  const previousAt = tailStart + PREVIOUS.length;
  const entryAt = previousAt + 64 + ENTRY.length;
  if (!isHex(line, previousAt) || !line.startsWith(ENTRY, previousAt + 64) || !isHex(line, entryAt)) return null;
  const scanner = new Scanner(line, tailStart);
  if (!scanner.topLevel() || scanner.sequence === undefined) return null;
  return {
    body: line.slice(0, tailStart) + '}',
    previousHash: line.slice(previousAt, previousAt + 64),
    entryHash: line.slice(entryAt, entryAt + 64),
    mac,
    sequenceNumber: scanner.sequence,
  };
}

/** 64 lower-case hex digits at `at`. */
function isHex(s: string, at: number): boolean {
  if (at < 0 || at + 64 > s.length) return false;
  for (let i = at; i < at + 64; i++) {
    const c = s.charCodeAt(i);
    if (!((c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66))) return false;
  }
  return true;
}

/** Compares the code units of s[a, aEnd) and s[b, bEnd): negative, zero or positive. */
function compareRanges(s: string, a: number, aEnd: number, b: number, bEnd: number): number {
  const n = Math.min(aEnd - a, bEnd - b);
  for (let k = 0; k < n; k++) {
    const d = s.charCodeAt(a + k) - s.charCodeAt(b + k);
    if (d !== 0) return d;
  }
  return aEnd - a - (bEnd - b);
}

const is = (s: string, from: number, to: number, word: string) => to - from === word.length && s.startsWith(word, from);

/**
 * A recursive-descent reader over s[0, end) — the body, whose closing `}` is the tail's first
 * character's place — that succeeds only on canonical JSON.
 */
class Scanner {
  private i = 0;
  /** Start and end of the member name `key()` read last. */
  private keyFrom = 0;
  private keyTo = 0;
  /** `evidence.sequence_number` of the top-level object, when it is a number. */
  sequence: number | undefined;

  constructor(private readonly s: string, private readonly end: number) {}

  /** The top-level object: canonical, and free of chain members; it ends where the tail begins. */
  topLevel(): boolean {
    const s = this.s;
    if (s.charCodeAt(0) !== 0x7b || s.charCodeAt(1) === 0x7d) return false;
    return this.members(true, (from, to) => {
      if (is(s, from, to, 'previous_hash') || is(s, from, to, 'entry_hash') || is(s, from, to, 'mac')) return false;
      return is(s, from, to, 'evidence') ? this.evidence() : this.value(1);
    });
  }

  /** The `evidence` member: an object whose `sequence_number`, if a number, is remembered. */
  private evidence(): boolean {
    const s = this.s;
    if (s.charCodeAt(this.i) !== 0x7b) return this.value(1);
    return this.members(false, (from, to) => {
      const start = this.i;
      if (!this.value(2)) return false;
      // A number token reads back to a number; any other value leaves `sequence` unset.
      if (is(s, from, to, 'sequence_number') && isNumberStart(s.charCodeAt(start))) this.sequence = Number(s.slice(start, this.i));
      return true;
    });
  }

  /**
   * The members of the object whose `{` is at the cursor: names strictly increasing (sorted,
   * unique), each value read by `member`. The top-level object has no `}`: it ends at `end`.
   */
  private members(topLevel: boolean, member: (from: number, to: number) => boolean): boolean {
    const s = this.s;
    this.i++;
    if (!topLevel && s.charCodeAt(this.i) === 0x7d) return ++this.i > 0;
    let prevFrom = -1;
    let prevTo = -1;
    for (;;) {
      if (!this.key()) return false;
      const from = this.keyFrom;
      const to = this.keyTo;
      if (prevFrom >= 0 && compareRanges(s, prevFrom, prevTo, from, to) >= 0) return false;
      prevFrom = from;
      prevTo = to;
      if (s.charCodeAt(this.i++) !== 0x3a || !member(from, to)) return false;
      if (topLevel && this.i === this.end) return true;
      const c = s.charCodeAt(this.i++);
      if (c === 0x7d && !topLevel) return true;
      if (c !== 0x2c) return false;
    }
  }

  /** A member name without escapes (escaped names are left to the general path). */
  private key(): boolean {
    const s = this.s;
    if (s.charCodeAt(this.i) !== 0x22) return false;
    const start = this.i + 1;
    let j = start;
    for (;;) {
      if (j >= this.end) return false;
      const c = s.charCodeAt(j);
      if (c < 0x20 || c === 0x5c) return false;
      if (c === 0x22) break;
      if (c >= 0xd800 && c <= 0xdfff) {
        // Raw surrogates only in pairs (a lone one is written escaped, which the general path reads).
        if (!isSurrogatePair(s, j)) return false;
        j++;
      }
      j++;
    }
    this.keyFrom = start;
    this.keyTo = j;
    this.i = j + 1;
    return true;
  }

  private value(depth: number): boolean {
    if (depth > MAX_DEPTH || this.i >= this.end) return false;
    const s = this.s;
    const c = s.charCodeAt(this.i);
    if (c === 0x22) return this.string();
    if (c === 0x7b) return this.members(false, () => this.value(depth + 1));
    if (c === 0x5b) {
      this.i++;
      if (s.charCodeAt(this.i) === 0x5d) return ++this.i > 0;
      for (;;) {
        if (!this.value(depth + 1)) return false;
        const d = s.charCodeAt(this.i++);
        if (d === 0x5d) return true;
        if (d !== 0x2c) return false;
      }
    }
    if (c === 0x74) return this.literal('true');
    if (c === 0x66) return this.literal('false');
    if (c === 0x6e) return this.literal('null');
    if (isNumberStart(c)) return this.number();
    return false;
  }

  private literal(word: string): boolean {
    if (this.i + word.length > this.end || !this.s.startsWith(word, this.i)) return false;
    this.i += word.length;
    return true;
  }

  /** A number exactly as ECMAScript's shortest round-trip form spells it. */
  private number(): boolean {
    const s = this.s;
    const start = this.i;
    let j = start;
    let plainDigits = true;
    for (; j < this.end; j++) {
      const c = s.charCodeAt(j);
      if (c >= 0x30 && c <= 0x39) continue;
      // - + . e E
      if (c === 0x2d || c === 0x2b || c === 0x2e || c === 0x65 || c === 0x45) plainDigits = false;
      else break;
    }
    // Small non-negative integers (the common case) are canonical without leading zeros.
    if (plainDigits && j - start <= 15) {
      if (s.charCodeAt(start) === 0x30 && j - start > 1) return false;
    } else {
      const token = s.slice(start, j);
      const n = Number(token);
      if (!Number.isFinite(n) || JSON.stringify(n) !== token) return false;
    }
    this.i = j;
    return true;
  }

  /** A string with only the escapes `JSON.stringify` writes; surrogates must come in pairs. */
  private string(): boolean {
    const s = this.s;
    let j = this.i + 1;
    for (;;) {
      if (j >= this.end) return false;
      const c = s.charCodeAt(j);
      if (c < 0x20) return false;
      if (c === 0x22) break;
      if (c === 0x5c) {
        const e = s.charCodeAt(j + 1);
        // \" \\ \b \f \n \r \t
        if (e === 0x22 || e === 0x5c || e === 0x62 || e === 0x66 || e === 0x6e || e === 0x72 || e === 0x74) {
          j += 2;
          continue;
        }
        // \u00XX, lower-case hex, only for controls that have no short form.
        if (e !== 0x75 || s.charCodeAt(j + 2) !== 0x30 || s.charCodeAt(j + 3) !== 0x30) return false;
        const hi = s.charCodeAt(j + 4);
        const lo = s.charCodeAt(j + 5);
        if (hi !== 0x30 && hi !== 0x31) return false;
        const low = lo >= 0x30 && lo <= 0x39 ? lo - 0x30 : lo >= 0x61 && lo <= 0x66 ? lo - 0x57 : -1;
        if (low < 0) return false;
        const code = (hi - 0x30) * 16 + low;
        if (code === 0x08 || code === 0x09 || code === 0x0a || code === 0x0c || code === 0x0d) return false;
        j += 6;
        continue;
      }
      if (c >= 0xd800 && c <= 0xdfff) {
        // Raw surrogates only in pairs (a lone one is written escaped, which the general path reads).
        if (!isSurrogatePair(s, j)) return false;
        j++;
      }
      j++;
    }
    this.i = j + 1;
    return true;
  }
}

function isSurrogatePair(s: string, at: number): boolean {
  const hi = s.charCodeAt(at);
  const lo = s.charCodeAt(at + 1);
  return hi >= 0xd800 && hi <= 0xdbff && lo >= 0xdc00 && lo <= 0xdfff;
}

function isNumberStart(c: number): boolean {
  return c === 0x2d || (c >= 0x30 && c <= 0x39);
}
