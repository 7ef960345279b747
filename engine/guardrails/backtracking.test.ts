// The load-time backtracking check against recheck (a dev dependency, too heavy for load time)
// as the oracle: every pattern recheck proves polynomial or exponential is refused, with the same
// kind; every pattern it proves safe is accepted, but for the refusals listed as conservative.
import { checkSync } from 'recheck';
import { describe, expect, test } from 'vitest';
import { backtrackingHazard, MAX_SPLITS } from './backtracking.ts';
import { parseRegex } from './regex-ast.ts';

type Verdict = 'safe' | 'polynomial' | 'exponential' | 'bounded' | 'too-complex';

const ours = (source: string, flags = 'u'): Verdict => backtrackingHazard(parseRegex(source), flags)?.kind ?? 'safe';

function oracle(source: string, flags = 'u'): Verdict | 'unknown' {
  const result = checkSync(source, flags, { timeout: 10_000, checker: 'automaton' });
  if (result.status === 'vulnerable') return result.complexity.type === 'exponential' ? 'exponential' : 'polynomial';
  return result.status === 'safe' ? 'safe' : 'unknown';
}

const PATTERNS = [
  // A run the search's start and one repetition share (the search tries every start).
  'a+b', '\\w+@', '.*x', '[^y]*y', '\\s+$', 'x[^y]*y', '<[^>]*>', '-{2,}\\s{0,3}begin', '\\d+(?:\\.\\d+)?%', '[a-z]+[0-9]+x',
  '(?:a|b)+c', '\\s+\\S+x', '.*a.*', 'a+\\b', '\\p{L}+\\p{N}+x', 'x\\p{L}+\\p{N}+y', '<system>[\\s\\S]*?</system>', '\\bfoo\\b[^.]*\\bbar\\b',
  '[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}', '(?:\\s*,\\s*\\w+)+;', '(?:foo|bar)+x', '(?:ab)+(?:ba)+', '(?:x|xy)*z', '\\d+\\.\\d+\\.\\d+',
  // Two repetitions of the pattern's own.
  '.*a.*b', '\\w+\\d+x', '\\s*\\s*$', 'a.*.*c', '^\\w+\\d+x', '\\w+(?:-\\w+)*x', '\\w+\\s+\\w+\\s+x', 'x\\w*\\d*y', '[\\p{L}\\p{N}]+\\s+\\p{N}+x',
  // Two ways round a loop.
  '(a|a)*b', '(?:a|ab|b)*c', '(?:a?b?)*c', '(?:\\d+,?)+x', '(?:a+)+b', '(?:a{0,2}a)+b', 'x(?:a|\\w)*y', '^(?:a|a)*$',
  // Safe: anchored, disjoint, bounded, or nothing after the run can fail.
  'xa*y', '^a+b', '\\b\\d{3}-\\d{4}\\b', '(?:\\.\\./){2,}', '\\w+\\s*', 'a+\\w*', '\\b\\w+\\b', 'x\\d+$', 'foo\\s+bar', '"[^"]*"',
  'a{1,1000}b', 'a{1,10}a{1,10}b', '(?:a|ab)(?:c|bcd)', 'https?://\\S+', 'x(?:ab|ac)*y', 'x(?:a{2})+y', 'x(?:\\d{1,3}\\.)+y',
  '\\bfoo\\b[^.]{0,40}\\bbar\\b', '@\\w+\\.\\w+', '\\bpassword\\s*[:=]\\s*\\S+', '\\bsk-[A-Za-z0-9]{20,}', '\\b[A-Z]{2}\\d{2}[A-Z0-9]{10,30}\\b',
  'ignore\\s+(?:all\\s+)?previous\\s+instructions', '(?:^|\\s)#\\w+', '^\\s*$', '^[^:]+:\\s*\\S+$', 'x\\d+\\.\\d+y', '\\(\\s*\\w+\\s*\\)',
  'x\\s{0,40}\\s{0,40}y',
];

