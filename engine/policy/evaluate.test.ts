import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Policy, PolicyHierarchy, globMatch, type ActionInput } from '../index.ts';

const at = (iso: string) => ({ now: Date.parse(iso) });
const one = (conditions: string, extra = '') =>
  Policy.parse(`${extra}rules:\n  - name: hit\n    match: {type: "*"}\n    conditions: ${conditions}\n    risk_level: high\n    approval: block\ndefaults: {risk_level: low, approval: auto}`).policy!;

describe('conditions', () => {
  // [condition, params, expected: 'hit' | 'miss' | 'error']
  const table: [string, Record<string, unknown>, 'hit' | 'miss' | 'error'][] = [
    ['{param_eq: {n: 1}}', { n: 1 }, 'hit'],
    ['{param_eq: {n: 1}}', { n: 1.0 }, 'hit'],
    ['{param_eq: {n: 1}}', { n: true }, 'hit'],
    ['{param_eq: {n: 1}}', { n: '1' }, 'miss'],
    ['{param_eq: {n: 1}}', {}, 'miss'],
    ['{param_eq: {n: 1}}', { n: null }, 'miss'],
    ['{param_eq: {tags: [a, b]}}', { tags: ['a', 'b'] }, 'hit'],
    ['{param_eq: {tags: [a, b]}}', { tags: ['b', 'a'] }, 'miss'],
    ['{param_eq: {m: {k: v}}}', { m: { k: 'v' } }, 'hit'],
    ['{param_gt: {amount: 100}}', { amount: 101 }, 'hit'],
    ['{param_gt: {amount: 100}}', { amount: 100 }, 'miss'],
    ['{param_gte: {amount: 100}}', { amount: 100 }, 'hit'],
    ['{param_lt: {amount: 100}}', { amount: 99.5 }, 'hit'],
    ['{param_lte: {amount: 100}}', { amount: 101 }, 'miss'],
    ['{param_gt: {amount: 100}}', { amount: '500' }, 'error'],
    ['{param_gt: {amount: 100}}', { amount: [1] }, 'error'],
    ['{param_gt: {version: "1.9"}}', { version: '1.10' }, 'miss'],
    // NaN is unordered in Python: every comparison with it is False (a JS caller's Number('abc')).
    ['{param_gte: {amount: 0}}', { amount: NaN }, 'miss'],
    ['{param_gt: {amount: 0}}', { amount: NaN }, 'miss'],
    ['{param_lte: {amount: 100}}', { amount: NaN }, 'miss'],
    ['{param_lt: {amount: .nan}}', { amount: 5 }, 'miss'],
    ['{param_gte: {pair: [1, 0]}}', { pair: [1, NaN] }, 'miss'],
    ['{param_gt: {amount: 0}}', { amount: Infinity }, 'hit'],
    ['{param_lt: {pair: [1, 5]}}', { pair: [1, 4] }, 'hit'],
    ['{param_contains: {path: ".."}}', { path: '../etc' }, 'hit'],
    ['{param_contains: {tags: admin}}', { tags: ['user', 'admin'] }, 'hit'],
    ['{param_contains: {settings: debug}}', { settings: { debug: false } }, 'hit'],
    ['{param_contains: {path: ".."}}', { path: 5 }, 'error'],
    ['{param_contains: {tags: 5}}', { tags: 'abc5' }, 'error'],
    ['{param_matches: {sql: "(?i)\\\\bdrop\\\\s+table\\\\b"}}', { sql: 'please DROP  TABLE users' }, 'hit'],
    ['{param_matches: {to: "@(?!example\\\\.com$)"}}', { to: 'a@example.com' }, 'miss'],
    ['{param_matches: {to: "@(?!example\\\\.com$)"}}', { to: 'a@evil.com' }, 'hit'],
    ['{param_matches: {enabled: "^True$"}}', { enabled: true }, 'hit'],
    ['{param_matches: {status: 5}}', { status: 503 }, 'hit'],
    // Polynomial for a backtracking engine (~50 s for `.*.*.*x` on 1,000 characters): matched in linear time.
    ['{param_matches: {q: ".*.*.*x"}}', { q: 'a'.repeat(50_000) }, 'miss'],
    ['{param_matches: {q: ".*.*.*x"}}', { q: 'a'.repeat(50_000) + 'x' }, 'hit'],
    ['{param_matches: {q: "select.*from.*where"}}', { q: 'select ' + 'a, '.repeat(20_000) + 'from t' }, 'miss'],
    ['{param_matches: {sql: "[x"}}', { sql: '[x' }, 'miss'],
    ['{param_matches: {s: "a"}}', { s: 'a'.repeat(200_000) }, 'error'],
    ['{semantic: destructive}', { note: 'drop_all tables' }, 'hit'],
    ['{semantic: "the and of"}', { note: 'the and of' }, 'miss'],
    ['{param_greater: {n: 1}}', { n: 5 }, 'miss'],
    ['{weekdays: 5}', {}, 'error'],
    ['[{param_eq: {a: 1}}]', { a: 1 }, 'error'],
    ['{param_eq: {go: true}, weekdays: 5}', { go: false }, 'miss'],
    ['{param_eq: {go: true}, weekdays: 5}', { go: true }, 'error'],
  ];

  it.each(table)('%s with %j → %s', (conditions, params, expected) => {
    const d = one(conditions).evaluate({ type: 'x', params }, at('2026-03-20T14:30:00Z'));
    const got = d.error ? 'error' : d.matchedRule === 'hit' ? 'hit' : 'miss';
    expect(got).toBe(expected);
    if (got === 'error') expect(d).toMatchObject({ approval: 'block', allowed: false, matchedRule: 'hit' });
  });

  const times: [string, string, boolean][] = [
    ['{time_after: "09:00", time_before: "17:00"}', '2026-03-20T09:00:00Z', true],
    ['{time_after: "09:00", time_before: "17:00"}', '2026-03-20T08:59:59.999Z', false],
    ['{time_after: "09:00", time_before: "17:00"}', '2026-03-20T17:00:00Z', false],
    ['{time_after: "18:00", time_before: "08:00"}', '2026-03-20T23:00:00Z', true],
    ['{time_after: "18:00", time_before: "08:00"}', '2026-03-21T07:59:00Z', true],
    ['{time_after: "18:00", time_before: "08:00"}', '2026-03-21T12:00:00Z', false],
    ['{time_after: " 9:5 "}', '2026-03-20T09:05:00Z', true],
    ['{time_before: "17:00:59"}', '2026-03-20T17:00:30Z', false],
    ['{weekdays: [6, 7]}', '2026-03-21T12:00:00Z', true],
    ['{weekdays: [6, 7]}', '2026-03-20T12:00:00Z', false],
    ['{weekdays: []}', '2026-03-20T12:00:00Z', false],
  ];
  it.each(times)('%s at %s → %s', (conditions, when, hit) => {
    expect(one(conditions).evaluate({ type: 'x' }, at(when)).matchedRule === 'hit').toBe(hit);
  });

  it('reads time conditions in the policy time zone', () => {
    const paris = one('{time_after: "09:00", time_before: "17:00", weekdays: [1, 2, 3, 4, 5]}', 'timezone: Europe/Paris\n');
    // 08:30 UTC on a Friday in March is 09:30 in Paris (UTC+1).
    expect(paris.evaluate({ type: 'x' }, at('2026-03-20T08:30:00Z')).matchedRule).toBe('hit');
    expect(one('{time_after: "09:00"}').evaluate({ type: 'x' }, at('2026-03-20T08:30:00Z')).matchedRule).toBe('<default>');
    // Saturday 00:30 in Paris is still Friday 23:30 UTC.
    expect(paris.evaluate({ type: 'x' }, at('2026-03-20T23:30:00Z')).matchedRule).toBe('<default>');
  });

  it('uses the injected clock when no time is given', () => {
    const policy = Policy.parse('rules: [{name: night, match: {type: x}, conditions: {time_after: "22:00"}, approval: block, risk_level: high}]', {
      clock: () => Date.parse('2026-03-20T23:00:00Z'),
    }).policy!;
    expect(policy.evaluate({ type: 'x' }).matchedRule).toBe('night');
  });

  describe('the instant to decide at', () => {
    const night = one('{time_after: "22:00"}');
    const plain = Policy.fromYaml('rules: [{name: r, match: {type: x}, approval: auto, risk_level: low}]');

    it('accepts a valid Date or epoch milliseconds, and both mean the same instant', () => {
      expect(night.evaluate({ type: 'x' }, { now: new Date('2026-03-20T23:00:00Z') }).matchedRule).toBe('hit');
      expect(night.evaluate({ type: 'x' }, { now: Date.parse('2026-03-20T23:00:00Z') }).matchedRule).toBe('hit');
      expect(night.evaluate({ type: 'x' }, { now: new Date('2026-03-20T21:00:00Z') }).matchedRule).toBe('<default>');
      expect(night.evaluate({ type: 'x' }, { now: -8.64e15 }).error).toBeUndefined();
    });

    const bad: [string, unknown, RegExp][] = [
      ['an ISO string', '2026-03-20T23:00:00Z', /got the string "2026-03-20T23:00:00Z"; strings are not parsed/],
      ['an invalid Date', new Date('not a date'), /got an invalid Date/],
      ['NaN', NaN, /got NaN/],
      ['Infinity', Infinity, /got Infinity, outside the range a Date can hold/],
      ['a number beyond a Date', 8.64e15 + 1, /outside the range a Date can hold/],
      ['a plain object', { getTime: () => 0 }, /got an object that is not a Date/],
      ['null', null, /got null/],
      ['a boolean', true, /got a boolean/],
    ];
    it.each(bad)('refuses %s with a coded error, with or without a time rule', (_, now, message) => {
      for (const policy of [night, plain]) {
        const d = policy.evaluate({ type: 'x' }, { now } as never);
        expect(d).toMatchObject({ approval: 'block', allowed: false, riskLevel: 'critical', error: { code: 'evaluate.invalid-now' } });
        expect(d.error!.message).toMatch(/^now must be a valid Date or a finite number of epoch milliseconds; /);
        expect(d.error!.message).toMatch(message);
      }
    });

    it('blocks in every layer of a hierarchy', () => {
      const d = new PolicyHierarchy({ org: plain, agent: night }).evaluate({ type: 'x' }, { now: 'tomorrow' } as never);
      expect(d).toMatchObject({ approval: 'block', error: { code: 'evaluate.invalid-now' } });
      expect(d.layers.map((l) => l.decision.error?.code)).toEqual(['evaluate.invalid-now', 'evaluate.invalid-now']);
    });

    it('checks the clock the same way, when a time condition reads it', () => {
      const withClock = (clock: () => number) => Policy.parse('rules: [{name: n, match: {type: x}, conditions: {time_after: "22:00"}, approval: auto, risk_level: low}]', { clock }).policy!;
      expect(withClock(() => NaN).evaluate({ type: 'x' })).toMatchObject({ approval: 'block', error: { code: 'evaluate.invalid-now', message: expect.stringMatching(/^the policy's clock must be .*; got NaN$/) } });
      expect(withClock((() => '23:00') as never).evaluate({ type: 'x' }).error?.code).toBe('evaluate.invalid-now');
      // A valid `now` means the clock is never read.
      expect(withClock(() => NaN).evaluate({ type: 'x' }, { now: Date.parse('2026-03-20T23:00:00Z') }).matchedRule).toBe('n');
    });
  });

  it('calls a pluggable semantic evaluator and fails closed when it throws', () => {
    const yaml = 'rules: [{name: s, match: {type: "*"}, conditions: {semantic: "moves money"}, approval: approve, risk_level: high}]\ndefaults: {approval: auto}';
    const seen: string[] = [];
    const policy = Policy.parse(yaml, { semanticEvaluator: { evaluate: (c, a) => (seen.push(c), a.type === 'wire') } }).policy!;
    expect(policy.evaluate({ type: 'wire' }).matchedRule).toBe('s');
    expect(policy.evaluate({ type: 'read' }).matchedRule).toBe('<default>');
    expect(seen).toEqual(['moves money', 'moves money']);
    const broken = Policy.parse(yaml, { semanticEvaluator: { evaluate: () => { throw new Error('model offline'); } } }).policy!;
    expect(broken.evaluate({ type: 'read' })).toMatchObject({ approval: 'block', error: { code: 'condition.semantic-failed' } });
  });
});

describe('matching', () => {
  const policy = Policy.fromYaml(`
defaults: {risk_level: medium, approval: approve}
rules:
  - {name: bots_read, match: {type: "read*", agent: "bot-*"}, risk_level: low, approval: auto}
  - {name: intern, match: {type: "*", agent: intern}, risk_level: high, approval: block}
  - {name: agentless_write, match: {type: "write*", agent: "?"}, risk_level: high, approval: approve}
  - {name: prod, match: {type: "*", target: "prod*"}, risk_level: critical, approval: block}
  - {name: "", match: {type: "ping", target: "h*"}, approval: auto}
`);
  const table: [ActionInput, string | number][] = [
    [{ type: 'read', agentId: 'bot-1' }, 'bots_read'],
    [{ type: 'read' }, '<default>'],
    [{ type: 'delete', agentId: 'intern' }, 'intern'],
    [{ type: 'write' }, 'agentless_write'],
    [{ type: 'write', agentId: 'x' }, 'agentless_write'],
    [{ type: 'write', agentId: 'xy' }, '<default>'],
    [{ type: 'deploy', target: 'production' }, 'prod'],
    [{ type: 'ping', target: 'host' }, 'ping@h*'],
  ];
  it.each(table)('%j → %s', (action, rule) => {
    expect(policy.evaluate(action).matchedRule).toBe(rule);
  });

  it('fails closed on actions that are not well formed', () => {
    for (const bad of [null, 5, {}, { type: 7 }, { type: 'x', target: 3 }, { type: 'x', params: [1] }, { type: 'x', agentId: {} }]) {
      const d = policy.evaluate(bad as unknown as ActionInput);
      expect(d.approval).toBe('block');
      expect(d.error?.code).toMatch(/^action\./);
    }
  });
});

describe('the rule index (property)', () => {
  it('decides exactly like trying every rule in order', () => {
    const glob = fc.stringMatching(/^[ab*?x😀]{0,4}$|^\[[!]?[ab😀-]{1,3}\][ab*x]{0,2}$|^[ab*]{0,2}\[[ab]\]$/);
    const typeArb = fc.stringMatching(/^[abx😀_-]{0,5}$/);
    fc.assert(
      fc.property(fc.array(glob, { minLength: 1, maxLength: 12 }), fc.array(typeArb, { minLength: 1, maxLength: 20 }), (globs, types) => {
        const policy = Policy.fromObject({ rules: globs.map((g, i) => ({ name: `r${i}`, match: { type: g }, approval: 'auto', risk_level: 'low' })) });
        for (const type of types) {
          const expected = globs.findIndex((g) => globMatch(g, type));
          expect(policy.evaluate({ type }).matchedRule, `${JSON.stringify(globs)} ${JSON.stringify(type)}`).toBe(expected < 0 ? '<default>' : `r${expected}`);
        }
      }),
      { numRuns: 2000 },
    );
  });
});

describe('evaluate never throws (property)', () => {
  const json = fc.jsonValue({ maxDepth: 3 });
  const ruleArb = fc.record({
    name: fc.option(fc.string(), { nil: undefined }),
    match: fc.record({ type: fc.constantFrom('*', 'read*', 'a?', '[!x]*', 'w[a-c]*', 'x'), target: fc.constantFrom('*', 'prod*', '') }),
    conditions: fc.option(fc.dictionary(fc.constantFrom('param_eq', 'param_gt', 'param_lt', 'param_contains', 'param_matches', 'weekdays', 'time_after', 'semantic', 'bogus'), json, { maxKeys: 3 }), { nil: undefined }),
    approval: fc.constantFrom('auto', 'approve', 'block'),
    risk_level: fc.constantFrom('low', 'medium', 'high', 'critical'),
  });
  const actionArb = fc.record({
    type: fc.oneof(fc.string(), json),
    target: fc.option(fc.oneof(fc.string(), json), { nil: undefined }),
    params: fc.option(fc.oneof(fc.dictionary(fc.string(), json), json), { nil: undefined }),
    agentId: fc.option(fc.oneof(fc.string(), json), { nil: undefined }),
  });

  it('returns a well-formed decision for any policy and any action', () => {
    fc.assert(
      fc.property(fc.array(ruleArb, { maxLength: 6 }), actionArb, fc.integer({ min: -8.64e15, max: 8.64e15 }), (rules, action, now) => {
        const { policy } = Policy.parseObject({ rules });
        if (!policy) return;
        const d = policy.evaluate(action as unknown as ActionInput, { now });
        expect(['auto', 'approve', 'block']).toContain(d.approval);
        expect(d.allowed).toBe(d.approval !== 'block');
        if (d.error) expect(d.approval).toBe('block');
      }),
      { numRuns: 1500 },
    );
  });

  it('Policy.parse never throws on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (text) => {
        const r = Policy.parse(text);
        expect(Array.isArray(r.diagnostics)).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('hierarchy', () => {
  const org = Policy.fromYaml('defaults: {approval: auto, risk_level: low}\nrules: [{name: org_no_delete, match: {type: "delete*"}, approval: block, risk_level: critical}]');
  const team = Policy.fromYaml('defaults: {approval: auto, risk_level: low}\nrules: [{name: team_pay, match: {type: "pay*"}, approval: approve, risk_level: high}]');
  const agent = Policy.fromYaml('defaults: {approval: auto, risk_level: medium}\nrules: [{name: agent_read, match: {type: "read"}, approval: auto, risk_level: low}]');
  const h = new PolicyHierarchy({ org, team, agent });

  it('takes the strictest approval and the highest risk, and reports conflicts', () => {
    const d = h.evaluate({ type: 'delete' });
    expect(d).toMatchObject({ approval: 'block', riskLevel: 'critical', matchedRule: 'org_no_delete', layer: 'org' });
    expect(d.conflicts.map((c) => c.field)).toEqual(['approval', 'risk']);
    const pay = h.evaluate({ type: 'pay' });
    expect(pay).toMatchObject({ approval: 'approve', riskLevel: 'high', layer: 'team' });
    const read = h.evaluate({ type: 'read' });
    expect(read).toMatchObject({ approval: 'auto', riskLevel: 'low' });
    expect(read.conflicts).toEqual([]);
  });

  it('no layer fails closed', () => {
    expect(new PolicyHierarchy({}).evaluate({ type: 'read' })).toMatchObject({ approval: 'block', matchedRule: '<no-policy>' });
  });
});
