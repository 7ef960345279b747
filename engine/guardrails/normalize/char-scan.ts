/**
 * One cheap pass over a text that counts character classes and collects the runs of the
 * base64/base64url alphabet long enough to hide something (16+ units). The candidate detectors
 * (base64/hex decoders, key material, IPv6, leetspeak) consult these counts and runs before
 * running any regex, so ordinary prose — short words, few digits, no colons between hex
 * groups — never pays for them.
 */

/** A maximal run of `[A-Za-z0-9+/_-]` of at least `MIN_RUN` units. */
export interface TokenRun {
  start: number;
  end: number;
  upper: number;
  lower: number;
  digits: number;
  /** `+` and `/` (standard base64 only). */
  plusSlash: number;
  /** `_` and `-` (base64url, identifiers). */
  dashes: number;
}

export interface TextStats {
  digits: number;
  /**
   * The most ASCII digits in one cluster: digits with at most two of ` -.()` between each two, as
   * card, phone and ID numbers are written (`4111 1111 1111 1111`, `(555) 555-0100`). A
   * recognizer whose every match holds N such digits needs a cluster of N.
   */
  digitCluster: number;
  upper: number;
  colons: number;
  /** A digit or `@`/`$` right before or after an ASCII letter (leetspeak may be present). */
  leet: boolean;
  /** A digit or `@`/`$` right before or after a non-ASCII unit (a folded letter may make leetspeak). */
  leetNearNonAscii: boolean;
  /** Three single units each followed by a spacing separator in a row ("i g n", "k.i.l"). */
  spacedLetters: boolean;
  /** A colon followed within five units by another colon (IPv6 may be present). */
  colonPairs: number;
  /** Units outside ASCII. */
  nonAscii: number;
  runs: TokenRun[];
}

export const MIN_RUN = 16;
/** Runs recorded at most; a text with more has `runs.length === MAX_RUNS` and the rest unlisted. */
export const MAX_RUNS = 256;

// Class bits of ASCII units.
const UPPER = 1;
const LOWER = 2;
const DIGIT = 4;
const PLUS_SLASH = 8;
const DASH = 16;
const LEET = 32;
const CLASS = new Uint8Array(128);
for (let c = 65; c <= 90; c++) CLASS[c] = UPPER;
for (let c = 97; c <= 122; c++) CLASS[c] = LOWER;
for (let c = 48; c <= 57; c++) CLASS[c] = DIGIT;
for (const ch of '0134578') CLASS[ch.charCodeAt(0)]! |= LEET;
CLASS[43] = PLUS_SLASH;
CLASS[47] = PLUS_SLASH;
CLASS[45] = DASH;
CLASS[95] = DASH;
CLASS[64] = LEET;
CLASS[36] = LEET;
const ALPHABET = UPPER | LOWER | DIGIT | PLUS_SLASH | DASH;
// The separators the de-obfuscator joins spaced-out letters across (see `deobfuscate.ts`);
// U+00B7 (middle dot) is tested apart.
const SEP = 64;
for (const ch of ' .-_*|/+,~') CLASS[ch.charCodeAt(0)]! |= SEP;
/** What may stand between two digits of one cluster (`TextStats.digitCluster`). */
const CLUSTER_GAP = new Uint8Array(128);
for (const ch of ' -.()') CLUSTER_GAP[ch.charCodeAt(0)] = 1;
const isSep = (c: number): boolean => (c < 128 ? (CLASS[c]! & SEP) !== 0 : c === 0xb7);

/**
 * Whether the text holds a token run of at least `length` units; true when the list cannot say
 * (runs shorter than MIN_RUN are not listed, and a text may have more runs than the list keeps).
 */
export function hasTokenRun(stats: TextStats, length: number): boolean {
  if (length < MIN_RUN || stats.runs.length >= MAX_RUNS) return true;
  for (const r of stats.runs) if (r.end - r.start >= length) return true;
  return false;
}

