// A literal space in a pack pattern stands for up to four separators (`GAP_CLASS`). The class is
// a short explicit list (see its comment); these tests pin what it must and must not contain.
import { describe, expect, test } from 'vitest';
import { expandPattern, GAP_CLASS } from './pattern-pack.ts';

const gap = new RegExp(`^${GAP_CLASS}$`, 'u');
const letterOrDigit = /^[\p{L}\p{N}]$/u;

describe('GAP_CLASS', () => {
  test.each([
    ' ', '\t', '\n', '\r', '\u00a0', ',', '.', '!', '?', ':', ';', '-', '_', '/', '(', ')', '"', "'", '«', '»', '¿', '¡',
    '\u2013', '\u2014', '\u2018', '\u2019', '\u201c', '\u201d', '\u2026', '\u200b', '\u200f',
    '\u3000', '\u3001', '\u3002', '\u300c', '\u300d', '\u3010', '\u3011',
    '\u060c', '\u061b', '\u061f', '\u064e', '\u0652', '\u05b8', '\u05be',
  ])('%j separates words', (ch) => {
    expect(gap.test(ch)).toBe(true);
  });

  test('no letter or digit is a separator, except Latin-1 ones that NFKC turns into ASCII (the folded view never holds them)', () => {
    const wrong: string[] = [];
    for (let c = 0; c < 0x10000; c++) {
      const ch = String.fromCharCode(c);
      if (c >= 0xd800 && c <= 0xdfff) continue;
      if (gap.test(ch) && letterOrDigit.test(ch) && !/^[a-z0-9\u2044μ]+$/i.test(ch.normalize('NFKC'))) wrong.push(`U+${c.toString(16)}`);
    }
    expect(wrong).toEqual([]);
  });

  test('a pack space matches separators, not letters, in any script', () => {
    const re = new RegExp(`^${expandPattern('ignore all', true)}$`, 'u');
    expect(['ignore all', 'ignore,  all', 'ignore — all', 'ignore\n\nall', 'ignoreall'].every((t) => re.test(t))).toBe(true);
    expect(['ignore x all', 'ignore ваш all', 'ignore 的 all', 'ignore     all'].some((t) => re.test(t))).toBe(false);
  });
});
