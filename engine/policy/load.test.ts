import { describe, expect, it } from 'vitest';
import { Policy, PolicyError } from '../index.ts';

/** [what, yaml, expected code, line, column, hint fragment?, loads?] */
const diagnosticsTable: [string, string, string, number, number, string | undefined, boolean][] = [
  ['malformed YAML', 'rules: [\n  {match: {type: read}\nversion: 1', 'yaml.syntax', 3, 1, undefined, false],
  ['duplicate key (a warning: the last value wins, as in PyYAML)', 'version: "1"\nrules: []\nrules:\n  - {match: {type: a}, approval: auto, approval: block}', 'yaml.duplicate-key', 3, 1, undefined, true],
  ['tab indentation', 'rules:\n\t- match: {type: a}', 'yaml.syntax', 2, 1, undefined, false],
  ['misspelt top-level key', 'version: "1"\nrulez: []', 'policy.unknown-key', 2, 1, 'rules', true],
  ['policy is a list', '- a\n- b', 'policy.not-a-mapping', 1, 1, undefined, false],
  ['rules is a mapping', 'rules:\n  read: {approval: auto}', 'rules.not-a-list', 2, 3, undefined, false],
  ['bad approval', 'rules:\n  - match: {type: w}\n    approval: Approve', 'approval.invalid', 3, 15, 'approve', false],
  ['bad risk', 'rules:\n  - match: {type: w}\n    risk_level: hgh\n    approval: auto', 'risk.invalid', 3, 17, 'high', false],
  ['numeric glob', 'rules:\n  - match: {type: 5}\n    approval: auto', 'match.glob-type', 2, 19, undefined, false],
  ['null match', 'rules:\n  - match:\n    approval: auto', 'match.not-a-mapping', 2, 5, undefined, false],
  ['unknown condition', 'rules:\n  - match: {type: d}\n    conditions:\n      param_greater: {count: 1}\n    approval: auto', 'condition.unknown', 4, 7, 'param_gt', true],
  ['misspelt rule key', 'rules:\n  - match: {type: d}\n    aproval: block', 'rule.unknown-key', 3, 5, 'approval', true],
  ['misspelt match key', 'rules:\n  - match: {tpye: d}\n    approval: block', 'match.unknown-key', 2, 13, 'type', true],
  ['time without colon', 'rules:\n  - match: {type: t}\n    conditions: {time_after: "1800"}\n    approval: auto', 'condition.time-format', 3, 30, undefined, true],
  ['time out of range', 'rules:\n  - match: {type: t}\n    conditions: {time_before: "24:00"}\n    approval: auto', 'condition.time-format', 3, 31, undefined, true],
  ['weekday as text', 'rules:\n  - match: {type: t}\n    conditions: {weekdays: ["1"]}\n    approval: auto', 'condition.weekday', 3, 29, undefined, true],
  ['weekdays scalar', 'rules:\n  - match: {type: t}\n    conditions: {weekdays: 5}\n    approval: auto', 'condition.value-type', 3, 28, undefined, true],
  ['param spec not a map', 'rules:\n  - match: {type: t}\n    conditions: {param_gt: 5}\n    approval: auto', 'condition.value-type', 3, 28, undefined, true],
  ['invalid regex', 'rules:\n  - match: {type: q}\n    conditions: {param_matches: {sql: "[x"}}\n    approval: block', 'condition.regex-invalid', 3, 39, undefined, true],
  ['catastrophic regex', 'rules:\n  - match: {type: q}\n    conditions: {param_matches: {sql: "(a+)+$"}}\n    approval: block', 'condition.regex-unsafe', 3, 39, undefined, true],
  ['conditions as a list', 'rules:\n  - match: {type: q}\n    conditions:\n      - param_eq: {a: 1}\n    approval: auto', 'conditions.not-a-mapping', 4, 7, 'remove the leading', true],
  ['version that is not a number', 'version: v1\nrules: []', 'policy.version', 1, 10, undefined, false],
  ['bad time zone', 'timezone: Mars/Olympus\nrules: []', 'policy.timezone', 1, 11, undefined, false],
];

