/**
 * A coarse language guess by script, used only to pick per-language thresholds:
 * any kana → `ja`; else Hangul → `ko`; else Han → `zh`; else Latin letters → `en` (English and
 * the other Latin-script languages share thresholds); else `other`.
 */

export type ScriptLanguage = 'ja' | 'ko' | 'zh' | 'en' | 'other';

/** Guesses the language of a (normalized) text from the scripts of its letters. */
export function guessLanguage(text: string): ScriptLanguage {
  const units = new Uint16Array(text.length);
  for (let i = 0; i < text.length; i++) units[i] = text.charCodeAt(i);
  return guessLanguageOf(units, 0, units.length);
}

/** `guessLanguage` over the code units `units[start, end)`. */
export function guessLanguageOf(units: Uint16Array, start: number, end: number): ScriptLanguage {
  let hangul = 0;
  let han = 0;
  let latin = 0;
  for (let i = start; i < end; i++) {
    const c = units[i]!;
    if (c < 0x80) {
      if (c >= 97 && c <= 122) latin++;
      continue;
    }
    if (c >= 0x3040 && c <= 0x30ff) return 'ja';
    if ((c >= 0xac00 && c <= 0xd7a3) || (c >= 0x1100 && c <= 0x11ff) || (c >= 0x3130 && c <= 0x318f)) hangul++;
    else if ((c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3400 && c <= 0x4dbf)) han++;
    else if ((c >= 97 && c <= 122) || (c >= 0xc0 && c <= 0x24f)) latin++;
  }
  if (hangul > 0 && hangul >= han / 4) return 'ko';
  if (han > 0) return 'zh';
  return latin > 0 ? 'en' : 'other';
}

const PAIR_ORDER: readonly ScriptLanguage[] = ['ja', 'ko', 'zh', 'en', 'other'];

/**
 * The language of two windows scored together (a head with `windowSpan` 2): the first of
 * ja, ko, zh, en, other that either window has (kana anywhere makes it Japanese, as above).
 */
export function pairLanguage(a: ScriptLanguage, b: ScriptLanguage): ScriptLanguage {
  return PAIR_ORDER[Math.min(PAIR_ORDER.indexOf(a), PAIR_ORDER.indexOf(b))]!;
}