export function scanChars(text: string): TextStats {
  let digits = 0;
  let upper = 0;
  let colons = 0;
  let colonPairs = 0;
  let lastColon = -100;
  let leet = false;
  let leetNearNonAscii = false;
  let spacedRun = 0;
  let lastPair = -10;
  let spacedLetters = false;
  let nonAscii = 0;
  let digitCluster = 0;
  let cluster = 0;
  // Units since the cluster's last digit, all of them ` -.()`; -1 when no cluster goes on.
  let gap = -1;
  const runs: TokenRun[] = [];
  let runStart = -1;
  let u = 0;
  let l = 0;
  let d = 0;
  let ps = 0;
  let da = 0;
  let prev = 0;
  let prevCode = 0;
  const n = text.length;
  for (let i = 0; i <= n; i++) {
    const c = i < n ? text.charCodeAt(i) : 0;
    // Fast paths for the bulk of prose: a lower-case letter after a lower-case letter, or a
    // non-ASCII unit after a non-ASCII unit (U+00B7 aside), changes nothing but a count.
    if (c >= 97 && c <= 122 && prev === LOWER) {
      let j = i + 1;
      for (let x = j < n ? text.charCodeAt(j) : 0; x >= 97 && x <= 122; x = ++j < n ? text.charCodeAt(j) : 0);
      l += j - i;
      prevCode = text.charCodeAt(j - 1);
      i = j - 1;
      continue;
    }
    if (c >= 128 && c !== 0xb7 && prevCode >= 128 && prevCode !== 0xb7) {
      let j = i + 1;
      for (let x = j < n ? text.charCodeAt(j) : 0; x >= 128 && x !== 0xb7; x = ++j < n ? text.charCodeAt(j) : 0);
      nonAscii += j - i;
      prevCode = text.charCodeAt(j - 1);
      i = j - 1;
      continue;
    }
    const k = c < 128 ? CLASS[c]! : 0;
    if (c >= 128) nonAscii++;
    if ((k & ALPHABET) !== 0) {
      if (runStart < 0) {
        runStart = i;
        u = l = d = ps = da = 0;
      }
      if (k & UPPER) {
        u++;
        upper++;
      } else if (k & LOWER) l++;
      else if (k & DIGIT) {
        d++;
        digits++;
        cluster = gap >= 0 && gap <= 2 ? cluster + 1 : 1;
        gap = 0;
        if (cluster > digitCluster) digitCluster = cluster;
      } else if (k & PLUS_SLASH) ps++;
      else da++;
    } else {
      if (runStart >= 0 && i - runStart >= MIN_RUN && runs.length < MAX_RUNS) {
        runs.push({ start: runStart, end: i, upper: u, lower: l, digits: d, plusSlash: ps, dashes: da });
      }
      runStart = -1;
      if (c === 58) {
        colons++;
        if (i - lastColon <= 5) colonPairs++;
        lastColon = i;
      }
    }
    if ((k & DIGIT) === 0) gap = gap >= 0 && gap < 2 && c < 128 && CLUSTER_GAP[c] === 1 ? gap + 1 : -1;
    if (!leet && ((k & LEET && prev & (UPPER | LOWER)) || (k & (UPPER | LOWER) && prev & LEET))) leet = true;
    if (!leetNearNonAscii && ((k & LEET && prevCode >= 128) || (c >= 128 && prev & LEET))) leetNearNonAscii = true;
    // Spaced letters: a separator after a single unit that itself follows a separator (or the
    // start); three such pairs back to back ("i g n", "k.i.l") may be a spaced-out word.
    if (!spacedLetters && ((k & SEP) !== 0 || c === 0xb7) && i >= 1 && i < n && !isSep(prevCode)) {
      const before = i >= 2 ? text.charCodeAt(i - 2) : 32;
      if (isSep(before) || before === 10 || before === 9) {
        spacedRun = lastPair === i - 2 ? spacedRun + 1 : 1;
        lastPair = i;
        if (spacedRun >= 3) spacedLetters = true;
      }
    }
    prev = k;
    prevCode = c;
  }
  return { digits, digitCluster, upper, colons, leet, leetNearNonAscii, spacedLetters, colonPairs, nonAscii, runs };
}
