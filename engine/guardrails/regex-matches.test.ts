import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { allMatches, splitBy } from './regex-matches.ts';

const shape = (ms: Iterable<RegExpMatchArray>) => [...ms].map((m) => [m.index, [...m]]);

describe('allMatches', () => {
  test.each<[RegExp, string]>([
    [/\S+/g, '  two words\tand\nlines  '],
    [/\d{2}/g, 'a1234b56c7'],
    [/x*/g, 'axxbx'],
    [/(?:)/gu, 'a😀b'],
    [/(?:)/g, 'a😀b'],
    [/(a)|(b)/g, 'abcab'],
    [/\p{L}+/gu, 'Grüße, 世界! ok'],
    [/z/g, ''],
  ])('%s in %j: the matches matchAll finds', (re, text) => {
    expect(shape(allMatches(re, text))).toEqual(shape(text.matchAll(re)));
  });

  test('leaves lastIndex at 0 and may be used again while its matches are read', () => {
    const re = /\w+/g;
    const outer = allMatches(re, 'one two');
    const inner = outer.map((m) => allMatches(re, m[0] + ' x').length);
    expect(inner).toEqual([2, 2]);
    expect(re.lastIndex).toBe(0);
  });

  test('refuses a regex without the g flag', () => {
    expect(() => allMatches(/a/, 'a')).toThrow(TypeError);
  });

  test('same matches as matchAll (property)', () => {
    const source = fc.constantFrom('a', 'b+', 'a|', '[ab]{0,2}', '(?:ab)?', '\\s', 'b*a', '😀?');
    fc.assert(fc.property(source, fc.string({ unit: fc.constantFrom('a', 'b', ' ', '😀'), maxLength: 30 }), fc.boolean(), (src, text, unicode) => {
      const re = new RegExp(src, unicode ? 'gu' : 'g');
      expect(shape(allMatches(re, text))).toEqual(shape(text.matchAll(new RegExp(src, re.flags))));
    }));
  });
});

describe('splitBy', () => {
  test('the parts split gives, for separators that never match empty (property)', () => {
    const separator = fc.constantFrom(/\s+/g, /[ .\-/]/g, /[ -]/g, /,/g);
    fc.assert(fc.property(separator, fc.string({ unit: fc.constantFrom('a', '1', ' ', '-', '.', '/', ',', '\n'), maxLength: 30 }), (re, text) => {
      expect(splitBy(re, text)).toEqual(text.split(new RegExp(re.source)));
    }));
  });
});
