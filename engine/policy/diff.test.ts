import { describe, expect, it } from 'vitest';
import { diffPolicies } from './diff.ts';
import { Policy } from './policy.ts';

type R = { name?: string; type: string; target?: string; approval: string; risk?: string; conditions?: object };
const policy = (rules: R[], defaults = { risk_level: 'medium', approval: 'approve' }) => Policy.fromObject({
  version: '1', defaults,
  rules: rules.map((r) => ({ name: r.name, match: { type: r.type, ...(r.target ? { target: r.target } : {}) }, risk_level: r.risk ?? 'medium', approval: r.approval, ...(r.conditions ? { conditions: r.conditions } : {}) })),
});

const noDeletes: R = { name: 'no_deletes', type: 'delete*', approval: 'block', risk: 'critical' };
const allowAll: R = { name: 'allow_all', type: '*', approval: 'auto', risk: 'low' };
const reads: R = { name: 'reads', type: 'read*', approval: 'auto', risk: 'low' };

describe('diffPolicies: rules', () => {
  it.each([
    { what: 'identical', before: [noDeletes, reads], after: [noDeletes, reads], added: [], removed: [], modified: [], reordered: false },
    { what: 'a rule added', before: [reads], after: [noDeletes, reads], added: ['no_deletes'], removed: [], modified: [], reordered: false },
    { what: 'a rule removed', before: [noDeletes, reads], after: [reads], added: [], removed: ['no_deletes'], modified: [], reordered: false },
    { what: 'approval changed', before: [noDeletes], after: [{ ...noDeletes, approval: 'approve' }], added: [], removed: [], modified: ['no_deletes'], reordered: false },
    { what: 'a rule renamed', before: [reads], after: [{ ...reads, name: 'reading' }], added: ['reading'], removed: ['reads'], modified: [], reordered: false },
    { what: 'pure reordering', before: [noDeletes, reads, allowAll], after: [allowAll, noDeletes, reads], added: [], removed: [], modified: [], reordered: true },
    { what: 'a removal does not look like a move', before: [noDeletes, reads, allowAll], after: [noDeletes, allowAll], added: [], removed: ['reads'], modified: [], reordered: false },
  ])('$what', ({ what: _what, before, after, ...expected }) => {
    const d = diffPolicies(policy(before), policy(after));
    expect({ added: d.added, removed: d.removed, modified: d.modified, reordered: d.reordered }).toEqual(expected);
  });

  it('lists the changed fields with both values', () => {
    const d = diffPolicies(policy([noDeletes]), policy([{ ...noDeletes, type: 'delete_*', risk: 'high', conditions: { weekdays: [6, 7] } }]));
    expect(d.changes).toEqual([{ name: 'no_deletes', fields: {
      match_type: { before: 'delete*', after: 'delete_*' },
      risk_level: { before: 'critical', after: 'high' },
      conditions: { before: null, after: { weekdays: [6, 7] } },
    } }]);
  });

  it('compares conditions by content, not key order', () => {
    const a = policy([{ ...reads, conditions: { param_gt: { amount: 1 }, weekdays: [1] } }]);
    const b = policy([{ ...reads, conditions: { weekdays: [1], param_gt: { amount: 1 } } }]);
    expect(diffPolicies(a, b).modified).toEqual([]);
  });

  it('pairs repeated names in order', () => {
    const d = diffPolicies(policy([{ ...reads, name: 'x' }, { ...noDeletes, name: 'x' }]), policy([{ ...reads, name: 'x' }]));
    expect(d.removed).toEqual(['x#2']);
  });

  it('reports default changes', () => {
    const d = diffPolicies(policy([reads]), policy([reads], { risk_level: 'high', approval: 'block' }));
    expect(d.defaultsChanged).toEqual({ riskLevel: { before: 'medium', after: 'high' }, approval: { before: 'approve', after: 'block' } });
    expect(d.summary).toBe('2 defaults changed');
  });

  it('names the moved rule', () => {
    expect(diffPolicies(policy([noDeletes, reads, allowAll]), policy([reads, allowAll, noDeletes])).moved).toEqual(['no_deletes']);
  });
});

describe('diffPolicies: impact replay', () => {
  const actions = [{ type: 'delete_user', target: 'crm' }, { type: 'read_file', target: 'x' }, { type: 'deploy', target: 'prod' }];

  it('shows that a pure reordering changes decisions', () => {
    const d = diffPolicies(policy([noDeletes, allowAll]), policy([allowAll, noDeletes]), actions);
    expect(d.reordered).toBe(true);
    expect(d.added.length + d.removed.length + d.modified.length).toBe(0);
    expect(d.impact!.map((i) => [i.action.type, i.before.approval, i.after.approval, i.change])).toEqual([
      ['delete_user', 'block', 'auto', 'promoted'],
      ['read_file', 'auto', 'auto', 'unchanged'],
      ['deploy', 'auto', 'auto', 'unchanged'],
    ]);
    expect(d.summary).toBe('1 rule moved, 0 of 3 actions restricted, 1 promoted');
  });

  it('classifies restrictions, and risk changes under the same approval', () => {
    const before = policy([{ ...reads, risk: 'low' }]);
    const after = policy([{ ...reads, risk: 'high' }, { name: 'deploys', type: 'deploy', approval: 'block', risk: 'high' }]);
    const impact = diffPolicies(before, after, actions).impact!;
    expect(impact.map((i) => [i.change, i.riskChange, i.ruleChanged])).toEqual([
      ['unchanged', 'unchanged', false],
      ['restricted', 'raised', false],
      ['restricted', 'raised', true],
    ]);
  });

  it('replays time conditions at the given instant', () => {
    const weekendBlock = policy([{ name: 'weekend', type: '*', approval: 'block', conditions: { weekdays: [6, 7] } }]);
    const saturday = Date.UTC(2024, 0, 6, 12);
    const monday = Date.UTC(2024, 0, 8, 12);
    expect(diffPolicies(policy([]), weekendBlock, actions, { now: saturday }).impact![0]!.change).toBe('restricted');
    expect(diffPolicies(policy([]), weekendBlock, actions, { now: monday }).impact![0]!.change).toBe('unchanged');
  });
});
