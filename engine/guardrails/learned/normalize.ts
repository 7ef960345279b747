/**
 * Normalization of one window before feature extraction. Offsets are not needed here: windows
 * are cut from the original text (see `windows.ts`), so a finding's span is already in
 * original UTF-16 offsets and this pass may change lengths freely.
 *
 * Steps: NFKC (skipped for windows made only of code units it leaves unchanged or maps by a fixed
 * offset: ASCII, CJK, kana, Hangul, fullwidth ASCII; see `isStable`); lower-case; then one pass over
 * the code units that drops invisible and bidi control characters, folds every ASCII digit to
 * `0` (numbers carry no signal, their shape does), folds sentence ends to `.` in windows with
 * CJK text (see `foldSentenceEnds`), turns letters of scripts the training data
 * does not cover into a space, and collapses whitespace.
 *
 * Why drop uncovered scripts: the development data has attacks and harmful requests in Hindi,
 * Thai, Bengali, Arabic, Russian… but no benign text in them, so a model would learn "Thai
 * script = attack" and flag every benign Thai sentence. Kept (`isCovered`): Latin with its
 * diacritics, Hangul, CJK ideographs, kana, CJK and general punctuation and symbols, fullwidth
 * forms, and astral code units (emoji). Text in other scripts is left to the pattern tier: a
 * window mostly in them normalizes to nothing (its punctuation alone would read as an attack).
 */

/** Invisible and bidi control characters, removed outright. */
function isInvisible(c: number): boolean {
  return c === 0xad || c === 0x180e || (c >= 0x200b && c <= 0x200f) || (c >= 0x202a && c <= 0x202e) ||
    (c >= 0x2060 && c <= 0x2064) || c === 0xfeff;
}

function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13) || c === 0x85 || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000;
}

/** Whether a (non-space, visible) code unit belongs to a script the heads were trained on. */
export function isCovered(c: number): boolean {
  if (c < 0x370) return true; // ASCII, Latin-1, Latin Extended-A/B, IPA, modifiers, combining marks
  if (c < 0x1100) return false; // Greek, Cyrillic, Armenian, Hebrew, Arabic, Indic, Thai, …
  if (c < 0x1200) return true; // Hangul Jamo
  if (c < 0x1ab0) return false;
  if (c < 0x1b00) return true; // combining diacritical marks extended
  if (c < 0x1dc0) return false;
  if (c < 0x1f00) return true; // combining supplement, Latin Extended Additional
  if (c < 0x2000) return false; // Greek Extended
  if (c < 0x2c00) return true; // punctuation, symbols, arrows, math, boxes, dingbats
  if (c < 0x2c60) return false;
  if (c < 0x2c80) return true; // Latin Extended-C
  if (c < 0x2e00) return false;
  if (c < 0xa000) return true; // supplemental punctuation, CJK radicals and symbols, kana, Hangul compatibility, CJK
  if (c < 0xa720) return false;
  if (c < 0xa800) return true; // Latin Extended-D
  if (c < 0xa960) return false;
  if (c < 0xa980) return true; // Hangul Jamo Extended-A
  if (c < 0xab30) return false;
  if (c < 0xab70) return true; // Latin Extended-E
  if (c < 0xac00) return false;
  if (c < 0xe000) return true; // Hangul syllables, Jamo Extended-B, surrogates (emoji, CJK Ext B+)
  if (c < 0xf900) return false; // private use
  if (c < 0xfb07) return true; // CJK compatibility ideographs, Latin ligatures
  if (c < 0xfe00) return false;
  return true; // variation selectors, CJK compatibility forms, half/fullwidth forms, specials
}

/**
 * Code units whose NFKC form is themselves and whose lower case is themselves or a plain ASCII
 * fold: ASCII, CJK unified ideographs, Hangul syllables, hiragana, katakana, the ideographic
 * comma and full stop. Fullwidth ASCII (U+FF01–FF5E) is handled separately: NFKC maps it to
 * ASCII by subtracting 0xFEE0. A window made only of these is normalized without calling
 * `String.prototype.normalize` (no composition can happen between them), with the same result.
 */
function isStable(c: number): boolean {
  return (c >= 0x4e00 && c <= 0x9fff) || (c >= 0xac00 && c <= 0xd7a3) || (c >= 0x3041 && c <= 0x3096) ||
    (c >= 0x30a1 && c <= 0x30fa) || c === 0x30fc || c === 0x3001 || c === 0x3002;
}

let units = new Uint16Array(1024);

/**
 * Normalizes `text[start, end)` into a shared buffer (see `normalizedUnits`): the result's `n`
 * code units sit at indexes 1..n, with a space at 0 and at n + 1 (the padding the features use).
 * Returns n. The buffer is overwritten by the next call.
 */
