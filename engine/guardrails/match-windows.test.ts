import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { builtinPacks } from './default-registry.ts';
import { createGuardrails } from './guardrails.ts';
import { loadPack, type CompiledPack, type CompiledRule } from './pattern-pack.ts';
import { PackRecognizer } from './pack-recognizer.ts';
import { TriggerIndex } from './prefilter.ts';
import { ScanContext } from './scan-context.ts';
import { testScanOptions } from './test-scan-options.ts';

/**
 * A bounded rule is tried only within `maxLength` units before its trigger (or requirement)
 * occurrences (`Selection.windows`): every match a full scan of the view finds must start in
 * one of those ranges. Base-view rules use the ranges only where the base and folded views
 * share offsets (`ScanContext.viewsAligned`).
 */
const bounded: [CompiledPack, CompiledRule][] = builtinPacks().flatMap((pack) =>
  pack.rules.filter((r) => r.maxLength !== Infinity && !r.alwaysRun).map((r) => [pack, r] as [CompiledPack, CompiledRule]));

function uncovered(pack: CompiledPack, rule: CompiledRule, text: string): number[] {
  const ctx = new ScanContext(text, testScanOptions());
  if (rule.view === 'base' && !ctx.viewsAligned) return [];
  const view = rule.view === 'base' ? ctx.base.text : ctx.folded.text;
  const single: CompiledPack = { ...pack, rules: [rule] };
  const selection = new TriggerIndex([single]).select(ctx.folded.text, ctx.base.text);
  const windows = selection.windows(rule);
  const re = new RegExp(rule.regex.source, rule.regex.flags);
  const out: number[] = [];
  for (const m of view.matchAll(re)) {
    if (m[0].length === 0) continue;
    // A match the trigger index does not select is pack-triggers.test.ts's business.
    if (!(selection.rules.get(single) ?? []).includes(rule)) continue;
    if (windows === undefined) continue;
    let inside = false;
    for (let w = 0; w < windows.length; w += 2) if (m.index >= windows[w]! && m.index < windows[w + 1]!) inside = true;
    if (!inside) out.push(m.index);
  }
  return out;
}

