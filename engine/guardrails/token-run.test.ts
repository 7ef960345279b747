import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { builtinPacks } from './default-registry.ts';
import { hasTokenRun, MAX_RUNS, scanChars } from './normalize/char-scan.ts';
import { prng, RegexSampler } from './test-regex-sampler.ts';
import { minTokenRun } from './token-run.ts';

const TOKEN = /[A-Za-z0-9+/_-]+/g;
const longestRun = (s: string): number => Math.max(0, ...[...s.matchAll(TOKEN)].map((m) => m[0].length));

describe('minTokenRun', () => {
  test.each<[string, string, number]>([
    ['ghp_[A-Za-z0-9]{36}', 'gu', 40],
    ['key-[0-9a-f]{32}(?![A-Za-z0-9])', 'gu', 36],
    ['(?<![A-Za-z0-9])AKIA[A-Z0-9]{16}\\b', 'gu', 20],
    ['a b{20}', 'gu', 20],
    ['(?:abc|de)f{3}', 'gu', 5],
    ['(?:[A-Z]{4}|\\d{2}) ?x{16}', 'gu', 16],
    ['x[a-z.]{30}', 'gu', 1],
    ['[^\\s]{30}', 'gu', 0],
    ['.{40}', 'gu', 0],
    ['a{0,30}b', 'gu', 1],
    ['\\d+', 'gu', 1],
    ['\\w{20}', 'gu', 20],
    ['[\\w\\-]{20}', 'gu', 20],
    ['[\\w.]{20}', 'gu', 0],
    // Under `iu`, k and s also match the Kelvin sign and the long s.
    ['\\w{20}', 'giu', 0],
    ['sk-[a-z]{20}', 'giu', 1],
    ['ab-[a-j]{20}', 'giu', 23],
    ['\\u{1F513}[a-z]{3}', 'gu', 3],
    ['(a)\\1', 'gu', 0],
  ])('%s /%s → %s', (source, flags, expected) => {
    expect(minTokenRun(source, flags)).toBe(expected);
  });

  test('every match holds a run at least that long (property)', () => {
    const atom = fc.constantFrom('a', 'B', '7', '-', '_', '\\+', '\\/', ' ', '.', '@', 'é', '[a-f]', '[A-Z0-9]', '[a-z .]', '\\d', '\\w', '\\s', '.', '(?:ab|c)', '(?:a|\\.)');
    const part = fc.tuple(atom, fc.constantFrom('', '?', '{2}', '{1,3}', '{0,2}', '+', '*')).map(([a, q]) => a + q);
    const unit = fc.constantFrom('a', 'b', 'c', 'B', 'Z', '7', '-', '_', '+', '/', ' ', '.', '@', 'é', 'K', 'ſ', '\u212a');
    fc.assert(
      fc.property(fc.array(part, { minLength: 1, maxLength: 6 }), fc.constantFrom('gu', 'giu'), fc.string({ unit, maxLength: 40 }), (parts, flags, text) => {
        const source = parts.join('');
        const bound = minTokenRun(source, flags);
        for (const m of text.matchAll(new RegExp(source, flags))) expect(longestRun(m[0])).toBeGreaterThanOrEqual(bound);
      }),
      { numRuns: 3000, seed: 5 },
    );
  });

  test('built-in base-view rules: every sampled match holds the run', () => {
    const rules = builtinPacks().flatMap((p) => p.rules).filter((r) => r.view === 'base');
    expect(rules.filter((r) => r.minTokenRun >= 16).length).toBeGreaterThan(30);
    const random = prng(3);
    for (const rule of rules) {
      const sampler = new RegexSampler(rule.regex.source);
      const regex = new RegExp(rule.regex.source, rule.regex.flags.replace('g', ''));
      for (let k = 0; k < 300; k++) {
        const m = regex.exec(sampler.sample(random));
        if (m) expect(longestRun(m[0]), `${rule.id}: ${m[0]}`).toBeGreaterThanOrEqual(rule.minTokenRun);
      }
    }
  });
});

describe('hasTokenRun', () => {
  test('finds a listed run long enough, and answers yes when the list is full', () => {
    const key = 'ghp_' + 'a1B2'.repeat(9);
    expect(hasTokenRun(scanChars(`my token is ${key}.`), 40)).toBe(true);
    expect(hasTokenRun(scanChars(`my token is ${key}.`), 41)).toBe(false);
    expect(hasTokenRun(scanChars('plain words, nothing long-winded here'), 16)).toBe(false);
    const many = Array.from({ length: MAX_RUNS + 5 }, (_, i) => `run${String(i).padStart(13, '0')}`).join(' ');
    expect(scanChars(many).runs).toHaveLength(MAX_RUNS);
    expect(hasTokenRun(scanChars(many), 1000)).toBe(true);
  });
});
