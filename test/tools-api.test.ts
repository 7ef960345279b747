// The policy tools through the public barrel, in the shapes DESIGN.md §3 fixes for outside callers.
import { describe, expect, it } from 'vitest';
import { autopolicy, diffPolicies, lint, Policy, probe } from '../engine/index.ts';

describe('policy tools: public entry points', () => {
  it('autopolicy(text) → { yaml, rules: [{ rule, phrase }], unparsed }', () => {
    const result = autopolicy("Don't allow deletes. Frobnicate widgets.");
    expect(typeof result.yaml).toBe('string');
    expect(result.rules).toEqual([expect.objectContaining({ rule: expect.objectContaining({ approval: 'block' }), phrase: "Don't allow deletes" })]);
    expect(result.unparsed).toEqual(['Frobnicate widgets']);
    expect(Policy.fromYaml(result.yaml).evaluate({ type: 'delete_all' }).approval).toBe('block');
  });

  it('probe(policy) → { score, findings: [{ category, severity, action, decision, recommendation }] }', () => {
    const report = probe(Policy.fromYaml('version: "1"\ndefaults: { approval: auto }\nrules: []\n'));
    expect(report.score).toBeGreaterThanOrEqual(0);
    expect(report.score).toBeLessThanOrEqual(100);
    expect(report.findings[0]).toEqual(expect.objectContaining({
      category: expect.any(String), severity: 'critical', action: expect.objectContaining({ type: expect.any(String) }),
      decision: expect.objectContaining({ approval: 'auto', matchedRule: '<default>' }), recommendation: expect.any(String),
    }));
  });

  it('lint(policy) → Diagnostic[] with positions', () => {
    const text = 'version: "1"\nrules:\n  - { name: a, match: { type: "read*" }, risk_level: low, approval: auto }\n  - { name: b, match: { type: "read_x" }, risk_level: high, approval: block }\n';
    expect(lint(Policy.fromYaml(text))).toEqual([expect.objectContaining({ code: 'lint.unreachable', severity: 'warning', line: 4, column: 5, path: ['rules', 1] })]);
  });

  it('diffPolicies(before, after, actions) → { added, removed, modified, reordered, impact }', () => {
    const a = Policy.fromObject({ rules: [{ name: 'no', match: { type: 'delete*' }, risk_level: 'critical', approval: 'block' }, { name: 'yes', match: { type: '*' }, risk_level: 'low', approval: 'auto' }] });
    const b = Policy.fromObject({ rules: [{ name: 'yes', match: { type: '*' }, risk_level: 'low', approval: 'auto' }, { name: 'no', match: { type: 'delete*' }, risk_level: 'critical', approval: 'block' }] });
    const d = diffPolicies(a, b, [{ type: 'delete_db', target: 'prod' }]);
    expect(d).toMatchObject({ added: [], removed: [], modified: [], reordered: true });
    expect(d.impact).toEqual([expect.objectContaining({ before: expect.objectContaining({ approval: 'block' }), after: expect.objectContaining({ approval: 'auto' }), change: 'promoted' })]);
  });
});
