import { describe, expect, test } from 'vitest';
import { charSetOf, intersects, isSubset } from './char-set.ts';

const set = (source: string, flags = 'u') => (source.length === 1 ? charSetOf({ kind: 'char', text: source }, flags) : charSetOf({ kind: 'class', source }, flags));
const nfkcStable = (cp: number): boolean => String.fromCodePoint(cp).normalize('NFKC') === String.fromCodePoint(cp);

describe('whether sets share a character', () => {
  test.each([
    ['\\w', '\\s', 'u', false],
    ['\\w', '[^a-z]', 'u', true],
    ['.', '\\n', 'u', false],
    ['.', '[\\r\\u2028]', 'u', false],
    ['[^\\n]', '\\r', 'u', true],
    ['\\p{L}', '\\p{N}', 'u', false],
    ['[\\p{L}\\p{N}]', '[^\\p{L}\\p{N}]', 'u', false],
    ['\\P{L}', '\\p{Nd}', 'u', true],
    ['\\p{L}', '[\\s,.;]', 'u', false],
    ['\\p{L}', '[\\0-\\/:-@\\[-`{-\\xbf]', 'u', true],
    ['[a-z]', '[A-Z]', 'u', false],
    ['[a-z]', '[A-Z]', 'iu', true],
    ['k', '\\u212a', 'iu', true],
    ['\\d', '[\\x30-\\x39]', 'u', true],
    ['\\d', '\\uff10', 'u', false],
  ] as const)('%s and %s (%s): %s', (a, b, flags, expected) => {
    expect(intersects([set(a, flags), set(b, flags)], flags)).toBe(expected);
  });

  test('`\\p{Script=…}` sets are taken to overlap: nothing says they do not', () => {
    expect(intersects([set('\\p{Script=Greek}'), set('\\p{Script=Latin}')], 'u')).toBe(true);
  });

  test('characters that never occur do not count', () => {
    // ª µ º are letters in the separator block; NFKC turns them into a, μ, o.
    expect(intersects([set('\\p{L}'), set('[{-\\xbf]')], 'u')).toBe(true);
    expect(intersects([set('\\p{L}'), set('[{-\\xbf]')], 'u', nfkcStable)).toBe(false);
  });
});

describe('whether one set is inside another', () => {
  test.each([
    ['[a-c]', '\\w', true],
    ['\\w', '[a-z]', false],
    ['\\p{Lu}', '\\p{L}', true],
    ['\\p{L}', '[\\p{L}\\p{N}]', true],
    ['[\\p{L}\\p{N}]', '\\p{L}', false],
    ['x', '[^y]', true],
  ] as const)('%s in %s: %s', (a, b, expected) => {
    expect(isSubset(set(a), set(b), 'u')).toBe(expected);
  });
});
