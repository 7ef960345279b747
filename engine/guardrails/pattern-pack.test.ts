import { describe, expect, test } from 'vitest';
import { BUILTIN_PACKS } from './default-registry.ts';
import { expandPattern, loadPack } from './pattern-pack.ts';
import { PackRecognizer } from './pack-recognizer.ts';
import { RecognizerRegistry } from './registry.ts';
import { TriggerIndex } from './prefilter.ts';
import { createGuardrails } from './guardrails.ts';

const packId = (data: unknown): string => (data as { id: string }).id;

/**
 * What the backtracking check (`backtracking.ts`) refuses in the built-in packs: found when the
 * check was written and left to the packs' authors (builtinPacks() loads lazily, without the
 * check). Fixing a pattern takes its line out. Polynomial: `ignore-fi` (`\p{L}*` after letters
 * it can also read; ~2.6 s for 32 KB of "ohita中aiem中…" through the guardrails),
 * `begin-system-prompt` (a leading `-{2,}`; ~0.4 s for 32 KB of dashes), `how-to-kill`'s unless
 * (two `[a-z0-9_.-]+` joined by a gap, on the window round a match). The rest are bounded: words
 * of `\w`, `[\w']`, `[\w-]` or `[a-z']` repeated with a gap between, and the gap can read `_`,
 * `'` and `-` too, so a run of them splits in millions of ways (`self-harm-method`: ~0.14 s for
 * one start on "i will" and 50 `_`; `harmful-fraud`'s unless: ~0.18 s per test).
 */
const KNOWN_BACKTRACKING: Record<string, [string, 'pattern' | 'unless'][]> = {
  injection: [['ignore-fi', 'pattern']],
  toxicity: [
    ['how-to-kill', 'unless'],
    ['self-harm-method', 'pattern'],
    ['harmful-howto-violence', 'pattern'],
    ['harmful-violence-question', 'unless'],
    ['harmful-smuggle-weapon', 'unless'],
    ['harmful-cyber-attack', 'pattern'],
    ['harmful-cyber-attack', 'unless'],
    ['harmful-fraud', 'unless'],
    ['harmful-hate-generation', 'unless'],
    ['it-harmful-howto', 'pattern'],
    ['it-harmful-howto-weapons', 'pattern'],
    ['it-harmful-howto-crime', 'pattern'],
    ['it-harmful-howto-conceal', 'pattern'],
    ['it-harmful-howto-drugs', 'pattern'],
    ['sw-harmful-howto', 'pattern'],
    ['sw-harmful-incite', 'pattern'],
    ['harmful-disinfo-writing', 'unless'],
    ['harmful-cyber-howto', 'pattern'],
    ['harmful-cyber-howto', 'unless'],
    ['harmful-cyber-code', 'unless'],
    ['harmful-illicit-acquire', 'unless'],
    ['harmful-evasion-plan', 'unless'],
    ['harmful-prank-sabotage', 'unless'],
    ['en-harmful-crime-intent-4', 'pattern'],
  ],
  'prompt-leak': [['begin-system-prompt', 'pattern']],
  'secret-tokens': [],
};

describe('built-in packs', () => {
  // builtinPacks() loads them lazily and so skips the compile check and the backtracking check:
  // this is that check.
  test.each(BUILTIN_PACKS.map((data) => [packId(data), data]))('%s loads eagerly with no diagnostic but the known backtracking ones', (id, data) => {
    const { pack, diagnostics } = loadPack(data);
    const rules = (data as { rules: { id: string }[] }).rules;
    expect(diagnostics.map((d) => [d.code, rules[d.path![1] as number]!.id, d.path![2]])).toEqual(KNOWN_BACKTRACKING[id]!.map(([rule, field]) => ['pack.pattern-polynomial', rule, field]));
    expect(pack!.rules.length).toBe(rules.length - new Set(KNOWN_BACKTRACKING[id]!.map(([rule]) => rule)).size);
  });

  test.each(BUILTIN_PACKS.map((data) => [packId(data), data]))('%s: lazily built regexes are the eager ones', (_id, data) => {
    const eager = new Map(loadPack(data).pack!.rules.map((rule) => [rule.id, rule]));
    const lazy = loadPack(data, { lazy: true }).pack!;
    expect(lazy.rules.length).toBe((data as { rules: unknown[] }).rules.length);
    lazy.rules.forEach((rule) => {
      const other = eager.get(rule.id);
      if (!other) return;
      expect([rule.id, rule.regex.source, rule.regex.flags]).toEqual([other.id, other.regex.source, other.regex.flags]);
      expect(rule.unless?.source).toBe(other.unless?.source);
      expect(rule.anchors?.literals).toEqual(other.anchors?.literals);
      expect([rule.sticky.source, rule.sticky.flags]).toEqual([other.regex.source, other.regex.flags.replace('g', '') + 'y']);
      // Built once: the scanner sets lastIndex on the instance it reads.
      expect(rule.regex).toBe(rule.regex);
      expect(rule.sticky).toBe(rule.sticky);
    });
  });
});

