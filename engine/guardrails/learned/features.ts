/**
 * Hashed features of a normalized window: character n-grams and word uni/bigrams.
 *
 * The window's code units are padded with one space on each side, so word starts and ends become
 * n-grams of their own. Emitted, for every position i of the padded units:
 *   - the character n-grams units[i, i+n) for n = CHAR_MIN..CHAR_MAX, hashed with FNV-1a from
 *     basis `kindBasis("c")` (an n-gram's length is implied by its code units);
 * and for every word (a maximal run of letters/digits of at most MAX_WORD units; longer runs,
 * such as unsegmented Chinese or Japanese sentences, give no word feature):
 *   - the word: FNV-1a of its units from basis `kindBasis("w1")`;
 *   - the pair (previous word, word) when both are words: `pairHash(prevHash, wordHash)`.
 * and, for Korean, the pair of initial consonants (choseong) of two adjacent units that are Hangul
 * syllables or consonant jamo: FNV-1a of the two consonants (`initialOf`) from basis
 * `kindBasis("k2")`. Korean abusive slang is spelled in many ways that share their consonants
 * (an insult written out, with tense consonants, or abbreviated to its initials as typed jamo),
 * and these pairs make the spellings share a feature.
 * and, for Korean, jamo 4-grams: every run of Hangul syllables and compatibility jamo is spelled
 * out as jamo (`jamoOf`: each syllable as initial, vowel and final if any; tense initials and
 * look-alike vowels folded), and each 4 consecutive jamo of the run give FNV-1a of their codes
 * from basis `kindBasis("j4")`. A syllable n-gram changes completely with one changed jamo; these
 * overlap across syllable boundaries, so variants of a word (새끼 / 쌔끼 / 새퀴 / 섀끼, 지랄 /
 * 질알) and its forms with different endings share most of their features.
 * Every feature counts once per occurrence; its bucket is `bucketOf(hash, bits)` (see hash.ts).
 * Everything works on the code-unit buffer `normalizeSpan` fills: no substring is allocated.
 */

import { bucketOf, FNV_PRIME, kindBasis, pairHash } from './hash.ts';

export const CHAR_MIN = 1;
export const CHAR_MAX = 3;
export const MAX_WORD = 24;
/** Length of the Korean jamo n-grams (see `jamoOf`); weights files record it as `features.jamo`. */
export const JAMO_ORDER = 4;

const CHAR_BASIS = kindBasis('c');
const WORD_BASIS = kindBasis('w1');
const INITIALS_BASIS = kindBasis('k2');
const JAMO_BASIS = kindBasis('j4');

/**
 * Compatibility jamo of the 19 initial consonants in Unicode syllable order, tense consonants
 * folded into plain ones (ㄲ→ㄱ, ㄸ→ㄷ, ㅃ→ㅂ, ㅆ→ㅅ, ㅉ→ㅈ).
 */
const INITIALS = [
  0x3131, 0x3131, 0x3134, 0x3137, 0x3137, 0x3139, 0x3141, 0x3142, 0x3142, 0x3145, 0x3145, 0x3147, 0x3148, 0x3148, 0x314a,
  0x314b, 0x314c, 0x314d, 0x314e,
];

/**
 * The initial consonant of a Hangul syllable (U+AC00–U+D7A3), or a typed consonant jamo
 * (U+3131–U+314E, tense ones folded), as a compatibility jamo; -1 for anything else (consonant
 * clusters such as ㄳ are not initials and give -1 too).
 */
export function initialOf(c: number): number {
  if (c >= 0xac00) return c <= 0xd7a3 ? INITIALS[((c - 0xac00) / 588) | 0]! : -1;
  if (c < 0x3131 || c > 0x314e) return -1;
  switch (c) {
    case 0x3132: return 0x3131;
    case 0x3138: return 0x3137;
    case 0x3143: return 0x3142;
    case 0x3146: return 0x3145;
    case 0x3149: return 0x3148;
    case 0x3133: case 0x3135: case 0x3136: case 0x313a: case 0x313b: case 0x313c: case 0x313d: case 0x313e: case 0x313f:
    case 0x3140: case 0x3144:
      return -1;
    default: return c;
  }
}

/**
 * Vowels (medial jamo, in Unicode syllable order ㅏ ㅐ ㅑ ㅒ ㅓ ㅔ ㅕ ㅖ ㅗ ㅘ ㅙ ㅚ ㅛ ㅜ ㅝ ㅞ ㅟ ㅠ ㅡ ㅢ ㅣ, the
 * order of the compatibility jamo U+314F–U+3163 too) as compatibility jamo, with the vowels that
 * are spelled interchangeably in casual Korean folded: ㅔ→ㅐ, ㅒ ㅖ→ㅐ, ㅙ ㅞ→ㅚ, ㅢ→ㅣ.
 */
