/**
 * The de-obfuscated view, derived from the folded view: letters spelled out with single
 * separators ("i g n o r e", "k.i.l.l") are joined, and leetspeak inside words is read as
 * letters ("1gn0r3" → "ignore", "k1ll" → "kill"). Returns null when there is nothing to undo,
 * so clean text is matched once.
 */
import { DerivedView, type TextView, ViewBuilder } from './text-view.ts';

// Four or more single letters/digits each followed by one separator; each repetition consumes
// exactly two units and a match may only start where no run is going on, so it stays linear.
const SPACED = /(?<![\p{L}\p{N}]|[\p{L}\p{N}][ .\-_*·|/+,~])(?:[\p{L}\p{N}][ .\-_*·|/+,~]){3,}[\p{L}\p{N}](?![\p{L}\p{N}])/gu;
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

/** Longer runs are keys, hashes and encoded data, not words. */
const MAX_LEET_TOKEN = 16;
const DOT = 46;

/** A token joined by dots to letters on either side (`ann.lee@example.com`, `v2.api`) is a name. */
function dottedName(text: string, start: number, end: number): boolean {
  const after = text.charCodeAt(end + 1);
  const before = text.charCodeAt(start - 2);
  return (text.charCodeAt(end) === DOT && after >= 97 && after <= 122) || (text.charCodeAt(start - 1) === DOT && before >= 97 && before <= 122);
}

/**
 * `text` with leetspeak read inside tokens (runs of a-z, digits, `@`, `$`) that have at least two
 * real letters and one substitute, and not more substitutes than letters plus one (so
 * number-ish codes stay). Tokens longer than a word (keys, base64) and parts of dotted names
 * (e-mail addresses, host and file names) are left alone. Substitutes map to one letter each, so
 * offsets do not move.
 */
function readLeet(text: string): string {
  // Filled with the text's units at the first token to rewrite; substitutes written in place.
  let units: Uint16Array | null = null;
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c >= 128 || TOKEN_UNIT[c] === 0) {
      i++;
      continue;
    }
    const start = i;
    let letters = 0;
    let subs = 0;
    for (; i < n; i++) {
      const u = text.charCodeAt(i);
      const kind = u < 128 ? TOKEN_UNIT[u]! : 0;
      if (kind === 0) break;
      if (kind === LETTER) letters++;
      else if (kind !== DIGIT) subs++;
    }
    if (letters < 2 || subs === 0 || subs > letters + 1 || i - start > MAX_LEET_TOKEN || dottedName(text, start, i)) continue;
    if (units === null) {
      units = new Uint16Array(n);
      for (let k = 0; k < n; k++) units[k] = text.charCodeAt(k);
    }
    for (let k = start; k < i; k++) {
      const kind = TOKEN_UNIT[units[k]!]!;
      if (kind !== LETTER && kind !== DIGIT) units[k] = kind;
    }
  }
  if (units === null) return text;
  // The decoder is much faster on long texts, String.fromCharCode on short ones.
  if (n > SHORT) return utf16.decode(units);
  return String.fromCharCode.apply(null, units as unknown as number[]);
}

/** `maybeLeet` / `maybeSpaced` false (from the character scan) skip the corresponding search. */
export function deobfuscate(folded: TextView, maybeLeet = true, maybeSpaced = true): TextView | null {
  const text = folded.text;
  const hasSpaced = maybeSpaced && SPACED.test(text);
  SPACED.lastIndex = 0;
  const hasLeet = maybeLeet && LEET_HINT.test(text);
  if (!hasSpaced && !hasLeet) return null;

  const chars = hasLeet ? readLeet(text) : text;
  // Only substitutions: the folded view's offset map still holds.
  if (!hasSpaced) return chars !== text ? new DerivedView(chars, folded) : null;

  // drop[i]: unit i is a separator inside a spaced-out word.
  const drop = new Uint8Array(text.length);
  for (const m of text.matchAll(SPACED)) {
    const start = m.index;
    const word = m[0];
    // An even length means an astral character is involved; leave such runs alone.
    if (word.length % 2 === 0) continue;
    for (let k = 1; k < word.length; k += 2) drop[start + k] = 1;
  }
  const builder = new ViewBuilder(text.length);
  let changed = chars !== text;
  for (let i = 0; i < chars.length; i++) {
    if (drop[i] === 1) {
      changed = true;
      continue;
    }
    builder.push(chars[i]!, folded.startOf(i), folded.endOf(i));
  }
  return changed ? builder.build(folded.originalLength) : null;
}
