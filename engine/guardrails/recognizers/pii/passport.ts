/**
 * Passport numbers, only with a passport keyword before them (EN, KO, ZH, JA, DE, FR, ES):
 * 1-2 letters and 6-9 digits, or 8-9 digits. A bare "A12345678" is too often an order or
 * ticket code to report on its own.
 */
import { PatternRecognizer } from '../../pattern-recognizer.ts';

const PASSPORT_WORD = /passport|travel doc|여권|护照|護照|パスポート|旅券|reisepass|passeport|pasaporte|passaporto/i;

export function passportRecognizer(): PatternRecognizer {
  return new PatternRecognizer({
    id: 'pii.passport',
    category: 'passport',
    prefilter: (t) => PASSPORT_WORD.test(t),
    patterns: [{
      name: 'passport-with-keyword',
      regex: /(?:passport|travel document|여권|护照|護照|パスポート|旅券|reisepass|passeport|pasaporte|passaporto)(?:[ \t]{0,3}(?:no\.?|nr\.?|number|num|#|번호|号码|號碼|番号|numéro|número))?[ \t]{0,3}[:：#]?[ \t]{0,3}([A-Za-z]{1,2}\d{6,9}|\d{8,9})(?![A-Za-z0-9])/giu,
      score: 0.85,
      group: 1,
    }],
  });
}