/** Refused although recheck proves them safe, and why. */
const CONSERVATIVE: Record<string, string> = {
  'x(?:ab)*(?:ba)*y': 'a repeated group is taken to read its characters in any order, so (ab)* and (ba)* look like they share runs',
  '\\s{0,400}\\s{0,400}y': `bounded, so linear for recheck, but 401 × 401 splits per start is over MAX_SPLITS (${MAX_SPLITS})`,
};

/** Refused where recheck gives up (it does not model lookarounds), and why they are slow. */
const BEYOND_RECHECK: Record<string, string> = {
  'x(?=\\w*z)': 'the lookahead reads the rest of the word from every x, and the run is not consumed: quadratic on xxxx…',
  '(?<=a.*)b': 'the lookbehind reads back to the start of the line from every b',
};

describe('against recheck', () => {
  test('the table is varied enough', () => {
    expect(PATTERNS.length).toBeGreaterThanOrEqual(40);
    expect(new Set(PATTERNS).size).toBe(PATTERNS.length);
  });

  test.each(PATTERNS)('%s', (source) => {
    const verdict = oracle(source);
    expect(verdict).not.toBe('unknown');
    expect(ours(source)).toBe(verdict);
  }, 30_000);

  test.each(Object.entries(CONSERVATIVE))('conservative refusal of %s (%s)', (source) => {
    expect(oracle(source)).toBe('safe');
    expect(ours(source)).not.toBe('safe');
  }, 30_000);

  test.each(Object.entries(BEYOND_RECHECK))('%s: refused where recheck cannot tell (%s)', (source) => {
    expect(oracle(source)).toBe('unknown');
    expect(ours(source)).toBe('polynomial');
  }, 30_000);
});

describe('what lets a run through', () => {
  test.each([
    // A word boundary cannot hold inside a run of word characters, nor of others.
    ['\\bfoo\\w+x', 'safe'],
    ['\\bfoo\\b\\w+x', 'safe'],
    ['\\bfoo[^x]+y', 'polynomial'],
    // One-character lookarounds need or forbid a character of the run.
    ['(?<![\\p{L}\\p{N}])\\p{L}+(?![\\p{L}\\p{N}])', 'safe'],
    ['(?<!x)\\p{L}+1', 'polynomial'],
    ['(?<=\\d)\\p{L}+1', 'safe'],
    // After a longest run of \w, \b holds; (?!\w) too.
    ['\\w+(?!\\w)', 'safe'],
    ['\\w+(?![\\w.])', 'polynomial'],
  ] as const)('%s: %s', (source, verdict) => {
    expect(ours(source)).toBe(verdict);
  });

  test('case folding joins sets that are disjoint as written', () => {
    expect(ours('1[a-z]+[A-Z]+x', 'u')).toBe('safe');
    expect(ours('1[a-z]+[A-Z]+x', 'iu')).toBe('polynomial');
  });
});

describe('bounded repetitions', () => {
  test.each([
    ['x\\s{0,40}\\s{0,40}y', 'safe'],
    ['x\\s{0,400}\\s{0,400}y', 'bounded'],
    // Round an enclosing repetition: a run of `_` split among up to four words and separators.
    ['x(?:[_ ]{0,4}\\w{1,12}){0,4}y', 'bounded'],
    ['x(?:[ ]{0,4}\\w{1,12}){0,4}y', 'safe'],
    // Something that must be read between them: not a split.
    ['x\\s{0,400}-\\s{0,400}y', 'safe'],
    // Two ways round, 30 rounds: 2^30.
    ['x(?:a|a){0,30}y', 'exponential'],
    ['x(?:a|a){0,10}y', 'safe'],
  ] as const)('%s: %s', (source, verdict) => {
    expect(ours(source)).toBe(verdict);
  });

  test('the hazard names both parts, the count of splits and the repetition gone round', () => {
    const source = 'x(?:[_ ]{0,4}\\w{1,12}){0,4}y';
    const hazard = backtrackingHazard(parseRegex(source), 'u')!;
    expect(hazard.splits).toBeGreaterThan(MAX_SPLITS);
    expect([hazard.first, hazard.second, hazard.around].map((at) => source.slice(at![0], at![1]))).toEqual(['[_ ]{0,4}', '[_ ]{0,4}', '(?:[_ ]{0,4}\\w{1,12}){0,4}']);
  });
});