describe('loading: diagnostics say what, where and how to fix', () => {
  it.each(diagnosticsTable)('%s', (_, yaml, code, line, column, hint, loads) => {
    const { policy, diagnostics } = Policy.parse(yaml);
    const d = diagnostics.find((x) => x.code === code);
    expect(d, JSON.stringify(diagnostics)).toBeDefined();
    expect({ line: d!.line, column: d!.column }).toEqual({ line, column });
    expect(d!.message.length).toBeGreaterThan(10);
    if (hint) expect(`${d!.hint ?? ''} ${d!.message}`).toContain(hint);
    expect(policy !== undefined).toBe(loads);
    if (d!.severity === 'error') {
      let thrown: unknown;
      try {
        Policy.fromYaml(yaml);
      } catch (err) {
        thrown = err;
      }
      expect(thrown).toBeInstanceOf(PolicyError);
      expect((thrown as PolicyError).diagnostics.some((x) => x.code === code)).toBe(true);
    }
  });

  it('keeps loading policies written for the reference (warnings only)', () => {
    const yaml = 'version: 2\nscope: team\nscope_id: payments\ndescription: x\nplan_rules: {}\nrules:\n  - match: {type: "*"}\n    approval: auto\n    risk_level: low';
    const policy = Policy.fromYaml(yaml);
    expect(policy.evaluate({ type: 'anything' }).approval).toBe('auto');
    expect(policy.diagnostics.every((d) => d.severity === 'warning')).toBe(true);
    expect(policy.diagnostics.map((d) => d.code)).toContain('policy.version');
  });

  it('duplicate keys: the last value wins and each repeat is reported', () => {
    const { policy, diagnostics } = Policy.parse('rules:\n  - {match: {type: a}, approval: auto, approval: block, risk_level: low}');
    expect(policy!.evaluate({ type: 'a' }).approval).toBe('block');
    expect(diagnostics.filter((d) => d.code === 'yaml.duplicate-key')).toMatchObject([{ severity: 'warning', line: 2, column: 40 }]);
  });

  it('treats falsy values the way the reference does', () => {
    const p = Policy.fromYaml('defaults: []\nrules:\n  - {name: 0, match: {type: a, target: "t*"}, approval: auto, risk_level: LOW}\n  - {name: false, match: {type: b}, conditions: [], approval: auto, risk_level: Low}');
    expect(p.evaluate({ type: 'a', target: 'tx' })).toMatchObject({ matchedRule: 'a@t*', riskLevel: 'low' });
    expect(p.evaluate({ type: 'b' }).matchedRule).toBe('b@*');
    expect(p.evaluate({ type: 'c' })).toMatchObject({ approval: 'block', matchedRule: '<default>' });
    expect(Policy.fromYaml('rules: {}').rules).toEqual([]);
  });

  it('YAML 1.2: unquoted 18:00 and yes stay strings', () => {
    const policy = Policy.fromYaml('rules:\n  - match: {type: job}\n    conditions: {time_after: 18:00, param_eq: {flag: yes}}\n    approval: block\n    risk_level: high');
    expect(policy.evaluate({ type: 'job', params: { flag: 'yes' } }, { now: Date.parse('2026-03-20T19:00:00Z') }).approval).toBe('block');
    expect(policy.evaluate({ type: 'job', params: { flag: true } }, { now: Date.parse('2026-03-20T19:00:00Z') }).matchedRule).toBe('<default>');
  });

  // PyYAML (the reference) expands `<<` merge keys; YAML 1.2 dropped them from the spec, but a
  // policy sharing `approval: block` through an anchor must not silently fall back to `approve`.
  it.each([
    ['an anchored mapping', 'x-block: &block {risk_level: critical, approval: block}\nrules:\n  - match: {type: "delete*"}\n    <<: *block', { approval: 'block', riskLevel: 'critical' }],
    ['explicit keys win over merged ones', 'x-block: &block {risk_level: critical, approval: block}\nrules:\n  - <<: *block\n    match: {type: "delete*"}\n    approval: approve', { approval: 'approve', riskLevel: 'critical' }],
    ['a list of mappings, the first wins', 'rules:\n  - <<: [{approval: block}, {approval: auto, risk_level: low}]\n    match: {type: "delete*"}', { approval: 'block', riskLevel: 'low' }],
    ['a quoted "<<" is an ordinary key', 'rules:\n  - "<<": {approval: block}\n    match: {type: "delete*"}\n    approval: auto\n    risk_level: low', { approval: 'auto', riskLevel: 'low' }],
  ])('merge keys as PyYAML reads them: %s', (_, yaml, expected) => {
    expect(Policy.fromYaml(yaml).evaluate({ type: 'delete_all' })).toMatchObject(expected);
  });

  it('an empty document blocks everything', () => {
    for (const text of ['', '---\n', '# nothing\n']) {
      const { policy } = Policy.parse(text);
      expect(policy!.evaluate({ type: 'read' })).toMatchObject({ approval: 'block', matchedRule: '<default>' });
    }
  });

  it('merges a multi-document stream: rules in order, defaults of the first', () => {
    const text = 'defaults: {approval: approve, risk_level: low}\nrules:\n  - {name: a, match: {type: read}, approval: auto, risk_level: low}\n---\ndefaults: {approval: block}\nrules:\n  - {name: b, match: {type: "*"}, approval: block, risk_level: high}';
    const policy = Policy.fromYaml(text);
    expect(policy.rules.map((r) => r.label)).toEqual(['a', 'b']);
    expect(policy.defaults.approval).toBe('approve');
    expect(policy.evaluate({ type: 'write' }).matchedRule).toBe('b');
  });

  it('Policy.merge keeps the rules of each in order and the defaults of the first', () => {
    const a = Policy.fromYaml('defaults: {approval: auto, risk_level: low}\nrules: [{name: r1, match: {type: x}, approval: block, risk_level: high}]');
    const b = Policy.fromYaml('defaults: {approval: block}\nrules: [{name: r1, match: {type: y}, approval: approve, risk_level: medium}]');
    const m = Policy.merge(a, b);
    expect(m.rules.map((r) => [r.label, r.index])).toEqual([['r1', 0], ['r1', 1]]);
    expect(m.evaluate({ type: 'y' })).toMatchObject({ approval: 'approve', ruleIndex: 1 });
    expect(m.evaluate({ type: 'z' })).toMatchObject({ approval: 'auto', matchedRule: '<default>' });
  });

  it('fromObject takes already-parsed data', () => {
    const p = Policy.fromObject({ version: '1', rules: [{ name: 'r', match: { type: 'read*' }, approval: 'auto', risk_level: 'low' }] });
    expect(p.evaluate({ type: 'read_x' }).matchedRule).toBe('r');
    expect(() => Policy.fromObject({ rules: [{ match: { type: 'a' }, approval: 'AUTO' }] })).toThrow(/approval "AUTO"/);
    expect(() => Policy.fromObject([1, 2])).toThrow(PolicyError);
  });
});

