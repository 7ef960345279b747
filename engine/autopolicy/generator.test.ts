import { describe, expect, it } from 'vitest';
import { Policy } from '../policy/policy.ts';
import { autopolicyWith, validateGenerated } from './generator.ts';

const text = "allow reads and don't allow deletes";
const good = { version: '1', defaults: { risk_level: 'medium', approval: 'approve' }, rules: [
  { name: 'no_deletes', match: { type: 'delete*' }, risk_level: 'critical', approval: 'block' },
  { name: 'reads', match: { type: 'read*' }, risk_level: 'low', approval: 'auto' },
] };

describe('autopolicyWith: validating what a generator returns', () => {
  it.each([
    { what: 'policy data', output: good },
    { what: 'YAML text', output: 'version: "1"\ndefaults: { risk_level: medium, approval: approve }\nrules:\n  - { name: reads, match: { type: "read*" }, risk_level: low, approval: auto }\n' },
    { what: 'data with phrases', output: { policy: good, rules: [{ phrase: "don't allow deletes" }, { phrase: 'allow reads' }] } },
  ])('accepts $what', async ({ output }) => {
    const result = await autopolicyWith({ generate: () => output })(text);
    expect(result.source).toBe('generator');
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(() => Policy.fromYaml(result.yaml)).not.toThrow();
  });

  it('keeps the phrases the generator gives', () => {
    const result = validateGenerated(text, { policy: good, rules: [{ phrase: "don't allow deletes" }, { phrase: 'allow reads' }] });
    expect(result.rules.map((r) => r.phrase)).toEqual(["don't allow deletes", 'allow reads']);
  });

  it.each([
    { what: 'nonsense', output: 42, code: 'autopolicy.generator-shape' },
    { what: 'a policy that does not load', output: { rules: [{ match: { type: 'x' }, approval: 'maybe' }] }, code: 'autopolicy.generator-invalid' },
    { what: 'broken YAML', output: 'rules: [', code: 'autopolicy.generator-invalid' },
    { what: 'a rule that can never apply', output: { ...good, rules: [{ name: 'x', match: { type: 'x' }, conditions: { weekdays: [] }, risk_level: 'low', approval: 'block' }] }, code: 'autopolicy.generator-invalid' },
    { what: 'a more permissive default', output: { ...good, defaults: { risk_level: 'low', approval: 'auto' } }, code: 'autopolicy.generator-broader' },
    { what: 'a wildcard auto rule', output: { ...good, rules: [...good.rules, { name: 'all', match: { type: '*' }, risk_level: 'low', approval: 'auto' }] }, code: 'autopolicy.generator-broader' },
  ])('refuses $what and falls back to the grammar', async ({ output, code }) => {
    const result = await autopolicyWith({ generate: async () => output })(text);
    expect(result.source).toBe('grammar');
    expect(result.diagnostics.map((d) => d.code)).toContain(code);
    expect(result.rules.map((r) => r.rule['approval'])).toEqual(['block', 'auto']);
  });

  it('accepts a wildcard when the text asks for one', () => {
    const everything = { ...good, rules: [good.rules[0], { name: 'all', match: { type: '*' }, risk_level: 'low', approval: 'auto' }] };
    expect(validateGenerated('allow everything except deletes', everything).source).toBe('generator');
  });

  it('falls back when the generator throws', async () => {
    const result = await autopolicyWith({ generate: () => { throw new Error('model offline'); } })(text);
    expect(result).toMatchObject({ source: 'grammar', diagnostics: [{ code: 'autopolicy.generator-failed' }] });
  });
});
