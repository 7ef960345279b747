import { describe, expect, test } from 'vitest';
import { BUILTIN_PACKS } from './default-registry.ts';
import { expandPattern, loadPack } from './pattern-pack.ts';
import { PackRecognizer } from './pack-recognizer.ts';
import { RecognizerRegistry } from './registry.ts';
import { TriggerIndex } from './prefilter.ts';
import { createGuardrails } from './guardrails.ts';

const packId = (data: unknown): string => (data as { id: string }).id;

describe('built-in packs', () => {
  // builtinPacks() loads them lazily and so skips the compile check and the backtracking check:
  // this is that check. The backtracking check found 26 built-in patterns when it was written
  // (2026-11-23), all since rewritten (a word in a run of words is a whole word,
  // `\w{1,12}(?!\w)`; a leading run bounded), the worst taking 1.4 s on 88 characters.
  test.each(BUILTIN_PACKS.map((data) => [packId(data), data]))('%s loads eagerly with no diagnostic', (_id, data) => {
    const { pack, diagnostics } = loadPack(data);
    const rules = (data as { rules: { id: string }[] }).rules;
    expect(diagnostics.map((d) => [d.code, rules[d.path![1] as number]!.id, d.path![2], d.message])).toEqual([]);
    expect(pack!.rules.length).toBe(rules.length);
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
