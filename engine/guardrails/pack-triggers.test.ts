import { describe, expect, test } from 'vitest';
import { BUILTIN_PACKS } from './default-registry.ts';
import { loadPack, type CompiledPack, type CompiledRule } from './pattern-pack.ts';
import { TriggerIndex } from './prefilter.ts';
import { ScanContext } from './scan-context.ts';
import { testScanOptions } from './test-scan-options.ts';
import { prng, RegexSampler } from './test-regex-sampler.ts';

/**
 * A rule runs only when one of its trigger literals occurs in the text (`prefilter.ts`), so a
 * branch of its pattern whose matches contain no trigger can never fire. Random strings drawn
 * from each pattern are read into the scanner's views; wherever the rule's regex matches its
 * view, the trigger index must select the rule.
 */
const ATTEMPTS = 1_500;

function unselectedMatches(pack: CompiledPack, rule: CompiledRule, seed: number, attempts = ATTEMPTS): string[] {
  const sampler = new RegexSampler(rule.regex.source);
  const regex = new RegExp(rule.regex.source, rule.regex.flags.replace('g', ''));
  const single: CompiledPack = { id: pack.id, guardrail: pack.guardrail, rules: [rule] };
  const index = new TriggerIndex([single]);
  const random = prng(seed);
  const out = new Set<string>();
  for (let k = 0; k < attempts && out.size < 3; k++) {
    const ctx = new ScanContext(sampler.sample(random), testScanOptions());
    const view = rule.view === 'base' ? ctx.base.text : ctx.folded.text;
    const m = regex.exec(view);
    if (!m || m[0] === '') continue;
    const selected = index.select(ctx.folded.text, ctx.base.text).rules.get(single) ?? [];
    if (!selected.includes(rule)) out.add(m[0]);
  }
  return [...out];
}

describe.each(BUILTIN_PACKS.map((data) => [(data as { id: string }).id, data]))('pack %s: every match selects its rule', (_id, data) => {
  const pack = loadPack(data).pack!;
  const rules = pack.rules.filter((r) => !r.alwaysRun);
  test.each(rules.map((r, i) => [r.id, r, i]))('%s', (_rule, rule, i) => {
    expect(unselectedMatches(pack, rule as CompiledRule, 1 + (i as number))).toEqual([]);
  });
});