export function normalizeSpan(text: string, start: number, end: number): number {
  const need = end - start + 2;
  if (units.length < need) units = new Uint16Array(need * 2);
  const out = units;
  let n = 1;
  let pendingSpace = false;
  let cjk = false;
  let i = start;
  for (; i < end; i++) {
    let c = text.charCodeAt(i);
    if (c > 32 && c < 0x80) {
      // The common case: visible ASCII.
      if (c <= 90 && c >= 65) c += 32;
      else if (c <= 57 && c >= 48) c = 48;
    } else if (c >= 0x80) {
      if (c >= 0xff01 && c <= 0xff5e) {
        c -= 0xfee0;
        if (c >= 65 && c <= 90) c += 32;
        else if (c >= 48 && c <= 57) c = 48;
        else if (c === 63 || c === 33) c = 46;
      } else if (c === 0x3002) {
        c = 46;
        cjk = true;
      } else if (isStable(c)) {
        cjk = true;
      } else {
        if (isSpace(c)) {
          pendingSpace = n > 1;
          continue;
        }
        break; // anything else: the general path below
      }
    } else if (c === 32 || (c >= 9 && c <= 13)) {
      pendingSpace = n > 1;
      continue;
    }
    if (pendingSpace) {
      out[n++] = 32;
      pendingSpace = false;
    }
    out[n++] = c;
  }
  if (i < end) n = normalizeGeneral(text.slice(start, end));
  else if (cjk) foldSentenceEnds(out, n);
  units[0] = 32;
  units[n] = 32;
  return n - 1;
}

/** Letters of the scripts the heads read: Latin, Hangul (syllables and jamo), Han, kana. */
function isCoveredLetter(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 0xc0 && c <= 0x24f && c !== 0xd7 && c !== 0xf7) || (c >= 0x1e00 && c <= 0x1eff) ||
    (c >= 0xac00 && c <= 0xd7a3) || (c >= 0x1100 && c <= 0x11ff) || (c >= 0x3130 && c <= 0x318f) ||
    (c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3400 && c <= 0x4dbf) || (c >= 0x3040 && c <= 0x30ff);
}

/**
 * NFKC + lower case + the filters, into `units` from index 1; returns the next free index.
 * A window written mostly in scripts the heads do not read (more such units than letters they
 * do read) comes out empty: what would be left, its punctuation and a stray Latin word, says
 * nothing about the text, and the heads learned that bare punctuation comes with attacks (the
 * only text in those scripts in the training data). Such windows are left to the pattern tier.
 */
function normalizeGeneral(text: string): number {
  const s = text.normalize('NFKC').toLowerCase();
  if (units.length < s.length + 2) units = new Uint16Array(s.length * 2 + 2);
  const out = units;
  let n = 1;
  let pendingSpace = false;
  let read = 0;
  let unread = 0;
  let cjk = false;
  for (let i = 0; i < s.length; i++) {
    let c = s.charCodeAt(i);
    if (isInvisible(c)) continue;
    if (isSpace(c)) {
      pendingSpace = n > 1;
      continue;
    }
    if (!isCovered(c)) {
      unread++;
      pendingSpace = n > 1;
      continue;
    }
    if (isCoveredLetter(c)) {
      read++;
      if (c >= 0x1100) cjk = true;
    }
    if (c >= 48 && c <= 57) c = 48;
    else if (c === 0x3002) c = 46;
    if (pendingSpace) {
      out[n++] = 32;
      pendingSpace = false;
    }
    out[n++] = c;
  }
  if (unread > read) return 1;
  if (cjk) foldSentenceEnds(out, n);
  return n;
}

/**
 * In a window with Han, kana or Hangul, '?' and '!' read as '.' (the full-width forms and '。'
 * always do): the split's Japanese benign prompts nearly all end in '？' and its Japanese attacks
 * often in '。', so the heads had learned the full stop as an attack. Latin-script windows keep
 * their marks: folding them there too made the indirect head block more English documents.
 */
function foldSentenceEnds(out: Uint16Array, end: number): void {
  for (let k = 1; k < end; k++) if (out[k] === 63 || out[k] === 33) out[k] = 46;
}

/** The buffer `normalizeSpan` writes into (valid until its next call). */
export function normalizedUnits(): Uint16Array {
  return units;
}

/** Normalized form of a window's text, as the model sees it. */
export function normalizeWindow(text: string): string {
  const n = normalizeSpan(text, 0, text.length);
  let out = '';
  for (let i = 1; i <= n; i += 4096) out += String.fromCharCode.apply(null, units.subarray(i, Math.min(n + 1, i + 4096)) as unknown as number[]);
  return out;
}
