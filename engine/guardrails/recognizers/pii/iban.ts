/** IBANs (ISO 13616): country code, check digits, 11-30 alphanumerics, validated with mod-97. */
import { PatternRecognizer } from '../../pattern-recognizer.ts';
import { ibanValid } from './validators.ts';

const COUNTRY_AND_CHECK = /[A-Za-z]{2}\d{2}/;

export function ibanRecognizer(): PatternRecognizer {
  return new PatternRecognizer({
    id: 'pii.iban',
    category: 'iban',
    prefilter: (t) => COUNTRY_AND_CHECK.test(t),
    patterns: [{
      name: 'iban',
      regex: /(?<![A-Za-z0-9])[A-Za-z]{2}\d{2}(?:[ \-]?[A-Za-z0-9]{4}){2,7}(?:[ \-]?[A-Za-z0-9]{1,3})?(?![A-Za-z0-9])/g,
      score: 0.3,
    }],
    validate: (value) => (ibanValid(value) ? 'valid' : 'invalid'),
    validScore: 0.9,
  });
}
