/**
 * International and other national phone numbers: a `+`/`00` country code, an optional
 * parenthesized trunk or area code, then 2-5 groups of 2-5 digits separated by a space, dot
 * or dash, 7-15 digits in all (ITU-T E.164 length). Without a country code or phone context a
 * grouped number is weak evidence (it could be an amount or a reference), so its score stays
 * below the default threshold unless context words precede it (in English, Chinese, Japanese,
 * Korean and the major European languages). Dates are excluded.
 */
import { PatternRecognizer } from '../../pattern-recognizer.ts';
import { isAsciiDigit as isDigit } from '../../normalize/unit-class.ts';
import { inUrlPath, looksLikeDate } from './validators.ts';

const TWO_DIGITS = /\d\d/;

/**
 * How many digits the number has, without an extension at its end (`x123`, `ext. 45`, `ext 6`):
 * what `value.replace(/(?:x|ext\.?) ?\d+$/, '').replace(/\D/g, '')` counts, read in one loop
 * per candidate.
 */
export function numberDigitCount(value: string): number {
  let end = value.length;
  let k = end;
  while (k > 0 && isDigit(value.charCodeAt(k - 1))) k--;
  if (k < end) {
    let j = k;
    if (value[j - 1] === ' ') j--;
    if (value[j - 1] === 'x') end = j - 1;
    else if (value.endsWith('ext', j)) end = j - 3;
    else if (value[j - 1] === '.' && value.endsWith('ext.', j)) end = j - 4;
  }
  let n = 0;
  for (let i = 0; i < end; i++) if (isDigit(value.charCodeAt(i))) n++;
  return n;
}

/** `2019-2020`, `1998 2004`: a range of years (19xx/20xx), not a number to call. */
function yearRange(value: string): boolean {
  if (value.length !== 9 || (value[4] !== ' ' && value[4] !== '-')) return false;
  for (const at of [0, 5]) {
    const head = value.slice(at, at + 2);
    if (head !== '19' && head !== '20') return false;
    if (!isDigit(value.charCodeAt(at + 2)) || !isDigit(value.charCodeAt(at + 3))) return false;
  }
  return true;
}

export function phoneRecognizer(): PatternRecognizer {
  return new PatternRecognizer({
    id: 'pii.phone',
    category: 'phone',
    // A number is valid with 7 digits or more (extension aside), and its digits form one cluster
    // (`TextStats.digitCluster`: at most two of ` -.()` between digits), as every pattern's
    // separators are.
    prefilter: (t, ctx) => ctx.stats.digitCluster >= 7 && TWO_DIGITS.test(t),
    patterns: [
      {
        name: 'international',
        regex: /(?<![\w+])(?:\+|00)[1-9]\d{0,2}[ .\-]?(?:\(0?\d{1,4}\)[ .\-]?)?\d{1,5}(?:[ .\-]\d{1,8}){0,4}(?: ?(?:x|ext\.?) ?\d{1,5})?(?!\w|-\d)/g,
        score: 0.75,
      },
      {
        // Chinese mobile numbers are written as one run of 11 digits; alone that could be any
        // reference, so only a phone word before it lifts it over the threshold.
        name: 'cn-mobile',
        regex: /(?<![\w+\-.])1[3-9]\d{9}(?![\w\-])/g,
        score: 0.45,
      },
      {
        name: 'national-grouped',
        regex: /(?<![\w+\-.,/])(?:\(0?\d{1,4}\) ?)?\d{2,5}(?:[ .\-]\d{2,8}){1,4}(?: ?(?:x|ext\.?) ?\d{1,5})?(?!\w|-\d|[.,/]\d)/g,
        score: 0.55,
      },
    ],
    validate: (value, text, start) => {
      if (inUrlPath(text, start)) return 'invalid';
      const digits = numberDigitCount(value);
      if (digits < 7 || digits > 15) return 'invalid';
      if (looksLikeDate(value)) return 'invalid';
      // A range of years ("2019-2020") is not a number to call.
      if (yearRange(value)) return 'invalid';
      return undefined;
    },
    contextWords: ['phone', 'call', 'tel', 'mobile', 'cell', 'fax', 'contact', 'number', 'whatsapp', 'reach', 'answering', 'messages to', 'registered', 'office', 'desk', 'dial', 'sms', '전화', '연락처', '电话', '電話',
      // Other languages' phone words (a word that is also common English, like 'handy' or
      // 'portable', is left out: it would lift any number near it).
      '携帯', '手机', '手機', '휴대폰', '핸드폰', '번호', 'handynummer', 'anrufen', 'appelez', 'appelle-moi', 'téléphone', 'llámame', 'teléfono',
      'móvil', 'celular', 'chiamami', 'cellulare', 'telefono', 'ligue', 'telefone', 'телефон', 'звоните', 'позвони'],
    contextAfter: ['office', 'fax', 'mobile', 'phone', 'home', 'work', 'cell'],
    contextBoost: 0.3,
  });
}
