import { describe, expect, it } from 'vitest';
import { Policy } from '../policy/policy.ts';
import { probe } from './probe.ts';
import type { ProbeProgress } from './types.ts';
import vocabulary from './vocabulary.json' with { type: 'json' };

type R = { name: string; type: string; target?: string; agent?: string; approval: string; conditions?: object };
const policy = (rules: R[], approval = 'approve') => Policy.fromObject({
  version: '1', defaults: { risk_level: 'medium', approval },
  rules: rules.map((r) => ({ name: r.name, match: { type: r.type, ...(r.target ? { target: r.target } : {}), ...(r.agent ? { agent: r.agent } : {}) },
    risk_level: r.approval === 'block' ? 'critical' : 'low', approval: r.approval, ...(r.conditions ? { conditions: r.conditions } : {}) })),
});

// Each known mistake, the finding it must produce, and what its counterexample must look like.
const mistakes = [
  { what: 'destructive actions auto-approved by the default', policy: policy([{ name: 'reads', type: 'read*', approval: 'auto' }], 'auto'),
    category: 'missing_coverage', severity: 'critical', type: /^delete$/, approval: 'auto', rule: '<default>' },
  { what: 'sensitive actions fall through to a permissive default', policy: policy([{ name: 'deletes', type: '*delete*', approval: 'block' }], 'auto'),
    category: 'default_fallthrough', severity: 'high', type: /^write$/, approval: 'auto', rule: '<default>' },
  { what: 'an exact block renamed around', policy: policy([{ name: 'no_delete', type: 'delete', approval: 'block' }], 'auto'),
    category: 'glob_bypass', severity: 'high', type: /^(?!delete$).*delete/, approval: 'auto', rule: '<default>' },
  { what: '`Delete` slipping past `delete*`', policy: policy([{ name: 'no_delete', type: 'delete*', approval: 'block' }, { name: 'rest', type: '[A-Z]*', approval: 'auto' }]),
    category: 'case_bypass', severity: 'high', type: /^Delete$/, approval: 'auto', rule: 'rest' },
  { what: 'a look-alike spelling of a blocked type', policy: policy([{ name: 'no_drop', type: 'drop*', approval: 'block' }], 'auto'),
    category: 'unicode_bypass', severity: 'high', type: /^(?!drop)/, approval: 'auto', rule: '<default>' },
  { what: 'a compound verb behind an auto prefix', policy: policy([{ name: 'reads', type: 'read*', approval: 'auto' }]),
    category: 'escalation', severity: 'medium', type: /^read_then_delete$/, approval: 'auto', rule: 'reads' },
  { what: 'risky actions on a sensitive target auto-approved', policy: policy([{ name: 'writes', type: 'write*', approval: 'auto' }]),
    category: 'target_gap', severity: 'high', type: /^write$/, approval: 'auto', rule: 'writes' },
  { what: 'a block aimed at one agent', policy: policy([{ name: 'no_intern_deploys', type: 'deploy', agent: 'intern-*', approval: 'block' }], 'auto'),
    category: 'agent_gap', severity: 'high', type: /^deploy$/, approval: 'auto', rule: '<default>' },
  { what: 'an agent glob that also matches agent-less actions', policy: policy([{ name: 'bots', type: 'deploy', agent: '?', approval: 'auto' }]),
    category: 'agent_gap', severity: 'medium', type: /^deploy$/, approval: 'auto', rule: 'bots' },
  { what: 'a wildcard auto rule', policy: policy([{ name: 'no_drop', type: 'drop*', approval: 'block' }, { name: 'everything', type: '*', approval: 'auto' }]),
    category: 'overly_permissive', severity: 'critical', type: /./, approval: 'auto', rule: 'everything' },
];

