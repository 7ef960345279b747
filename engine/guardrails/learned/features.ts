/**
 * Hashed features of a normalized window: character n-grams and word uni/bigrams.
 *
 * The window text is padded with one space on each side, so word starts and ends become
 * n-grams of their own. Emitted, for every position i of the padded text:
 *   - the character n-grams text[i, i+n) for n = CHAR_MIN..CHAR_MAX, hashed with basis
 *     `kindBasis("c")` (an n-gram's length is implied by its code units);
 * and for every word (a maximal run of letters/digits of at most MAX_WORD units; longer runs,
 * such as unsegmented Chinese or Japanese sentences, give no word feature):
 *   - the word, basis `kindBasis("w1")`;
 *   - the pair (previous word, word) when both are words: `fnv(kindBasis("w2"), prev)` continued
 *     with a separator unit 0x20 and the word's units.
 * Every feature counts once per occurrence; its bucket is `bucketOf(hash, bits)` (see hash.ts).
 */

import { bucketOf, fnvRange, fnvStep, kindBasis } from './hash.ts';

export const CHAR_MIN = 1;
export const CHAR_MAX = 4;
export const MAX_WORD = 24;

const CHAR_BASIS = kindBasis('c');
const WORD_BASIS = kindBasis('w1');
const PAIR_BASIS = kindBasis('w2');

/** Names a feature for explanations: its kind and where it sits in the padded window text. */
export interface FeatureTrace {
  kinds: string[];
  starts: number[];
  ends: number[];
}

/** Upper bound of features emitted for a normalized window of `length` code units. */
export function maxFeatureCount(length: number): number {
  return (length + 2) * (CHAR_MAX - CHAR_MIN + 1) + 2 * (length + 2);
}

function isWordUnit(c: number): boolean {
  if (c < 0x80) return (c >= 48 && c <= 57) || (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
  // General punctuation, CJK symbols and punctuation, half/fullwidth punctuation, surrogates
  // (emoji) are separators; every other non-ASCII unit left by normalization is a letter.
  if (c >= 0x2000 && c <= 0x2bff) return false;
  if (c >= 0x3000 && c <= 0x303f) return false;
  if (c >= 0xd800 && c <= 0xdfff) return false;
  if (c >= 0xfe30 && c <= 0xfe4f) return false;
  if (c >= 0xff00 && c <= 0xff0f) return false;
  return c !== 0xa0 && !(c >= 0xa1 && c <= 0xbf) && c !== 0xd7 && c !== 0xf7;
}

/**
 * Writes the bucket of every feature of `text` (already normalized) into `out`, which must hold
 * `maxFeatureCount(text.length)` entries; returns how many were written.
 */
export function extractFeatures(text: string, bits: number, out: Int32Array, trace?: FeatureTrace): number {
  const padded = ' ' + text + ' ';
  const n = padded.length;
  let count = 0;
  for (let i = 0; i < n; i++) {
    let h = CHAR_BASIS;
    for (let k = 0; k < CHAR_MAX && i + k < n; k++) {
      h = fnvStep(h, padded.charCodeAt(i + k));
      if (k + 1 >= CHAR_MIN) {
        out[count++] = bucketOf(h, bits);
        if (trace) push(trace, 'char', i, i + k + 1);
      }
    }
  }
  let prevStart = -1;
  let prevEnd = -1;
  let i = 0;
  while (i < n) {
    if (!isWordUnit(padded.charCodeAt(i))) {
      i++;
      continue;
    }
    const start = i;
    while (i < n && isWordUnit(padded.charCodeAt(i))) i++;
    if (i - start > MAX_WORD) {
      prevStart = -1;
      continue;
    }
    out[count++] = bucketOf(fnvRange(padded, start, i, WORD_BASIS), bits);
    if (trace) push(trace, 'word', start, i);
    if (prevStart >= 0) {
      const h = fnvRange(padded, start, i, fnvStep(fnvRange(padded, prevStart, prevEnd, PAIR_BASIS), 0x20));
      out[count++] = bucketOf(h, bits);
      if (trace) push(trace, 'word pair', prevStart, i);
    }
    prevStart = start;
    prevEnd = i;
  }
  return count;
}

function push(trace: FeatureTrace, kind: string, start: number, end: number): void {
  trace.kinds.push(kind);
  trace.starts.push(start - 1); // offsets into the unpadded text (may be -1 or length at the pads)
  trace.ends.push(end - 1);
}