describe('loading: hostile input is bounded', () => {
  it('refuses a policy over the size limit quickly', () => {
    const { policy, diagnostics } = Policy.parse('#'.repeat(17 * 1024 * 1024));
    expect(policy).toBeUndefined();
    expect(diagnostics[0]!.code).toBe('yaml.too-large');
  });

  it('reports nesting 1,000 deep instead of crashing', () => {
    const deep = 'rules: ' + '['.repeat(1000) + ']'.repeat(1000);
    const { policy, diagnostics } = Policy.parse(deep);
    expect(policy).toBeUndefined();
    expect(diagnostics.some((d) => d.severity === 'error')).toBe(true);
  });

  it('stops YAML alias bombs', () => {
    const lines = ['a0: &a0 [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 10; i++) lines.push(`a${i}: &a${i} [${Array(10).fill(`*a${i - 1}`).join(', ')}]`);
    lines.push('rules: *a9');
    const { policy, diagnostics } = Policy.parse(lines.join('\n'));
    expect(policy).toBeUndefined();
    expect(diagnostics.map((d) => d.code)).toContain('yaml.alias-limit');
  });

  it('loads 100k rules', () => {
    const rules = Array.from({ length: 100_000 }, (_, i) => `  - {name: r${i}, match: {type: "op_${i}_*"}, approval: auto, risk_level: low}`);
    const { policy } = Policy.parse(`rules:\n${rules.join('\n')}`);
    expect(policy!.rules).toHaveLength(100_000);
    expect(policy!.evaluate({ type: 'op_99999_x' }).matchedRule).toBe('r99999');
  });

  it('treats __proto__ keys as plain data', () => {
    const policy = Policy.fromYaml('rules:\n  - match: {type: x}\n    conditions: {param_eq: {__proto__: 1}}\n    approval: auto\n    risk_level: low');
    const params = JSON.parse('{"__proto__": 1}') as Record<string, unknown>;
    expect(policy.evaluate({ type: 'x', params }).approval).toBe('auto');
    expect(policy.evaluate({ type: 'x', params: {} }).matchedRule).toBe('<default>');
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });
});
