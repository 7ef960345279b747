// Rule packs refuse patterns that backtrack badly (`backtracking.ts`) with a coded diagnostic
// at the pattern's path that names the parts and the fix, like the nested-repetition refusal.
import { describe, expect, test } from 'vitest';
import { expandPattern, loadPack } from './pattern-pack.ts';

const packOf = (rule: Record<string, unknown>) => ({
  id: 'user',
  guardrail: 'injection',
  rules: [{ id: 'r', category: 'c', score: 0.9, view: 'base', triggers: ['x'], ...rule }],
});
const load = (rule: Record<string, unknown>, lazy = false) => loadPack(packOf(rule), { lazy });

describe('the diagnostic', () => {
  test('a polynomial pattern: code, severity, path, both parts and the fix; the rule is left out', () => {
    const { pack, diagnostics } = load({ pattern: 'token=\\w+\\d+;' });
    expect(diagnostics.map((d) => [d.code, d.severity, d.path])).toEqual([['pack.pattern-polynomial', 'error', ['rules', 0, 'pattern']]]);
    expect(diagnostics[0]!.message).toContain('`\\w+` and `\\d+` both repeat without bound');
    expect(diagnostics[0]!.message).toMatch(/Bound one of them.*disjoint.*literal.*anchor/);
    expect(pack!.rules).toEqual([]);
  });

  test('a run the search reads again from every start names the one part', () => {
    const { diagnostics } = load({ pattern: 'x[^;]*;' });
    expect(diagnostics.map((d) => d.code)).toEqual(['pack.pattern-polynomial']);
    expect(diagnostics[0]!.message).toMatch(/^`\[\^;\]\*` repeats without bound .* Anchor the pattern/);
  });

  test('bounded repetitions: the count of splits, and a literal space quoted as such', () => {
    const { diagnostics } = loadPack({ ...packOf({}), rules: [{ id: 'r', category: 'c', score: 0.9, triggers: ['x'], pattern: 'x(?: [\\w_]{1,12}){0,4} y' }] });
    expect(diagnostics.map((d) => d.code)).toEqual(['pack.pattern-polynomial']);
    expect(diagnostics[0]!.message).toMatch(/^a space \(up to four separators\) and .*going round `\(\?: \[\\w_\]\{1,12\}\)\{0,4\}`.* ways \(more than 100,000\)/);
  });

  test('an alternation that reads the same text two ways under a repetition is exponential', () => {
    const { diagnostics } = load({ pattern: 'x(?:a|ab|b)*c' });
    expect(diagnostics.map((d) => [d.code, d.path])).toEqual([['pack.pattern-unsafe', ['rules', 0, 'pattern']]]);
    expect(diagnostics[0]!.message).toContain('`(?:a|ab|b)*` repeats a part that can read the same text in more than one way');
  });

  test('`unless` is checked too, at its own path', () => {
    const { diagnostics } = load({ pattern: 'x\\d{3}', unless: '\\s+$' });
    expect(diagnostics.map((d) => [d.code, d.path])).toEqual([['pack.pattern-polynomial', ['rules', 0, 'unless']]]);
  });

  test('a named back-reference cannot be read, so it is refused', () => {
    const { diagnostics } = load({ pattern: '(?<q>x)y\\k<q>' });
    expect(diagnostics.map((d) => d.code)).toEqual(['pack.pattern-unsafe']);
  });

  test('a lazy load (trusted packs) skips the check', () => {
    const { pack, diagnostics } = load({ pattern: 'token=\\w+\\d+;' }, true);
    expect(diagnostics).toEqual([]);
    expect(pack!.rules.map((r) => r.id)).toEqual(['r']);
  });
});

describe('ordinary patterns load', () => {
  test.each([
    'ignore (?:all )?(?:the )?previous instructions',
    '\\b\\d{3}-\\d{4}\\b',
    '\\bpassword\\s*[:=]\\s*\\S+',
    '\\bsk-[A-Za-z0-9]{20,}',
    'https?://\\S+',
    '"[^"]*"',
    'x\\s{0,40}\\s{0,40}y',
    '(?<![\\p{L}\\p{N}])xyz\\p{L}*(?![\\p{L}\\p{N}])',
    '\\bx\\w+\\b',
    '^x[^:]+:\\s*\\S+$',
    // µ and ª are in the gap class and in \p{L}, but the views are NFKC: they never occur.
    'x(?: \\p{L}{1,12}){0,4} y',
  ])('%s', (pattern) => {
    const { diagnostics } = load({ pattern });
    expect(diagnostics).toEqual([]);
  });
});

// Each refused shape with the input that makes it slow: the search fails from every start, so
// the engine tries every split (V8's time grows with the square, the cube or the power of n;
// measured in specs/guardrails.md §6, never asserted here).
describe('refused shapes and their slow inputs', () => {
  test.each<[string, string, (n: number) => string, number]>([
    ['\\s+$', 'pack.pattern-polynomial', (n) => ' '.repeat(n) + 'x', 2000],
    ['x[^y]*y', 'pack.pattern-polynomial', (n) => 'x'.repeat(n), 2000],
    ['<[^>]*>', 'pack.pattern-polynomial', (n) => '<'.repeat(n), 2000],
    ['-{2,}\\s{0,3}begin', 'pack.pattern-polynomial', (n) => '-'.repeat(n), 2000],
    ['\\bx\\b[^.]*\\bbar\\b', 'pack.pattern-polynomial', (n) => 'x '.repeat(n), 1000],
    ['x(?=\\w*z)', 'pack.pattern-polynomial', (n) => 'x'.repeat(n), 2000],
    ['(?:x|xy)*z', 'pack.pattern-polynomial', (n) => 'x'.repeat(n), 2000],
    ['[a-z]+[0-9]+x', 'pack.pattern-polynomial', (n) => 'a'.repeat(n) + '1', 2000],
    ['x\\w+\\d+;', 'pack.pattern-polynomial', (n) => 'x' + '1'.repeat(n), 300],
    ['x.*a.*b', 'pack.pattern-polynomial', (n) => 'x' + 'a'.repeat(n), 300],
    ['x\\s*\\s*$', 'pack.pattern-polynomial', (n) => 'x' + ' '.repeat(n) + 'y', 300],
    ['x(?:[_ ]{0,4}\\w{1,12}){0,4}y', 'pack.pattern-polynomial', (n) => 'x' + '_'.repeat(n), 30],
    ['x(?:a|ab|b)*c', 'pack.pattern-unsafe', (n) => 'x' + 'ab'.repeat(n), 12],
    ['x(?:a|a){0,30}y', 'pack.pattern-unsafe', (n) => 'x' + 'a'.repeat(n), 16],
    ['x(?:\\d+,?)+;', 'pack.pattern-unsafe', (n) => 'x' + '1'.repeat(n), 16],
  ])('%s', (pattern, code, slow, n) => {
    expect(load({ pattern }).diagnostics.map((d) => d.code)).toEqual([code]);
    expect(new RegExp(expandPattern(pattern), 'u').test(slow(n))).toBe(false);
  });
});

describe('the check itself stays quick', () => {
  test('a pattern too deeply nested to follow is refused, not followed for ever', () => {
    // Thirty levels, each going round its body again for what opens inside it.
    const deep = `x${'(?:\\b[a-z]{0,2}'.repeat(30)}${'){0,2}'.repeat(30)}y`;
    const { diagnostics } = load({ pattern: deep });
    expect(diagnostics.map((d) => [d.code, d.message])).toEqual([['pack.pattern-unsafe', expect.stringContaining('too large or too deeply nested')]]);
  });
});