describe('match windows', () => {
  test('most built-in rules are bounded', () => {
    expect(bounded.length).toBeGreaterThan(250);
    expect(bounded.filter(([, r]) => r.view === 'base').length).toBeGreaterThan(30);
  });

  test('every match of every rule example starts inside a window', () => {
    for (const [pack, rule] of bounded) {
      for (const example of rule.examples.match) expect(uncovered(pack, rule, example), `${rule.id}: ${example}`).toEqual([]);
    }
  });

  test('on texts stitched from the rules’ examples, literals and filler (property)', () => {
    const pieces = [...new Set(bounded.flatMap(([, r]) => [...r.triggers, ...r.requires, ...r.implied, ...r.examples.match]))];
    const glue = fc.constantFrom(' ', '  ', '\n', ', ', '. ', 'x', ' the ', ' and then ', ' '.repeat(40), 'lorem ipsum dolor sit amet '.repeat(8));
    const text = fc.array(fc.oneof(fc.constantFrom(...pieces), glue), { maxLength: 12 }).map((parts) => parts.join(''));
    fc.assert(
      fc.property(fc.constantFrom(...bounded), text, ([pack, rule], t) => {
        expect(uncovered(pack, rule, t)).toEqual([]);
      }),
      { numRuns: 3000, seed: 11 },
    );
  });

  test('ranges are merged, in order, and clipped at the start of the text', () => {
    const pack = builtinPacks().find((p) => p.id === 'toxicity')!;
    const rule = pack.rules.find((r) => r.id === 'harmful-violence-question')!;
    const single: CompiledPack = { ...pack, rules: [rule] };
    const text = 'kill all politicians. ' + 'nothing here. '.repeat(60) + 'kill all politicians.';
    const windows = new TriggerIndex([single]).select(text, null).windows(rule)!;
    expect(windows[0]).toBe(0);
    expect(windows.length).toBe(4);
    expect(windows[2]! - windows[1]!).toBeGreaterThan(0);
  });

  test('selections from one index keep their own windows when asked in turn', () => {
    // The index fills one table of found literals for whichever selection asks; asking for
    // another selection's windows in between must not leak its literals into the first.
    const pack = builtinPacks().find((p) => p.id === 'toxicity')!;
    const rule = pack.rules.find((r) => r.id === 'harmful-violence-question')!;
    const single: CompiledPack = { ...pack, rules: [rule] };
    const early = 'kill all politicians. ' + 'nothing here. '.repeat(60);
    const late = 'nothing here. '.repeat(60) + 'kill all politicians.';
    const alone = (text: string) => new TriggerIndex([single]).select(text, null).windows(rule);
    const index = new TriggerIndex([single]);
    const a = index.select(early, null);
    const b = index.select(late, null);
    const none = index.select('nothing here at all', null);
    expect(b.windows(rule)).toEqual(alone(late));
    expect(none.windows(rule)).toEqual(alone('nothing here at all'));
    expect(a.windows(rule)).toEqual(alone(early));
    expect(a.windows(rule)).not.toEqual(b.windows(rule));
  });

  test('a requires list with a literal that occurs everywhere is not checked (the regex decides)', () => {
    // "one of in, zebra" almost always holds; recording every "in" cost more than it saved.
    const pack = (requires: string[]) =>
      loadPack({ id: 'p', guardrail: 'toxicity', rules: [{ id: 'r', category: 'c', score: 0.7, triggers: ['call'], requires, pattern: '\\bcall (?:in|zebra)\\b' }] }).pack!;
    const weak = pack(['in', 'zebra']);
    const strict = pack(['zebra', 'giraffe']);
    expect(new TriggerIndex([weak]).select('call me', null).rules.get(weak)).toEqual(weak.rules);
    expect(new TriggerIndex([strict]).select('call me', null).rules.get(strict)).toBeUndefined();
    expect(new TriggerIndex([strict]).select('call zebra', null).rules.get(strict)).toEqual(strict.rules);
    // Either way the matches are the pattern's.
    const ctx = new ScanContext('please call in now', testScanOptions());
    const found = new PackRecognizer(weak).scan(ctx);
    expect(found.map((d) => d.span)).toEqual([[7, 14]]);
  });

  test('listed triggers are checked together with the literals the pattern itself requires', () => {
    // Listed triggers "call" and "ring" are common; every match also holds "girlfriend" or "boyfriend".
    const { pack } = loadPack({
      id: 'p',
      guardrail: 'toxicity',
      rules: [{ id: 'r', category: 'c', score: 0.7, triggers: ['call', 'ring'], pattern: '\\b(?:call|ring) (?:my|your) (?:girlfriend|boyfriend)\\b' }],
    });
    const rule = pack!.rules[0]!;
    expect(rule.implied.sort()).toEqual(['boyfriend', 'girlfriend']);
    const index = new TriggerIndex([pack!]);
    expect(index.select('please call me back', null).rules.get(pack!)).toBeUndefined();
    expect(index.select('call my girlfriend', null).rules.get(pack!)).toEqual([rule]);
    // Far apart, both occur but no match can hold them: no window.
    const apart = index.select('call me. ' + 'nothing to see here. '.repeat(10) + 'my girlfriend', null);
    expect(apart.rules.get(pack!)).toEqual([rule]);
    expect(apart.windows(rule)).toEqual([]);
    // Triggers read from the pattern (none listed) are not checked twice.
    const derived = loadPack({ id: 'q', guardrail: 'toxicity', rules: [{ id: 'r', category: 'c', score: 0.7, pattern: 'call (?:my|your) girlfriend' }] });
    expect(derived.pack!.rules[0]!.implied).toEqual([]);
  });

  test('a trigger with no requirement within the longest match opens no window', () => {
    const pack = builtinPacks().find((p) => p.id === 'toxicity')!;
    const rule = pack.rules.find((r) => r.requires.length > 0 && r.view === 'folded' && r.maxLength < 400 && r.examples.match.length > 0)!;
    const single: CompiledPack = { ...pack, rules: [rule] };
    const filler = 'nothing to see here. '.repeat(Math.ceil(rule.maxLength / 10));
    const apart = `${rule.triggers[0]} ${filler}${rule.requires[0]}`;
    const selection = new TriggerIndex([single]).select(apart, null);
    expect(selection.rules.get(single)).toEqual([rule]);
    expect(selection.windows(rule)).toEqual([]);
    // Near each other they do.
    const example = rule.examples.match[0]!.toLowerCase();
    expect(new TriggerIndex([single]).select(filler + example, null).windows(rule)!.length).toBeGreaterThan(0);
  });
});

describe('base-view rules and view alignment', () => {
  test.each<[string, boolean]>([
    ['plain ascii text', true],
    ['café, naïve, 日本語, 한국어', true],
    ['Привет wоrld (a Cyrillic о inside a Latin word)', true],
    ['zero\u200bwidth space', false],
    ['\x1b[31mred\x1b[0m', false],
    ['a ﬁle ligature', false],
  ])('%j aligned: %s', (text, aligned) => {
    expect(new ScanContext(text, testScanOptions()).viewsAligned).toBe(aligned);
  });

  // Mailgun's private key has no literal but "-": on aligned views it is tried only near
  // hyphens, elsewhere over the whole base view; found the same either way.
  const key = `${'0123456789abcdef'.repeat(2)}-0a1b2c3d-4e5f6a7b`;
  const pack = builtinPacks().find((p) => p.id === 'secret-tokens')!;
  const rule = pack.rules.find((r) => r.id === 'mailgun-key-v2')!;
  // Stray combining marks stay in the base view and leave the folded one: 80 of them put the
  // hyphens 80 units apart in the two views, more than a key's length.
  test.each([
    ['nothing', ''],
    ['accents', 'café '],
    ['an invisible character', 'zero\u200bwidth '],
    ['a ligature', 'a ﬁle '],
    ['80 stray combining marks', 'x\u0301'.repeat(80) + ' '],
  ])('a key after %s is found at its place', (_label, prefix) => {
    const text = `${prefix}${'some words here. '.repeat(20)}token ${key} end`;
    const found = createGuardrails().check(text).findings.filter((f) => f.explanation.pattern === rule.id);
    expect(found).toHaveLength(1);
    expect(text.slice(found[0]!.span[0], found[0]!.span[1])).toBe(key);
  });
});