const VOWELS = [
  0x314f, 0x3150, 0x3151, 0x3150, 0x3153, 0x3150, 0x3155, 0x3150, 0x3157, 0x3158, 0x315a, 0x315a, 0x315b, 0x315c, 0x315d,
  0x315a, 0x315f, 0x3160, 0x3161, 0x3163, 0x3163,
];
/** Final consonants (jongseong) are coded apart from initials: 0x3300 + their index 1..27. */
const FINAL_BASE = 0x3300;

/**
 * The jamo of one unit, written to `out` (up to 3); returns how many, 0 for a unit that is
 * neither a Hangul syllable (U+AC00–U+D7A3) nor a compatibility jamo (U+3131–U+3163). A syllable
 * gives its initial (`INITIALS`), vowel (`VOWELS`) and final (`FINAL_BASE` + index) if any; a
 * typed consonant gives `initialOf` (consonant clusters such as ㄳ themselves); a typed vowel
 * its `VOWELS` form.
 */
export function jamoOf(c: number, out: Int32Array): number {
  if (c >= 0xac00) {
    if (c > 0xd7a3) return 0;
    const s = c - 0xac00;
    out[0] = INITIALS[(s / 588) | 0]!;
    out[1] = VOWELS[((s % 588) / 28) | 0]!;
    const t = s % 28;
    if (t === 0) return 2;
    out[2] = FINAL_BASE + t;
    return 3;
  }
  if (c < 0x3131 || c > 0x3163) return 0;
  if (c >= 0x314f) out[0] = VOWELS[c - 0x314f]!;
  else {
    const k = initialOf(c);
    out[0] = k >= 0 ? k : c;
  }
  return 1;
}

/** Hash of a jamo 4-gram. */
function jamoHash(a: number, b: number, c: number, d: number): number {
  return Math.imul(Math.imul(Math.imul(Math.imul(JAMO_BASIS ^ a, FNV_PRIME) ^ b, FNV_PRIME) ^ c, FNV_PRIME) ^ d, FNV_PRIME);
}

const jamoScratch = new Int32Array(3);

/** Hash of an initial-consonant pair. */
function initialsHash(a: number, b: number): number {
  return Math.imul(Math.imul(INITIALS_BASIS ^ a, FNV_PRIME) ^ b, FNV_PRIME);
}

/** Names a feature for explanations: its kind and where it sits in the (unpadded) window text. */
export interface FeatureTrace {
  kinds: string[];
  starts: number[];
  ends: number[];
}

/** Upper bound of features emitted for a normalized window of `length` code units. */
export function maxFeatureCount(length: number): number {
  return (length + 2) * (CHAR_MAX - CHAR_MIN + 1) + 6 * (length + 2);
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
 * Writes the bucket of every feature of the padded units `u[0, length)` into `out`, which must
 * hold `maxFeatureCount(length - 2)` entries; returns how many were written.
 */
export function extractUnits(u: Uint16Array, length: number, bits: number, out: Int32Array, trace?: FeatureTrace): number {
  const n = length;
  const shift = 32 - bits;
  let count = 0;
  if (trace || CHAR_MIN !== 1 || CHAR_MAX !== 3) {
    for (let i = 0; i < n; i++) {
      let h = CHAR_BASIS;
      const stop = i + CHAR_MAX < n ? i + CHAR_MAX : n;
      for (let j = i; j < stop; j++) {
        h = Math.imul(h ^ u[j]!, FNV_PRIME);
        if (j - i + 1 >= CHAR_MIN) {
          out[count++] = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d) >>> shift;
          if (trace) push(trace, 'char', i, j + 1);
        }
      }
    }
  } else {
    // The same features as the loop above, unrolled for n-grams of 1..3 units.
    let c0 = u[0]!;
    let c1 = n > 1 ? u[1]! : 0;
    const full = n - 2;
    for (let i = 0; i < full; i++) {
      const c2 = u[i + 2]!;
      let h = Math.imul(CHAR_BASIS ^ c0, FNV_PRIME);
      out[count] = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d) >>> shift;
      h = Math.imul(h ^ c1, FNV_PRIME);
      out[count + 1] = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d) >>> shift;
      h = Math.imul(h ^ c2, FNV_PRIME);
      out[count + 2] = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d) >>> shift;
      count += 3;
      c0 = c1;
      c1 = c2;
    }
    for (let i = full > 0 ? full : 0; i < n; i++) {
      let h = CHAR_BASIS;
      for (let j = i; j < n; j++) {
        h = Math.imul(h ^ u[j]!, FNV_PRIME);
        out[count++] = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d) >>> shift;
      }
    }
  }
  let prevStart = -1;
  let prevHash = 0;
  let i = 0;
  while (i < n) {
    if (!isWordUnit(u[i]!)) {
      i++;
      continue;
    }
    const start = i;
    let h = WORD_BASIS;
    while (i < n && isWordUnit(u[i]!)) h = Math.imul(h ^ u[i++]!, FNV_PRIME);
    if (i - start > MAX_WORD) {
      prevStart = -1;
      continue;
    }
    out[count++] = bucketOf(h, bits);
    if (trace) push(trace, 'word', start, i);
    if (prevStart >= 0) {
      out[count++] = bucketOf(pairHash(prevHash, h), bits);
      if (trace) push(trace, 'word pair', prevStart, i);
    }
    prevStart = start;
    prevHash = h;
  }
  let prevInitial = -1;
  for (let i = 0; i < n; i++) {
    const k = initialOf(u[i]!);
    if (k >= 0 && prevInitial >= 0) {
      out[count++] = bucketOf(initialsHash(prevInitial, k), bits);
      if (trace) push(trace, 'initials', i - 1, i + 1);
    }
    prevInitial = k;
  }
  // Jamo 4-grams within runs of Hangul: j1..j3 the run's last three jamo (at units p1..p3), jn
  // how many it has had so far.
  let j1 = 0;
  let j2 = 0;
  let j3 = 0;
  let p1 = 0;
  let p2 = 0;
  let p3 = 0;
  let jn = 0;
  for (let i = 0; i < n; i++) {
    const m = jamoOf(u[i]!, jamoScratch);
    if (m === 0) jn = 0;
    for (let q = 0; q < m; q++) {
      const x = jamoScratch[q]!;
      if (jn >= 3) {
        out[count++] = bucketOf(jamoHash(j1, j2, j3, x), bits);
        if (trace) push(trace, 'jamo', p1, i + 1);
      }
      j1 = j2;
      j2 = j3;
      j3 = x;
      p1 = p2;
      p2 = p3;
      p3 = i;
      jn++;
    }
  }
  return count;
}