describe('lazy loading', () => {
  const broken = { id: 'broken', guardrail: 'injection', rules: [{ id: 'bad', category: 'x', score: 0.9, pattern: 'open (paren', triggers: ['open'] }] };

  test('an eager load reports a pattern that does not compile', () => {
    const { pack, diagnostics } = loadPack(broken);
    expect(diagnostics.map((d) => [d.code, d.path])).toEqual([['pack.pattern-invalid', ['rules', 0, 'pattern']]]);
    expect(pack!.rules).toEqual([]);
  });

  test('the ASCII-boundary lint warns on an eager load only (the built-in packs pass it eagerly above)', () => {
    const trap = { id: 'trap', guardrail: 'toxicity', rules: [{ id: 'ko', category: 'x', score: 0.9, pattern: '\\b바보\\b', triggers: ['바보'] }] };
    expect(loadPack(trap).diagnostics.map((d) => d.code)).toEqual(['pack.ascii-boundary']);
    const lazy = loadPack(trap, { lazy: true });
    expect(lazy.diagnostics).toEqual([]);
    expect(lazy.pack!.rules.map((r) => r.id)).toEqual(['ko']);
  });

  test('a lazy load defers it to first use, where the guardrails fail closed', () => {
    const { pack, diagnostics } = loadPack(broken, { lazy: true });
    expect(diagnostics).toEqual([]);
    expect(() => pack!.rules[0]!.regex).toThrow(SyntaxError);
    const registry = new RecognizerRegistry([new PackRecognizer(pack!)]);
    const guardrails = createGuardrails({}, registry);
    expect(guardrails.check('nothing to see here').allowed).toBe(true);
    const report = guardrails.checkDetailed('please open the door');
    expect(report.allowed).toBe(false);
    expect(report.findings.map((f) => f.category)).toEqual(['scan_error']);
  });
});

describe('folded literals', () => {
  // NFKC folds some characters to regex syntax; written in a pattern they are still literals.
  test.each([
    ['ない？', 'ない\\?'],
    ['（注）', '\\(注\\)'],
    ['[ａ－ｚ]', '[a\\-z]'],
    ['a?', 'a?'],
  ])('%s expands to %s', (pattern, source) => {
    expect(expandPattern(pattern, true)).toBe(source);
  });

  test('a fullwidth question mark in a pattern matches a question mark, not an optional letter', () => {
    const { pack, diagnostics } = loadPack({ id: 'p', guardrail: 'toxicity', rules: [{ id: 'q', category: 'c', score: 0.9, pattern: 'ない？', triggers: ['ない'] }] });
    expect(diagnostics).toEqual([]);
    const regex = pack!.rules[0]!.regex;
    expect(['ない?', 'ない？'].map((t) => new RegExp(regex.source, regex.flags.replace('g', '')).test(t.normalize('NFKC')))).toEqual([true, true]);
    expect(new RegExp(regex.source, regex.flags.replace('g', '')).test('な')).toBe(false);
  });
});

describe('requires', () => {
  // A question frame and an act, each common alone: the rule runs only where both occur.
  const data = {
    id: 'p', guardrail: 'toxicity', rules: [{
      id: 'howto-poison', category: 'dangerous_instructions', score: 0.9,
      pattern: '\\b(?:come posso|voglio) avvelenare\\b', triggers: ['avvelen'], requires: ['come posso', 'voglio'],
    }],
  };
  const pack = loadPack(data).pack!;
  const index = new TriggerIndex([pack]);
  const selected = (text: string) => (index.select(text.toLowerCase(), text).rules.get(pack) ?? []).map((r) => r.id);

  test.each([
    ['come posso avvelenare il cane', ['howto-poison']],
    ['voglio avvelenare qualcuno', ['howto-poison']],
    ['avvelenamento da funghi: cosa fare', []],
    ['come posso iscrivermi al corso', []],
    ['', []],
  ])('%s', (text, expected) => {
    expect(selected(text)).toEqual(expected);
  });

  test('requires are folded like triggers, and a bad list is a coded diagnostic', () => {
    expect(loadPack({ ...data, rules: [{ ...data.rules[0], requires: ['VÓGLIO'] }] }).pack!.rules[0]!.requires).toEqual(['voglio']);
    const bad = loadPack({ ...data, rules: [{ ...data.rules[0], requires: [''] }] });
    expect(bad.diagnostics.map((d) => [d.code, d.path?.join('.')])).toEqual([['pack.rule-invalid', 'rules.0.requires']]);
  });

  test('through the guardrails, the rule still fires where both parts occur', () => {
    const g = createGuardrails({}, new RecognizerRegistry([new PackRecognizer(pack)]));
    expect(g.check('Come posso avvelenare il cane del vicino?').allowed).toBe(false);
    expect(g.check('Avvelenare le erbacce non serve: come posso fare?').allowed).toBe(true);
  });
});
