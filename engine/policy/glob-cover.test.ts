import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { globMatch } from './glob.ts';
import { globCovers, globOverlap, globSample, globWitness } from './glob-cover.ts';

describe('globCovers', () => {
  // [outer, inner, covers]
  it.each([
    ['*', 'delete_all', true],
    ['**', 'x[!a]*', true],
    ['read*', 'read_secret*', true],
    ['read_secret*', 'read*', false],
    ['read*', 'read', true],
    ['read', 'read*', false],
    ['*_phi*', 'export_phi*', true],
    ['export_phi*', '*_phi*', false],
    ['*delete*', 'bulk_delete', true],
    ['delete*', 'Delete*', false],
    ['[a-z]*', 'abc', true],
    ['[a-c]x', '[!d-z]x', false],
    ['?', '[abc]', true],
    ['[abc]', '?', false],
    ['prod*', '[z-a]', true],
    ['a*b*c', 'a*c', false],
    ['a*c', 'a*b*c', true],
  ])('%s covers %s: %s', (outer, inner, expected) => {
    expect(globCovers(outer, inner)).toBe(expected);
  });

  it('agrees with brute force on small globs', () => {
    const glob = fc.stringMatching(/^[ab*?]{0,4}$/);
    const text = fc.stringMatching(/^[abc]{0,5}$/);
    fc.assert(
      fc.property(glob, glob, fc.array(text, { maxLength: 30 }), (outer, inner, texts) => {
        const covers = globCovers(outer, inner);
        if (covers) {
          for (const t of texts) if (globMatch(inner, t)) expect(globMatch(outer, t)).toBe(true);
        } else {
          const w = globWitness([inner, outer], [true, false]);
          expect(typeof w).toBe('string');
          expect(globMatch(inner, w as string)).toBe(true);
          expect(globMatch(outer, w as string)).toBe(false);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('globSample and globOverlap', () => {
  it.each(['delete*', '*delete*', 'prod[0-9]', 's3://bucket/*', '[!a]x', 'read_?'])('a sample of %s matches it', (glob) => {
    const sample = globSample(glob);
    expect(sample).toBeDefined();
    expect(globMatch(glob, sample!)).toBe(true);
  });

  it('prefers the shortest readable sample', () => {
    expect(globSample('delete*')).toBe('delete');
    expect(globSample('*')).toBe('');
  });

  it('has no sample for a glob that matches nothing', () => {
    expect(globSample('[z-a]x')).toBeUndefined();
  });

  it('finds a string two globs share, or none', () => {
    const both = globOverlap('read*', '*_secret');
    expect(both && globMatch('read*', both) && globMatch('*_secret', both)).toBe(true);
    expect(globOverlap('read*', 'write*')).toBeUndefined();
  });
});
