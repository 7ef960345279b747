import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { compileGlob, globMatch } from './glob.ts';

// [glob, text, matches] — the reference's fnmatch semantics, pinned case by case.
const table: [string, string, boolean][] = [
  ['read', 'read', true],
  ['read', 'read_file', false],
  ['read*', 'read_file', true],
  ['read*', 'read', true],
  ['DELETE*', 'delete_all', false],
  ['Prod*', 'production', false],
  ['multi*line', 'multi\nline', true],
  ['s3://bucket/*', 's3://bucket/a/b/c', true],
  ['/etc/*', '/etc/ssh/sshd_config', true],
  ['[^q]2', '^2', true],
  ['[^q]2', 'q2', true],
  ['[^q]2', 'x2', false],
  ['[]]3', ']3', true],
  ['[!]]4', 'a4', true],
  ['[!]]4', ']4', false],
  ['[z-a]5', 'z5', false],
  ['[z-a]5', 'a5', false],
  ['[abc6', '[abc6', true],
  ['[abc6', 'a', false],
  ['x[*]y', 'x*y', true],
  ['x[*]y', 'xay', false],
  ['q[?]', 'q?', true],
  ['q[?]', 'qa', false],
  ['[-_]7', '-7', true],
  ['[-_]7', '_7', true],
  ['[-_]7', 'a7', false],
  ['[a-]', '-', true],
  ['\\*', '\\abc', true],
  ['\\*', '*', false],
  ['{a,b}', '{a,b}', true],
  ['{a,b}', 'a', false],
  ['**x', 'abx', true],
  ['*.*', 'a.b', true],
  ['*.*', 'ab', false],
  ['a.b', 'axb', false],
  ['a+b', 'a+b', true],
  ['a|b', 'a', false],
  ['^x$', '^x$', true],
  ['(x)', '(x)', true],
  ['a*b*c', 'aXbYc', true],
  ['a*b*c', 'acb', false],
  ['emoji_?', 'emoji_😀', true],
  ['emoji_?', 'emoji_ab', false],
  ['??', '😀a', true],
  ['', '', true],
  ['', 'a', false],
  ['*', '', true],
  ['[d-f]1', 'e1', true],
  ['[d-f]1', 'g1', false],
  ['[!xyz]x*', 'axe', true],
  ['[!xyz]x*', 'xx', false],
  ['[!z-a]', 'q', true],
  ['db.?', 'db.1', true],
  ['db.?', 'db.12', false],
  ['café', 'cafe\u0301', false],
  ['삭제*', '삭제_all', true],
  ['*-prod', 'api-prod', true],
  ['*secret*', 'my_secret_store', true],
];

describe('glob (fnmatch semantics)', () => {
  it.each(table)('%j vs %j → %s', (glob, text, expected) => {
    expect(globMatch(glob, text)).toBe(expected);
  });

  it('stays fast on adversarial input', () => {
    const g = compileGlob('*a*a*a*a*a*b');
    const text = 'a'.repeat(20_000);
    expect(g.test(text)).toBe(false);
  });

  it('reports literal prefixes for indexing', () => {
    expect(compileGlob('delete*').literalPrefix).toBe('delete');
    expect(compileGlob('read').exact).toBe(true);
    expect(compileGlob('*').matchesAll).toBe(true);
    expect(compileGlob('[ab]*').literalPrefix).toBe('');
  });

  // Straightforward reference: recursive matcher over the same glob language restricted to
  // literals, `*` and `?` (classes are covered by the table above).
  function naive(glob: string[], text: string[]): boolean {
    if (!glob.length) return !text.length;
    const [g, ...rest] = glob;
    if (g === '*') return naive(rest, text) || (text.length > 0 && naive(glob, text.slice(1)));
    if (!text.length) return false;
    return (g === '?' || g === text[0]) && naive(rest, text.slice(1));
  }

  it('agrees with a naive matcher on random globs (property)', () => {
    const alphabet = fc.constantFrom('a', 'b', '*', '?', '😀', '/');
    const textAlphabet = fc.constantFrom('a', 'b', '😀', '/', '\n');
    fc.assert(
      fc.property(fc.array(alphabet, { maxLength: 8 }), fc.array(textAlphabet, { maxLength: 10 }), (g, t) => {
        expect(globMatch(g.join(''), t.join(''))).toBe(naive(g, t));
      }),
      { numRuns: 3000 },
    );
  });

  it('every literal glob matches only itself (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }).filter((s) => !/[*?[]/.test(s)), fc.string(), (s, other) => {
        expect(globMatch(s, s)).toBe(true);
        if (other !== s) expect(globMatch(s, other)).toBe(false);
      }),
    );
  });
});