let padded = new Uint16Array(1024);

/**
 * Writes the bucket of every feature of `text` (already normalized) into `out`, which must hold
 * `maxFeatureCount(text.length)` entries; returns how many were written.
 */
export function extractFeatures(text: string, bits: number, out: Int32Array, trace?: FeatureTrace): number {
  if (padded.length < text.length + 2) padded = new Uint16Array(text.length * 2 + 2);
  padded[0] = 32;
  for (let i = 0; i < text.length; i++) padded[i + 1] = text.charCodeAt(i);
  padded[text.length + 1] = 32;
  return extractUnits(padded, text.length + 2, bits, out, trace);
}

function push(trace: FeatureTrace, kind: string, start: number, end: number): void {
  trace.kinds.push(kind);
  trace.starts.push(start - 1); // offsets into the unpadded text (may be -1 or length at the pads)
  trace.ends.push(end - 1);
}

let scratch = new Int32Array(4096);

/**
 * Normalized windows longer than this are summed on the plain path (packed lanes could overflow):
 * a window of n padded units has at most 8n + 1 features (3n character n-grams, n + 1 words and
 * word pairs, n initial pairs, 3n jamo 4-grams), which must stay below 2^19 / 127 (see
 * `packWeights`): 8 · 514 + 1 = 4113 < 4128.
 */
export const PACKED_MAX_LENGTH = 512;
/** Lane width of packed weights: entry = q_even + q_odd · 2^20. */
const LANE = 1048576;

/**
 * Packs up to four int8 weight tables two per Int32 entry: `packed[2b] = q0[b] + q1[b]·2^20`,
 * `packed[2b + 1] = q2[b] + q3[b]·2^20`. Summing packed entries as doubles stays exact, and as
 * long as a window has fewer than 2^19 / 127 features the low lane never spills into the high
 * one, so both sums are recovered exactly (see `sumUnits`).
 */
export function packWeights(tables: readonly Int8Array[], bits: number): Int32Array {
  const size = 1 << bits;
  const packed = new Int32Array(size * 2);
  for (let k = 0; k < tables.length; k++) {
    const w = tables[k]!;
    const at = k >> 1;
    const factor = k & 1 ? LANE : 1;
    for (let b = 0; b < size; b++) packed[2 * b + at] = packed[2 * b + at]! + w[b]! * factor;
  }
  return packed;
}

function unpack(s: number, sums: Float64Array, at: number): void {
  const high = Math.round(s / LANE);
  sums[at] = s - high * LANE;
  sums[at + 1] = high;
}

/**
 * The features of `extractUnits`, summed straight into packed weights (`packWeights`) instead
 * of written out: `sums[k] = Σ q_k[bucket]` over every feature, k = 0..3. Returns the feature
 * count. Hashing and table reads interleave, which is what makes scoring fast; the unit test
 * `fused sums equal bucket sums` pins it to `extractUnits`.
 */
