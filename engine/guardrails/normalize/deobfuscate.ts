/**
 * The de-obfuscated view, derived from the folded view: letters spelled out with single
 * separators ("i g n o r e", "k.i.l.l") are joined, and leetspeak inside words is read as
 * letters ("1gn0r3" → "ignore", "k1ll" → "kill"). Returns null when there is nothing to undo,
 * so clean text is matched once.
 */
import { DerivedView, type TextView, ViewBuilder } from './text-view.ts';
import { isAsciiDigit as isDigit } from './unit-class.ts';

// Four or more single letters/digits each followed by one separator; each repetition consumes
// exactly two units and a match may only start where no run is going on, so it stays linear.
// Anchored (sticky): `spacedMatches` tries it only at candidate starts.
const SPACED = /(?<![\p{L}\p{N}]|[\p{L}\p{N}][ .\-_*·|/+,~])(?:[\p{L}\p{N}][ .\-_*·|/+,~]){3,}[\p{L}\p{N}](?![\p{L}\p{N}])/uy;
const LEET_HINT = /[a-z][0134578@$]|[0134578@$][a-z]/;
const LEET: Record<string, string> = { '0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't', '8': 'b', '@': 'a', $: 's' };

// Views never hold lone surrogates (normalization replaces them), so UTF-16 decoding is exact.
const utf16 = new TextDecoder('utf-16le');
/** Longest text rebuilt with one String.fromCharCode call. */
const SHORT = 256;
// Per ASCII unit: the letter a leet substitute stands for, LETTER for a-z, DIGIT for the
// other digits, 0 outside tokens; tokens are the maximal runs of non-zero units.
const LETTER = 1;
const DIGIT = 2;
const TOKEN_UNIT = new Uint8Array(128);
for (let c = 97; c <= 122; c++) TOKEN_UNIT[c] = LETTER;
for (let c = 48; c <= 57; c++) TOKEN_UNIT[c] = DIGIT;
for (const [ch, letter] of Object.entries(LEET)) TOKEN_UNIT[ch.charCodeAt(0)] = letter.charCodeAt(0);

const SUBSTITUTE = /[0134578@$]/g;
const isTokenUnit = (c: number): boolean => c < 128 && TOKEN_UNIT[c] !== 0;

/** Longer runs are keys, hashes and encoded data, not words. */
const MAX_LEET_TOKEN = 16;
const DOT = 46;

/** A token joined by dots to letters on either side (`ann.lee@example.com`, `v2.api`) is a name. */
function dottedName(text: string, start: number, end: number): boolean {
  const after = text.charCodeAt(end + 1);
  const before = text.charCodeAt(start - 2);
  return (text.charCodeAt(end) === DOT && after >= 97 && after <= 122) || (text.charCodeAt(start - 1) === DOT && before >= 97 && before <= 122);
}

const BACKSLASH = 92;

/**
 * Whether the token [start, end) is a number or a name rather than a word: it holds three digits
 * in a row (`rfc8259`, `h264`, `ipv4`-style codes and years), starts with two digits (a quantity
 * with its unit: `12gb`, `60fps`, `150mb`, `10th`), is an ordinal (`1st`, `3rd`), or follows a
 * backslash (an escape or a TeX command: `\lambda$`). Leetspeak swaps single letters inside
 * words; none of these reads as one, and each cost real technical text a second pass of every
 * rule (in 10 KB of Korean coding prompts `12gb`, `rfc8259`, `$\lambda$` and `$\omega$` were the
 * only "leet" tokens: ~23 µs/KB).
 */
function numberLike(text: string, start: number, end: number): boolean {
  if (text.charCodeAt(start - 1) === BACKSLASH) return true;
  let run = 0;
  for (let k = start; k < end; k++) {
    run = isDigit(text.charCodeAt(k)) ? run + 1 : 0;
    if (run === 3) return true;
  }
  if (isDigit(text.charCodeAt(start)) && isDigit(text.charCodeAt(start + 1))) return true;
  if (end - start !== 3 || !isDigit(text.charCodeAt(start))) return false;
  const suffix = text.slice(start + 1, end);
  return suffix === 'st' || suffix === 'nd' || suffix === 'rd' || suffix === 'th';
}

/**
 * `text` with leetspeak read inside tokens (runs of a-z, digits, `@`, `$`) that have at least two
 * real letters and one substitute, and not more substitutes than letters plus one (so
 * number-ish codes stay). Tokens longer than a word (keys, base64), parts of dotted names
 * (e-mail addresses, host and file names) and numbers with units, codes and escapes
 * (`numberLike`) are left alone. Substitutes map to one letter each, so offsets do not move.
 */
function readLeet(text: string, changes: number[]): string {
  // Filled with the text's units at the first token to rewrite; substitutes written in place.
  let units: Uint16Array | null = null;
  const n = text.length;
  // Only a token with a substitute can change: each is read from its first substitute, found by
  // a regex search, instead of cutting the whole text into tokens (~5 µs/KB on English prompts).
  SUBSTITUTE.lastIndex = 0;
  for (let m = SUBSTITUTE.exec(text); m !== null; m = SUBSTITUTE.exec(text)) {
    let start = m.index;
    while (start > 0 && isTokenUnit(text.charCodeAt(start - 1))) start--;
    let i = start;
    let letters = 0;
    let subs = 0;
    for (; i < n; i++) {
      const u = text.charCodeAt(i);
      const kind = u < 128 ? TOKEN_UNIT[u]! : 0;
      if (kind === 0) break;
      if (kind === LETTER) letters++;
      else if (kind !== DIGIT) subs++;
    }
    SUBSTITUTE.lastIndex = i;
    if (letters < 2 || subs === 0 || subs > letters + 1 || i - start > MAX_LEET_TOKEN || dottedName(text, start, i) || numberLike(text, start, i)) continue;
    if (units === null) {
      units = new Uint16Array(n);
      for (let k = 0; k < n; k++) units[k] = text.charCodeAt(k);
    }
    for (let k = start; k < i; k++) {
      const kind = TOKEN_UNIT[units[k]!]!;
      if (kind !== LETTER && kind !== DIGIT) units[k] = kind;
    }
    changes.push(start, i);
  }
  if (units === null) return text;
  // The decoder is much faster on long texts, String.fromCharCode on short ones.
  if (n > SHORT) return utf16.decode(units);
  return String.fromCharCode.apply(null, units as unknown as number[]);
}

const SEPARATOR = new Uint8Array(128);
for (const ch of ' .-_*|/+,~') SEPARATOR[ch.charCodeAt(0)] = 1;
const isSeparator = (c: number): boolean => (c < 128 ? SEPARATOR[c] === 1 : c === 0xb7);

/** Where the (letter, separator) pair starting at `i` ends, or -1: a letter is one unit or a surrogate pair. */
function pairEnd(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (isSeparator(c)) return -1;
  const next = c >= 0xd800 && c <= 0xdbff ? i + 2 : i + 1;
  return isSeparator(text.charCodeAt(next)) ? next + 1 : -1;
}

/**
 * The matches of SPACED, in order. Scanning with the regex costs ~30 µs/KB on Chinese or Korean
 * prose, where every unit is a letter the regex must try, so it runs only where three
 * non-separator / separator pairs follow each other, which every match starts with. No match can
 * start inside another (the lookbehind sees the run before it), so these are all the matches.
 */
export function spacedMatches(text: string): [number, number][] {
  const out: [number, number][] = [];
  const last = text.length - 6;
  // No match starts before `next` (the end of the previous one).
  let next = 0;
  const tryAt = (i: number): void => {
    if (i < next || i >= last) return;
    let j = pairEnd(text, i);
    if (j < 0 || (j = pairEnd(text, j)) < 0 || pairEnd(text, j) < 0) return;
    SPACED.lastIndex = i;
    const m = SPACED.exec(text);
    if (m === null) return;
    out.push([i, i + m[0].length]);
    next = i + m[0].length;
  };
  // A pair ends with a separator one unit after its letter (two after a surrogate pair): the
  // candidates are found from the separators, not tried at every unit.
  for (let p = 1; p < text.length && p - 2 < last; p++) {
    if (!isSeparator(text.charCodeAt(p))) continue;
    // The next pair must end with a separator too (most words are longer than one letter).
    const after = text.charCodeAt(p + 1);
    if (!isSeparator(text.charCodeAt(after >= 0xd800 && after <= 0xdbff ? p + 3 : p + 2))) continue;
    const before = text.charCodeAt(p - 1);
    if (p >= 2 && before >= 0xdc00 && before <= 0xdfff) tryAt(p - 2);
    tryAt(p - 1);
  }
  return out;
}

/** The de-obfuscated view and where it differs from the folded view. */
export interface Deobfuscated {
  view: TextView;
  /** The rewritten stretches as flat [start, end) pairs in view units, in order (joined runs whole). */
  changes: number[];
}

/**
 * The de-obfuscated view of `folded`, or null when there is nothing to undo. `maybeLeet` /
 * `maybeSpaced` false (from the character scan) skip the corresponding search.
 */
export function deobfuscate(folded: TextView, maybeLeet = true, maybeSpaced = true): Deobfuscated | null {
  const text = folded.text;
  const spaced = maybeSpaced ? spacedMatches(text).filter(([start, end]) => (end - start) % 2 === 1) : [];
  const hasLeet = maybeLeet && LEET_HINT.test(text);
  if (spaced.length === 0 && !hasLeet) return null;

  const leetChanges: number[] = [];
  const chars = hasLeet ? readLeet(text, leetChanges) : text;
  // Only substitutions: the folded view's offset map still holds.
  if (spaced.length === 0) return chars !== text ? { view: new DerivedView(chars, folded), changes: leetChanges } : null;

  // drop[i]: unit i is a separator inside a spaced-out word. (An even length means an astral
  // character is involved; such runs were left alone above.)
  const drop = new Uint8Array(text.length);
  for (const [start, end] of spaced) for (let k = start + 1; k < end; k += 2) drop[k] = 1;
  // viewIndex[i]: the view unit folded unit i becomes (or would, if dropped).
  const viewIndex = new Int32Array(text.length + 1);
  const builder = new ViewBuilder(text.length);
  let v = 0;
  for (let i = 0; i < chars.length; i++) {
    viewIndex[i] = v;
    if (drop[i] === 1) continue;
    builder.push(chars[i]!, folded.startOf(i), folded.endOf(i));
    v++;
  }
  viewIndex[text.length] = v;
  const changes: number[] = [];
  let l = 0;
  // Both lists are in text order; merge them, mapped to view units.
  for (const [start, end] of spaced) {
    for (; l < leetChanges.length && leetChanges[l]! < start; l += 2) changes.push(viewIndex[leetChanges[l]!]!, viewIndex[leetChanges[l + 1]!]!);
    changes.push(viewIndex[start]!, viewIndex[end]!);
  }
  for (; l < leetChanges.length; l += 2) changes.push(viewIndex[leetChanges[l]!]!, viewIndex[leetChanges[l + 1]!]!);
  return { view: builder.build(folded.originalLength), changes };
}
