/**
 * Payment card numbers of 12-19 digits in any common grouping (4-4-4-4, Amex 4-6-5, runs
 * without separators), accepted only with a Luhn-valid checksum and a known issuer prefix
 * (ISO/IEC 7812 IIN ranges of Visa, Mastercard incl. 2221-2720, Amex, Discover, JCB, Diners,
 * UnionPay, Maestro).
 */
import { PatternRecognizer } from '../../pattern-recognizer.ts';
import { digitsOf, inUrlPath, luhnValid } from './validators.ts';
import { splitBy } from '../../regex-matches.ts';

const GROUP_SEPARATOR = /[ -]/g;

const KNOWN_PREFIX = /^(?:4|5[0-9]|6|3[0-9]|2(?:2[2-9]|[3-6]\d|7[01]|720|131|014|149)|1800)/;

function groupingOk(s: string): boolean {
  const groups = splitBy(GROUP_SEPARATOR, s);
  if (groups.length === 1) return true;
  const lens = groups.map((g) => g.length);
  const firstFour = lens[0] === 4;
  const middleFours = lens.slice(1, -1).every((l) => l === 4);
  if (firstFour && middleFours) return true; // 4-4-4-4(-3)
  return lens.length === 3 && lens[0] === 4 && lens[1] === 6 && (lens[2] === 5 || lens[2] === 4); // Amex, Diners
}

export function creditCardRecognizer(): PatternRecognizer {
  return new PatternRecognizer({
    id: 'pii.credit_card',
    category: 'credit_card',
    // 12 to 19 digits, at most one space or hyphen between two.
    prefilter: (_t, ctx) => ctx.stats.digitCluster >= 12,
    patterns: [{ name: 'card-number', regex: /(?<![\dA-Za-z\-])\d(?:[ -]?\d){11,18}(?![\dA-Za-z])/g, score: 0.5 }],
    validate: (value, text, start) => {
      if (inUrlPath(text, start)) return 'invalid';
      const d = digitsOf(value);
      if (d.length < 12 || d.length > 19 || !KNOWN_PREFIX.test(d) || /^(\d)\1+$/.test(d)) return 'invalid';
      if (!groupingOk(value)) return 'invalid';
      return luhnValid(d) ? 'valid' : 'invalid';
    },
    validScore: 0.9,
  });
}
