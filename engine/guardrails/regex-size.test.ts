// V8 never optimises a regex whose source is longer than 20 KB (kRegExpTooLargeToOptimize), and
// an unoptimised rule searched text tens of times more slowly (specs/guardrails.md §6).
import { expect, test } from 'vitest';
import { builtinPacks } from './default-registry.ts';

const V8_OPTIMISE_LIMIT = 20 * 1024;

test('every built-in pattern and `unless`, expanded, stays under V8’s 20 KB optimisation limit', () => {
  const over: string[] = [];
  for (const pack of builtinPacks()) {
    for (const rule of pack.rules) {
      for (const [what, re] of [['pattern', rule.regex], ['unless', rule.unless]] as const) {
        if (re && re.source.length >= V8_OPTIMISE_LIMIT) over.push(`${pack.id}/${rule.id} ${what}: ${re.source.length}`);
      }
    }
  }
  expect(over).toEqual([]);
});
