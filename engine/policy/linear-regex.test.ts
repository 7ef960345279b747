import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { guardedMatcher, linearMatcher } from './linear-regex.ts';

describe('linearMatcher', () => {
  test.each<[string, string, string]>([
    ['select.*from.*where', '', 'SELECT a FROM t WHERE x'],
    ['select.*from.*where', 'i', 'SELECT a FROM t WHERE x'],
    ['^rm\\s+-rf', '', 'rm  -rf /'],
    ['^rm\\s+-rf', '', 'echo; rm -rf /'],
    ['^rm', 'm', 'echo\nrm -rf /'],
    ['prod$', 'm', 'db=prod\nother'],
    ['\\bdrop\\b', 'i', 'please DROP table'],
    ['\\bdrop\\b', 'i', 'raindrops'],
    ['a{2,3}b', '', 'xaab'],
    ['a{2,3}b', '', 'xab'],
    ['(?<year>\\d{4})-\\d{2}', '', 'on 2024-05-01'],
    ['[^a-z]{3}', '', 'abc123'],
    ['a.b', '', 'a\nb'],
    ['a.b', 's', 'a\nb'],
    ['', '', 'anything'],
    ['x|y{0}', '', 'z'],
    ['\\x41\\u0042', 'i', 'ab'],
    ['[]', '', 'a'],
    ['[^]', '', '\n'],
  ])('/%s/%s on %j answers as RegExp does', (source, flags, text) => {
    const test = linearMatcher(source, flags);
    expect(test).not.toBeNull();
    expect(test!(text)).toBe(new RegExp(source, flags).test(text));
  });

  test.each(['a(?=b)', 'a(?!b)', '(?<=a)b', '(?<!a)b', '(a)\\1', '\\01', '\\c'])('%s is left to the backtracking engine', (source) => {
    expect(linearMatcher(source, '')).toBeNull();
  });

  test('patterns that backtrack polynomially answer on long values', () => {
    const long = 'a'.repeat(100_000);
    expect(linearMatcher('.*.*.*x', '')!(long)).toBe(false);
    expect(linearMatcher('a.*b.*c', '')!(long + 'bc')).toBe(true);
    // The guarded matcher leaves such a value to the automaton, and short ones to the native engine.
    expect(guardedMatcher(/.*.*.*x/, '.*.*.*x')(long)).toBe(false);
    expect(guardedMatcher(/.*.*.*x/, '.*.*.*x')('aax')).toBe(true);
    expect(guardedMatcher(/a(?=b)/, 'a(?=b)')('xab')).toBe(true);
    // 2^30 ways through thirty alternations in a row: the automaton answers.
    const thirty = '(?:a|a)'.repeat(30) + 'b';
    expect(guardedMatcher(new RegExp(thirty), thirty)('a'.repeat(40))).toBe(false);
  });

  test('answers as RegExp does (property)', () => {
    const atom = fc.constantFrom('a', 'b', 'A', '1', ' ', '.', '[ab]', '[^a]', '[a-c1]', '\\d', '\\w', '\\s', '\\W', '\\.', '\\n', '\\b', '\\B', '^', '$', 'x', '_');
    const quant = fc.constantFrom('', '', '', '*', '+', '?', '*?', '+?', '{2}', '{0,2}', '{1,}', '{1,3}?');
    const piece: fc.Arbitrary<string> = fc.letrec((tie) => ({
      piece: fc.oneof(
        { arbitrary: fc.tuple(atom, quant).map(([a, q]) => (['^', '$', '\\b', '\\B'].includes(a) ? a : a + q)), weight: 6 },
        { arbitrary: fc.tuple(fc.array(tie('piece'), { minLength: 1, maxLength: 3 }), fc.array(tie('piece'), { maxLength: 3 }), fc.constantFrom('', '?', '*', '{1,2}'), fc.constantFrom('(', '(?:')).map(([l, r, q, open]) => `${open}${l.join('')}|${r.join('')})${q}`), weight: 1 },
      ),
    })).piece as fc.Arbitrary<string>;
    const source = fc.array(piece, { minLength: 1, maxLength: 5 }).map((p) => p.join(''));
    const flags = fc.constantFrom('', 'i', 'm', 's', 'im', 'ms', 'ims');
    const text = fc.string({ unit: fc.constantFrom('a', 'b', 'A', 'B', 'x', '1', ' ', '\n', '.', '_', 'é', '\u2028'), maxLength: 16 });
    let modelled = 0;
    fc.assert(
      fc.property(source, flags, fc.array(text, { minLength: 1, maxLength: 4 }), (src, f, texts) => {
        let native: RegExp;
        try {
          native = new RegExp(src, f);
        } catch {
          return;
        }
        const test = linearMatcher(src, f);
        if (test === null) return;
        modelled++;
        const guarded = guardedMatcher(native, src);
        for (const t of texts) {
          expect(test(t), `/${src}/${f} on ${JSON.stringify(t)}`).toBe(native.test(t));
          expect(guarded(t)).toBe(native.test(t));
        }
      }),
      { numRuns: 5000, seed: 37 },
    );
    expect(modelled).toBeGreaterThan(4000);
  });
});
