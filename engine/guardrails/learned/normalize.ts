/**
 * Normalization of one window before feature extraction. Offsets are not needed here: windows
 * are cut from the original text (see `windows.ts`), so a finding's span is already in
 * original UTF-16 offsets and this pass may change lengths freely.
 *
 * Steps: NFKC (skipped for pure ASCII, which it leaves unchanged); lower-case; then one pass over
 * the code units that drops invisible and bidi control characters, folds every ASCII digit to
 * `0` (numbers carry no signal, their shape does), turns letters of scripts the training data
 * does not cover into a space, and collapses whitespace.
 *
 * Why drop uncovered scripts: the development data has attacks and harmful requests in Hindi,
 * Thai, Bengali, Arabic, Russian… but no benign text in them, so a model would learn "Thai
 * script = attack" and flag every benign Thai sentence. Kept (`isCovered`): Latin with its
 * diacritics, Hangul, CJK ideographs, kana, CJK and general punctuation and symbols, fullwidth
 * forms, and astral code units (emoji). Text in other scripts is left to the pattern tier.
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

let units = new Uint16Array(1024);

/** Normalized form of a window's text, as the model sees it. */
export function normalizeWindow(text: string): string {
  let ascii = true;
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) >= 0x80) {
      ascii = false;
      break;
    }
  }
  const s = (ascii ? text : text.normalize('NFKC')).toLowerCase();
  if (units.length < s.length) units = new Uint16Array(s.length * 2);
  let n = 0;
  let pendingSpace = false;
  for (let i = 0; i < s.length; i++) {
    let c = s.charCodeAt(i);
    if (isInvisible(c)) continue;
    if (isSpace(c) || !isCovered(c)) {
      pendingSpace = n > 0;
      continue;
    }
    if (c >= 48 && c <= 57) c = 48;
    if (pendingSpace) {
      units[n++] = 32;
      pendingSpace = false;
    }
    units[n++] = c;
  }
  let out = '';
  for (let i = 0; i < n; i += 4096) out += String.fromCharCode.apply(null, Array.from(units.subarray(i, Math.min(n, i + 4096))));
  return out;
}
