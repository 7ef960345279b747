import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { maskValue } from './mask.ts';

// The masking styles written as regex replacements (how they were first implemented): the
// loops in mask.ts must give the same text for any value and mask character.
const byRegex: Record<string, (s: string, c: string) => string> = {
  credit_card: (s, c) => {
    const total = s.replace(/\D/g, '').length;
    let seen = 0;
    return s.replace(/\d/g, (d) => (++seen <= 4 || seen > total - 4 ? d : c));
  },
  phone: (s, c) => {
    let seen = 0;
    return s.replace(/\d/g, (d) => (++seen <= 3 ? d : c));
  },
  ssn: (s, c) => s.replace(/\d/g, () => c),
  korean_rrn: (s, c) => s.replace(/\d/g, () => c),
  passport: (s, c) => s.replace(/\d/g, () => c),
  iban: (s, c) => s.slice(0, 2) + s.slice(2).replace(/[A-Za-z0-9]/g, () => c),
};
for (const phone of ['us_phone', 'korean_phone', 'korean_landline']) byRegex[phone] = byRegex.phone!;

describe('masking styles', () => {
  test.each([
    ['credit_card', '4111 1111 1111 1111', '4111 **** **** 1111'],
    ['credit_card', '4111-1111-1111-1111', '4111-****-****-1111'],
    ['phone', '+44 20 7946 0958', '+44 2* **** ****'],
    ['korean_phone', '010-1234-5678', '010-****-****'],
    ['ssn', '123-45-6789', '***-**-****'],
    ['iban', 'GB82 WEST 1234 5698 7654 32', 'GB** **** **** **** **** **'],
    ['passport', 'M12345678', 'M********'],
  ])('%s %s', (category, value, masked) => expect(maskValue(category, value)).toBe(masked));

  test('the loops give what the regex replacements gave', () => {
    const unit = fc.constantFrom('0', '4', '9', 'a', 'Z', ' ', '-', '.', '(', '+', '٣', '４', '가', '\ud83d\ude00');
    fc.assert(
      fc.property(fc.constantFrom(...Object.keys(byRegex)), fc.array(unit, { maxLength: 30 }), fc.constantFrom('*', '#', 'XX', ''), (category, units, c) => {
        const value = units.join('');
        expect(maskValue(category, value, c)).toBe(byRegex[category]!(value, c));
      }),
      { numRuns: 5000 },
    );
  });
});
