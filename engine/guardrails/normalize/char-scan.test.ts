// scanChars takes shortcuts through runs of lower-case letters and of non-ASCII units; its
// result must stay what the plain unit-by-unit scan (kept below as the reference) gives.
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../probe/random.ts';
import { scanChars, type TextStats, type TokenRun } from './char-scan.ts';

const MIN_RUN = 16;
const MAX_RUNS = 256;

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
const isSep = (c: number): boolean => (c < 128 ? (CLASS[c]! & SEP) !== 0 : c === 0xb7);

function referenceScanChars(text: string): TextStats {
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
  // Digits joined by at most two of ` -.()`, read by a regex.
  const digitCluster = Math.max(0, ...[...text.matchAll(/\d(?:[ .()-]{0,2}\d)*/g)].map((m) => m[0].replace(/\D/g, '').length));
  return { digits, digitCluster, upper, colons, leet, leetNearNonAscii, spacedLetters, colonPairs, nonAscii, runs };
}

describe('scanChars', () => {
  it('matches the unit-by-unit scan', () => {
    const random = seededRandom(31337);
    const pieces = ['a', 'bc', 'Z', '3', '0', '7', '12', '@', '$', ' ', '.', '-', '_', ':', '+', '/', '(', ')', '\n', '·', 'é', '中文', '😀', 'abcdefghijklmnopqrst', 'QUJD', '=', 'i g n', 'x'];
    for (let t = 0; t < 5000; t++) {
      let s = '';
      for (let i = random.int(60); i > 0; i--) s += random.pick(pieces);
      expect(scanChars(s)).toEqual(referenceScanChars(s));
    }
  });
});