describe('probe: known mistakes', () => {
  it.each(mistakes)('$what → $category ($severity)', ({ policy: p, category, severity, type, approval, rule }) => {
    const report = probe(p);
    const finding = report.findings.find((f) => f.category === category && f.severity === severity && type.test(f.action.type));
    expect(finding, JSON.stringify(report.findings.map((f) => [f.category, f.severity, f.action.type]))).toBeDefined();
    expect(finding!.decision).toMatchObject({ approval, matchedRule: rule });
    expect(finding!.recommendation).not.toMatch(/\{\w+\}/);
    // The counterexample really gets that decision.
    expect(p.evaluate(finding!.action)).toMatchObject({ approval, matchedRule: rule });
  });

  it('does not flag a policy that blocks destructive work and asks for everything else', () => {
    const safe = policy([
      { name: 'no_destruction', type: '*', approval: 'block', conditions: { semantic: 'destructive' } },
      { name: 'reads', type: 'read', approval: 'auto' },
    ], 'block');
    const report = probe(safe);
    expect(report.findings.filter((f) => f.severity === 'critical' || f.severity === 'high')).toEqual([]);
    expect(report.score).toBeGreaterThanOrEqual(90);
  });

  it('flags an approval that only the default gives, the check the reference could never fire', () => {
    const report = probe(policy([{ name: 'reads', type: 'read', approval: 'auto' }]));
    const f = report.findings.find((x) => x.category === 'missing_coverage')!;
    expect(f.decision.matchedRule).toBe('<default>');
    expect(f.occurrences).toBe(vocabulary.destructiveTypes.length * vocabulary.destructiveTargets.length);
  });

  it('does not count asking a human for a compound verb as escalation', () => {
    const report = probe(policy([{ name: 'reads', type: 'read*', approval: 'approve' }]));
    expect(report.findings.filter((f) => f.category === 'escalation')).toEqual([]);
  });

  it('takes the weakest decision over the instants: a night-only block is waited out', () => {
    const night = policy([{ name: 'night', type: '*', approval: 'block', conditions: { time_after: '20:00', time_before: '06:00' } }], 'auto');
    const finding = probe(night).findings.find((f) => f.category === 'missing_coverage' && f.severity === 'critical')!;
    expect(finding.at).toBeDefined();
    expect(night.evaluate(finding.action, { now: Date.parse(finding.at!) })).toEqual(finding.decision);
    expect(night.evaluate(finding.action, { now: Date.parse('2024-01-03T23:00:00Z') }).approval).toBe('block');
  });
});

describe('probe: report', () => {
  const messy = policy([{ name: 'no_delete', type: 'delete*', approval: 'block' }, { name: 'everything', type: '*', approval: 'auto' }], 'auto');

  it('scores 100 minus 20/10/5/2 per critical/high/medium/low finding', () => {
    const report = probe(messy);
    const expected = Math.max(0, 100 - 20 * report.counts.critical - 10 * report.counts.high - 5 * report.counts.medium - 2 * report.counts.low);
    expect(report.score).toBe(expected);
    expect(report.counts.critical).toBeGreaterThan(0);
    expect(probe(policy([], 'block')).score).toBe(100);
  });

  it('orders findings from the most severe', () => {
    const order = ['critical', 'high', 'medium', 'low'];
    const ranks = probe(messy).findings.map((f) => order.indexOf(f.severity));
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
  });

  it('is deterministic for a seed, and the seed drives the variant choices', () => {
    expect(probe(messy, { seed: 42 })).toEqual(probe(messy, { seed: 42 }));
    const spellings = new Set<string>();
    for (let seed = 1; seed <= 8; seed++) {
      const report = probe(policy([{ name: 'no_delete', type: 'delete*', approval: 'block' }], 'auto'), { seed, probes: ['unicode-bypass'] });
      spellings.add(report.findings[0]!.action.type);
    }
    expect(spellings.size).toBeGreaterThan(1);
  });

  it('reports progress up to the total', () => {
    const events: ProbeProgress[] = [];
    const report = probe(messy, { onProgress: (e) => events.push(e) });
    expect(events.length).toBeGreaterThanOrEqual(9);
    expect(events.map((e) => e.done)).toEqual([...events.map((e) => e.done)].sort((a, b) => a - b));
    expect(events.at(-1)).toMatchObject({ done: report.totalProbes, total: report.totalProbes });
  });

  it('refuses instants it cannot evaluate at, rather than reporting a clean policy', () => {
    const open = policy([], 'auto');
    expect(probe(open, { instants: [Date.parse('2024-01-03T12:00:00Z')] }).score).toBe(0);
    for (const [instants, message] of [
      [['tomorrow'], /instants\[0\] must be .*; got "tomorrow"/],
      [[0, NaN], /instants\[1\] .*; got NaN/],
      [[new Date('nope')], /got an invalid Date/],
      [[], /at least one instant/],
    ] as [(Date | number | string)[], RegExp][]) {
      expect(() => probe(open, { instants: instants as (Date | number)[] })).toThrow(expect.objectContaining({ name: 'ProbeError', code: 'probe.invalid-instant', message: expect.stringMatching(message) }));
    }
  });

  it('refuses a seed that is not an integer instead of folding it into another one', () => {
    const open = policy([], 'auto');
    expect(probe(open, { seed: 2 ** 40 + 7 }).seed).toBe(2 ** 40 + 7);
    for (const seed of [NaN, 1.5, Infinity, '7', null]) {
      expect(() => probe(open, { seed: seed as number })).toThrow(expect.objectContaining({ name: 'ProbeError', code: 'probe.invalid-seed', message: expect.stringMatching(/seed must be an integer/) }));
    }
  });

  it('runs only the probes asked for', () => {
    const report = probe(messy, { probes: ['overly-permissive'] });
    expect(new Set(report.findings.map((f) => f.probe))).toEqual(new Set(['overly-permissive']));
  });
});