export function sumUnits(u: Uint16Array, length: number, bits: number, packed: Int32Array, sums: Float64Array): number {
  const n = length;
  const shift = 32 - bits;
  // Accumulators start at 0.5 so that they are doubles from the start (no int32 overflow path).
  let a = 0.5;
  let c = 0.5;
  let count = 0;
  if (CHAR_MIN !== 1 || CHAR_MAX !== 3 || n > PACKED_MAX_LENGTH + 2) {
    if (scratch.length < maxFeatureCount(n)) scratch = new Int32Array(maxFeatureCount(n) * 2);
    count = extractUnits(u, n, bits, scratch);
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    for (let i = 0; i < count; i++) {
      const b = scratch[i]! << 1;
      let x = packed[b]!;
      let hi = Math.round(x / LANE);
      s0 += x - hi * LANE;
      s1 += hi;
      x = packed[b + 1]!;
      hi = Math.round(x / LANE);
      s2 += x - hi * LANE;
      s3 += hi;
    }
    sums[0] = s0;
    sums[1] = s1;
    sums[2] = s2;
    sums[3] = s3;
    return count;
  }
  // One pass: at each unit, the character n-grams starting there, and the word state (a word
  // is emitted, with its pair, at the first non-word unit after it; the padding ends the last).
  const full = n - 2;
  let wordLength = 0;
  let word = WORD_BASIS;
  let prev = 0;
  let hasPrev = false;
  let prevInitial = -1;
  let j1 = 0;
  let j2 = 0;
  let j3 = 0;
  let jn = 0;
  const jamo = jamoScratch;
  for (let i = 0; i < n; i++) {
    const c0 = u[i]!;
    // Hangul syllables and compatibility jamo only (CJK ideographs and kana skip the calls).
    if (c0 >= 0x3131 && (c0 >= 0xac00 ? c0 <= 0xd7a3 : c0 <= 0x3163)) {
      const k = initialOf(c0); // -1 for a vowel jamo
      if (k >= 0 && prevInitial >= 0) {
        const b = (bucketOf(initialsHash(prevInitial, k), bits)) << 1;
        a += packed[b]!;
        c += packed[b + 1]!;
        count++;
      }
      prevInitial = k;
      const m = jamoOf(c0, jamo);
      for (let q = 0; q < m; q++) {
        const x = jamo[q]!;
        if (jn >= 3) {
          const b = (bucketOf(jamoHash(j1, j2, j3, x), bits)) << 1;
          a += packed[b]!;
          c += packed[b + 1]!;
          count++;
        }
        j1 = j2;
        j2 = j3;
        j3 = x;
        jn++;
      }
    } else {
      prevInitial = -1;
      jn = 0;
    }
    let h = Math.imul(CHAR_BASIS ^ c0, FNV_PRIME);
    let b = (Math.imul(h ^ (h >>> 15), 0x2c1b3c6d) >>> shift) << 1;
    a += packed[b]!;
    c += packed[b + 1]!;
    if (i < full) {
      h = Math.imul(h ^ u[i + 1]!, FNV_PRIME);
      b = (Math.imul(h ^ (h >>> 15), 0x2c1b3c6d) >>> shift) << 1;
      a += packed[b]!;
      c += packed[b + 1]!;
      h = Math.imul(h ^ u[i + 2]!, FNV_PRIME);
      b = (Math.imul(h ^ (h >>> 15), 0x2c1b3c6d) >>> shift) << 1;
      a += packed[b]!;
      c += packed[b + 1]!;
      count += 3;
    } else {
      count++;
      for (let j = i + 1; j < n; j++) {
        h = Math.imul(h ^ u[j]!, FNV_PRIME);
        b = (Math.imul(h ^ (h >>> 15), 0x2c1b3c6d) >>> shift) << 1;
        a += packed[b]!;
        c += packed[b + 1]!;
        count++;
      }
    }
    if (isWordUnit(c0)) {
      word = Math.imul((wordLength === 0 ? WORD_BASIS : word) ^ c0, FNV_PRIME);
      wordLength++;
      if (i + 1 < n) continue;
    }
    if (wordLength === 0) continue;
    if (wordLength > MAX_WORD) hasPrev = false;
    else {
      b = bucketOf(word, bits) << 1;
      a += packed[b]!;
      c += packed[b + 1]!;
      count++;
      if (hasPrev) {
        b = bucketOf(pairHash(prev, word), bits) << 1;
        a += packed[b]!;
        c += packed[b + 1]!;
        count++;
      }
      prev = word;
      hasPrev = true;
    }
    wordLength = 0;
  }
  unpack(a - 0.5, sums, 0);
  unpack(c - 0.5, sums, 2);
  return count;
}
