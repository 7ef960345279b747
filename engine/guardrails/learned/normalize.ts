/**
 * Normalization of one window before feature extraction. Offsets are not needed here: windows
 * are cut from the original text (see `windows.ts`), so a finding's span is already in
 * original UTF-16 offsets and this pass may change lengths freely.
 *
 * Steps, in order: NFKC; drop invisible and bidi control characters; lower-case; fold every
 * ASCII digit to `0` (numbers carry no signal, their shape does); replace letters of scripts the
 * training data does not cover with a space; collapse whitespace.
 *
 * Why drop uncovered scripts: the development data has attacks and harmful requests in Hindi,
 * Thai, Bengali, Arabic, Russian… but no benign text in them, so a model would learn "Thai
 * script = attack" and flag every benign Thai sentence. Covered: Latin, Hangul, Han, Hiragana,
 * Katakana, plus Common/Inherited (punctuation, digits, symbols, combining marks). Text in other
 * scripts is left to the pattern tier.
 */

const INVISIBLE = /[\u00ad\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]/gu;
const UNCOVERED =
  /[^\p{Script=Latin}\p{Script=Hangul}\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Common}\p{Script=Inherited}]+/gu;
const DIGITS = /[0-9]/g;
const SPACES = /\s+/gu;

/** Normalized form of a window's text, as the model sees it. */
export function normalizeWindow(text: string): string {
  return text
    .normalize('NFKC')
    .replace(INVISIBLE, '')
    .toLowerCase()
    .replace(DIGITS, '0')
    .replace(UNCOVERED, ' ')
    .replace(SPACES, ' ')
    .trim();
}
