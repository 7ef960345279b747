import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { maxMatchLength } from './match-length.ts';

describe('maxMatchLength', () => {
  test.each<[string, number]>([
    ['abc', 3],
    ['a|bcd', 3],
    ['a?b{2,5}', 6],
    ['[a-z]{0,4}x', 9],
    ['\\bkill(?= you)', 4],
    ['(?<![\\p{L}])x', 1],
    ['a+', Infinity],
    ['(?:ab)*c', Infinity],
    ['\\u{1F513}', 2],
    ['(a)\\1', Infinity],
  ])('%s → %s', (source, expected) => {
    expect(maxMatchLength(source)).toBe(expected);
  });

  test('no match of a bounded pattern is longer than the bound (property)', () => {
    const word = fc.stringMatching(/^[a-c]{1,3}$/);
    const part = fc.oneof(word, word.map((w) => `(?:${w}|x)`), fc.integer({ min: 0, max: 3 }).map((n) => `[ab]{0,${n}}`), word.map((w) => `(?:${w})?`));
    fc.assert(fc.property(fc.array(part, { minLength: 1, maxLength: 5 }), fc.string({ unit: fc.constantFrom('a', 'b', 'c', 'x'), maxLength: 40 }), (parts, text) => {
      const source = parts.join('');
      const bound = maxMatchLength(source);
      for (const m of text.matchAll(new RegExp(source, 'gu'))) expect(m[0].length).toBeLessThanOrEqual(bound);
    }));
  });
});
