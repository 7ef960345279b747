import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { numberDigitCount } from './phone.ts';
import { digitsOf, looksLikeDate } from './validators.ts';

// The shape checks as they were first written with regexes: the loops must agree on any value.
const digitsByRegex = (s: string): string => s.replace(/\D/g, '');
const countByRegex = (value: string): number => value.replace(/(?:x|ext\.?) ?\d+$/, '').replace(/\D/g, '').length;
function dateByRegex(s: string): boolean {
  const g = s.split(/[ .\-/]/);
  if (g.length !== 3) return false;
  const [a, b, c] = g.map(Number) as [number, number, number];
  if (g[0]!.length === 4) return b >= 1 && b <= 12 && c >= 1 && c <= 31;
  if (g[2]!.length === 4) return (a >= 1 && a <= 31 && b >= 1 && b <= 12) || (a >= 1 && a <= 12 && b >= 1 && b <= 31);
  return false;
}

const unit = fc.constantFrom('0', '1', '2', '3', '9', ' ', '.', '-', '/', 'x', 'e', 't', '+', '(', ')', '٣', 'a');
const value = fc.array(unit, { maxLength: 24 }).map((units) => units.join(''));

describe('number shape checks', () => {
  test.each([
    ['+1 415 555 0100 x12', 11],
    ['+1 415 555 0100 ext. 12', 11],
    ['+1 415 555 0100 ext 7', 11],
    ['020 7946 0958', 11],
    ['x123', 0],
  ])('digits of %s without its extension: %i', (text, count) => expect(numberDigitCount(text)).toBe(count));

  test.each([
    ['2024-01-31', true],
    ['31.01.2024', true],
    ['01/31/2024', true],
    ['2024-13-01', false],
    ['020 7946 0958', false],
    ['2024-01-31-1', false],
  ])('%s looks like a date: %s', (text, date) => expect(looksLikeDate(text)).toBe(date));

  test('the loops agree with the regex forms', () => {
    fc.assert(
      fc.property(value, (v) => {
        expect(digitsOf(v)).toBe(digitsByRegex(v));
        expect(numberDigitCount(v)).toBe(countByRegex(v));
        expect(looksLikeDate(v)).toBe(dateByRegex(v));
      }),
      { numRuns: 20_000 },
    );
  });
});
