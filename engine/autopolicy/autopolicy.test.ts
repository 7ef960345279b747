import { describe, expect, it } from 'vitest';
import { lint } from '../policy/lint.ts';
import { Policy } from '../policy/policy.ts';
import { autopolicy } from './autopolicy.ts';
import table from './sentences.json' with { type: 'json' };

interface Case { text: string; rules: string[]; unparsed?: string[]; defaults?: string; note?: string }
const cases = table.cases as Case[];

/** `MODE TYPE [on TARGET] [for AGENT] [if JSON]` → the rule's decisive fields. */
function expected(line: string) {
  const m = /^(auto|approve|block) (\S+)(?: on (\S+))?(?: for (\S+))?(?: if (\{.*\}))?$/.exec(line);
  if (!m) throw new Error(`bad expectation: ${line}`);
  return { approval: m[1], type: m[2], target: m[3] ?? '*', agent: m[4] ?? '*', conditions: m[5] ? JSON.parse(m[5]) : null };
}

function actual(rule: Record<string, unknown>) {
  const match = rule['match'] as Record<string, string>;
  return { approval: rule['approval'], type: match['type'], target: match['target'] ?? '*', agent: match['agent'] ?? '*', conditions: rule['conditions'] ?? null };
}

describe('autopolicy: the sentence table', () => {
  it('has at least 100 sentences', () => {
    expect(cases.length).toBeGreaterThanOrEqual(100);
  });

  it.each(cases.map((c) => [c.text.replace(/\n/g, ' / '), c] as const))('%s', (_, c) => {
    const result = autopolicy(c.text);
    expect(result.rules.map((r) => actual(r.rule))).toEqual(c.rules.map(expected));
    expect(result.unparsed).toEqual(c.unparsed ?? []);
    expect((result.policy['defaults'] as Record<string, string>)['approval']).toBe(c.defaults ?? 'approve');
    // What it generates loads strictly and passes the linter without errors.
    const policy = Policy.fromYaml(result.yaml);
    expect(policy.rules.length).toBe(c.rules.length);
    expect(lint(policy).filter((d) => d.severity === 'error')).toEqual([]);
  });
});

describe('autopolicy: output', () => {
  it('names each rule and keeps the phrase it came from', () => {
    const result = autopolicy("Allow reads. Don't allow deletes on production.");
    expect(result.rules.map((r) => [r.rule['name'], r.phrase])).toEqual([
      ['block_delete_on_production', "Don't allow deletes on production"],
      ['allow_read', 'Allow reads'],
    ]);
    expect(result.rules[0]!.explanation).toContain('negated');
  });

  it('quotes times so that YAML 1.1 readers do not turn 18:00 into a number', () => {
    expect(autopolicy('block deletes after 18:00').yaml).toContain('time_after: "18:00"');
  });

  it('decides what the sentence says', () => {
    const policy = Policy.fromYaml(autopolicy('allow everything except deletes, and block payments over $500').yaml);
    expect(policy.evaluate({ type: 'delete_user' }).approval).toBe('block');
    expect(policy.evaluate({ type: 'read_file' }).approval).toBe('auto');
    expect(policy.evaluate({ type: 'payment', params: { amount: 900 } }).approval).toBe('block');
    expect(policy.evaluate({ type: 'payment', params: { amount: 90 } }).approval).toBe('auto');
  });

  it('reports why a phrase was not understood', () => {
    const result = autopolicy('allow frobnication');
    expect(result.reasons[0]).toContain('frobnication');
    expect(result.yaml).toContain('Not understood');
  });

  it('is deterministic', () => {
    const text = cases.map((c) => c.text).join('. ');
    expect(autopolicy(text)).toEqual(autopolicy(text));
  });

  it('never turns an unknown word into a permission', () => {
    for (const word of ['zap', 'yeet', 'grok', 'blorp', 'squash']) {
      const result = autopolicy(`allow ${word}s and ${word} everything`);
      expect(result.rules.filter((r) => r.rule['approval'] === 'auto')).toEqual([]);
      expect(result.unparsed.length).toBeGreaterThan(0);
    }
  });

  // Words outside a-z (Korean, Chinese, accented Latin) and symbols used to vanish in the
  // tokenizer, so "allow deletes 절대 안 됨" ("… absolutely not") became a plain permission.
  it.each([
    ['allow deletes 절대 안 됨', '절대'],
    ['allow reads 但不要在生产环境', '但不要在生产环境'],
    ['allow reads ≠ production', '≠'],
    ['allow reads für alle', 'für'],
    ['删除需要审批', '删除需要审批'],
  ])('reports what it cannot read instead of dropping it: %s', (text, word) => {
    const result = autopolicy(text);
    expect(result.rules.filter((r) => r.rule['approval'] === 'auto')).toEqual([]);
    expect(result.unparsed.join(' ')).toContain(word);
  });
});
