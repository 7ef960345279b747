import { describe, expect, it } from 'vitest';
import { lint } from './lint.ts';
import { Policy } from './policy.ts';

const header = 'version: "1"\ndefaults: { risk_level: medium, approval: block }\nrules:\n';
const load = (rules: string) => Policy.parse(header + rules).policy!;
const codes = (rules: string) => lint(load(rules)).map((d) => d.code);
const rule = (name: string, match: string, extra = '') =>
  `  - name: ${name}\n    match: ${match}\n    risk_level: low\n    approval: auto\n${extra}`;

describe('lint: unreachable rules', () => {
  it.each([
    { what: 'a broad type glob before a narrower one', rules: rule('reads', '{ type: "read*" }') + rule('secrets', '{ type: "read_secret*" }'), expected: true },
    { what: 'a narrower rule first', rules: rule('secrets', '{ type: "read_secret*" }') + rule('reads', '{ type: "read*" }'), expected: false },
    { what: 'any target before one target', rules: rule('all', '{ type: "deploy" }') + rule('prod', '{ type: "deploy", target: "prod*" }'), expected: true },
    { what: 'one target before any target', rules: rule('prod', '{ type: "deploy", target: "prod*" }') + rule('all', '{ type: "deploy" }'), expected: false },
    { what: 'an agent rule before an any-agent rule', rules: rule('bot', '{ type: "x", agent: "bot-*" }') + rule('all', '{ type: "x" }'), expected: false },
    { what: 'an any-agent rule before an agent rule', rules: rule('all', '{ type: "x" }') + rule('bot', '{ type: "x", agent: "bot-*" }'), expected: true },
    { what: 'a conditional rule before an unconditional one', rules: rule('big', '{ type: "pay*" }', '    conditions: { param_gt: { amount: 10 } }\n') + rule('pay', '{ type: "pay*" }'), expected: false },
    { what: 'the same condition and more', rules:
      rule('big', '{ type: "pay*" }', '    conditions: { param_gt: { amount: 10 } }\n')
      + rule('big_weekend', '{ type: "pay" }', '    conditions: { param_gt: { amount: 10 }, weekdays: [6, 7] }\n'), expected: true },
    { what: 'a case-different glob', rules: rule('lower', '{ type: "delete*" }') + rule('upper', '{ type: "Delete*" }'), expected: false },
    // A later window that wraps midnight also holds at times the earlier one does not (03:00 here).
    { what: 'an evening rule before an overnight window', rules:
      rule('evening', '{ type: "write*" }', '    conditions: { time_after: "18:00" }\n')
      + rule('night', '{ type: "write*" }', '    conditions: { time_after: "18:00", time_before: "08:00" }\n'), expected: false },
    { what: 'a morning rule before an overnight window', rules:
      rule('morning', '{ type: "write*" }', '    conditions: { time_before: "08:00" }\n')
      + rule('night', '{ type: "write*" }', '    conditions: { time_before: "08:00", time_after: "18:00" }\n'), expected: false },
    { what: 'the same overnight window', rules:
      rule('night', '{ type: "write*" }', '    conditions: { time_after: "18:00", time_before: "08:00" }\n')
      + rule('night_weekend', '{ type: "write*" }', '    conditions: { time_after: "18:00", time_before: "08:00", weekdays: [6, 7] }\n'), expected: true },
    { what: 'an evening rule before a window inside the evening', rules:
      rule('evening', '{ type: "write*" }', '    conditions: { time_after: "18:00" }\n')
      + rule('late', '{ type: "write*" }', '    conditions: { time_after: "18:00", time_before: "23:00" }\n'), expected: true },
  ])('$what → unreachable: $expected', ({ rules, expected }) => {
    expect(codes(rules).includes('lint.unreachable')).toBe(expected);
  });

  it('points at the shadowed rule and names the one that shadows it', () => {
    const d = lint(load(rule('reads', '{ type: "read*" }') + rule('secrets', '{ type: "read_secret*" }').replace('approval: auto', 'approval: block')))
      .find((x) => x.code === 'lint.unreachable')!;
    expect(d).toMatchObject({ severity: 'warning', path: ['rules', 1], line: 8, column: 5 });
    expect(d.message).toContain('"reads"');
    expect(d.message).toContain('`read_secret`');
    expect(d.hint).toContain('move it above');
  });

  it('reports a glob that matches nothing as an error', () => {
    const d = lint(load(rule('backwards', '{ type: "[z-a]*" }'))).find((x) => x.code === 'lint.unreachable')!;
    expect(d).toMatchObject({ severity: 'error', path: ['rules', 0] });
    expect(d.message).toContain('match.type');
  });

  it('is not fooled by a dead earlier rule', () => {
    const rules = rule('dead', '{ type: "*" }', '    conditions: { weekdays: [] }\n') + rule('reads', '{ type: "read*" }');
    expect(codes(rules)).not.toContain('lint.unreachable');
  });
});

describe('lint: conditions that never hold', () => {
  it.each([
    ['{ param_gt: { amount: 1000 }, param_lt: { amount: 500 } }', true],
    ['{ param_gt: { amount: 500 }, param_lt: { amount: 500 } }', true],
    ['{ param_gte: { amount: 500 }, param_lte: { amount: 500 } }', false],
    ['{ param_gt: { amount: 500 }, param_lt: { amount: 1000 } }', false],
    ['{ param_eq: { amount: 5 }, param_gt: { amount: 10 } }', true],
    ['{ param_eq: { env: "prod" }, param_gt: { env: 3 } }', true],
    ['{ param_gt: { amount: 100 }, param_lt: { count: 5 } }', false],
    ['{ weekdays: [] }', true],
    ['{ weekdays: [0, 8] }', true],
    ['{ weekdays: [6, 7] }', false],
    ['{ time_after: "18:00", time_before: "18:00" }', true],
    ['{ time_before: "00:00" }', true],
    ['{ time_after: "18:00", time_before: "08:00" }', false],
    ['{ param_eq: { env: null } }', true],
  ])('%s → never holds: %s', (conditions, expected) => {
    const found = lint(load(rule('r', '{ type: "x" }', `    conditions: ${conditions}\n`))).filter((d) => d.code === 'lint.condition-never-holds');
    expect(found.length > 0).toBe(expected);
    if (expected) expect(found[0]).toMatchObject({ severity: 'error', path: ['rules', 0] });
  });
});

describe('lint: names and implicit values', () => {
  it('reports duplicate names once per repeat', () => {
    expect(codes(rule('same', '{ type: "a" }') + rule('same', '{ type: "b" }') + rule('same', '{ type: "c" }')).filter((c) => c === 'lint.duplicate-name')).toHaveLength(2);
  });

  it('warns on a rule without approval or risk, not on explicit ones', () => {
    const diagnostics = lint(load('  - name: bare\n    match: { type: "x" }\n' + rule('full', '{ type: "y" }')));
    expect(diagnostics.filter((d) => d.code === 'lint.implicit-approval').map((d) => d.path)).toEqual([['rules', 0]]);
    expect(diagnostics.filter((d) => d.code === 'lint.implicit-risk').map((d) => d.path)).toEqual([['rules', 0]]);
  });

  it('warns on a policy without rules', () => {
    expect(lint(Policy.fromObject({ version: '1' })).map((d) => d.code)).toEqual(['lint.no-rules']);
  });

  it('finds nothing in a clean policy', () => {
    expect(lint(load(rule('secrets', '{ type: "read_secret*" }').replace('auto', 'block') + rule('reads', '{ type: "read*" }')))).toEqual([]);
  });
});
