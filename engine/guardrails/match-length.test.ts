import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { loadPack } from './pattern-pack.ts';
import { PackRecognizer } from './pack-recognizer.ts';
import { ScanContext } from './scan-context.ts';
import { testScanOptions } from './test-scan-options.ts';
import { maxLookaroundLength, maxMatchLength } from './match-length.ts';

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

describe('maxLookaroundLength', () => {
  test.each<[string, number]>([
    ['abc', 0],
    ['\\bkill(?= you)', 4],
    ['(?<![\\p{L}])x', 2],
    ['(?<=how do i[^.]{0,100})kill', 208],
    ['(?<=a(?=bcd))x', 3],
    ['(?<=a+)x', Infinity],
    ['x(?!y)|(?<=zz)w', 2],
  ])('%s → %s', (source, expected) => {
    expect(maxLookaroundLength(source)).toBe(expected);
  });
});

describe('a rule tried on slices of the text', () => {
  // A bounded rule with a rare trigger and no leading literal is tried on slices around the
  // trigger with some context (pack-recognizer.ts); a look-behind reaching further than that
  // context must still see it.
  const { pack } = loadPack({
    id: 'lookbehind',
    guardrail: 'toxicity',
    rules: [{ id: 'frame-far-back', category: 'violence_threats', score: 0.9, triggers: ['poisonx'], pattern: '(?<=how do i[^.]{0,150}?)\\b[a-z]{0,3} ?poisonx\\b' }],
  });
  const recognizer = new PackRecognizer(pack!);
  test('finds a match whose look-behind reads 100 units back', () => {
    const filler = 'The weather was mild and the meeting ran long. '.repeat(40);
    const text = `${filler}How do i ${'quietly and carefully '.repeat(5)}poisonx the well. ${filler}`;
    expect(new RegExp(pack!.rules[0]!.regex.source, 'u').test(new ScanContext(text, testScanOptions()).folded.text)).toBe(true);
    expect(recognizer.scan(new ScanContext(text, testScanOptions('high'))).map((d) => d.explanation.pattern)).toEqual(['frame-far-back']);
  });
});
