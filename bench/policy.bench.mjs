// Policy engine: decisions per second and load time (issue 2 targets, one core).
import { Policy } from '../dist/engine/index.js';
import { parse } from 'yaml';

function generated(n) {
  const shapes = (i) => [
    { type: `svc${i}_*`, target: '*' },
    { type: `op_${i}`, target: `target_${i % 7}*` },
    { type: `*_${i}`, target: 'db?' },
    { type: `[abc]${i}*`, target: '*' },
    { type: `act${i}`, target: '*' },
  ][i % 5];
  const rules = [];
  for (let i = 0; i < n - 1; i++) {
    const rule = { name: `rule_${i}`, match: shapes(i), risk_level: 'medium', approval: 'approve' };
    if (i % 10 === 4) rule.conditions = { param_gt: { n: i } };
    rules.push(rule);
  }
  rules.push({ name: 'catch_all', match: { type: '*' }, risk_level: 'low', approval: 'auto' });
  const yaml = `version: "1"\ndefaults: {risk_level: medium, approval: approve}\nrules:\n` +
    rules.map((r) => `  - name: ${r.name}\n    match: {type: "${r.match.type}", target: "${r.match.target}"}\n` +
      (r.conditions ? `    conditions: {param_gt: {n: ${r.conditions.param_gt.n}}}\n` : '') +
      `    risk_level: ${r.risk_level}\n    approval: ${r.approval}\n`).join('');
  return { yaml, data: parse(yaml) };
}

function perDecision(policy, action, iterations = 2_000_000) {
  for (let i = 0; i < 100_000; i++) policy.evaluate(action);
  const start = process.hrtime.bigint();
  let sink = 0;
  for (let i = 0; i < iterations; i++) sink += policy.evaluate(action).allowed ? 1 : 0;
  const ns = Number(process.hrtime.bigint() - start) / iterations;
  if (sink < 0) console.log(sink);
  return ns;
}

function timeIt(fn, runs) {
  for (let i = 0; i < 5; i++) fn();
  const times = [];
  for (let i = 0; i < runs; i++) {
    const t = process.hrtime.bigint();
    fn();
    times.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

const rows = [];
for (const n of [10, 100]) {
  const { yaml, data } = generated(n);
  const policy = Policy.fromYaml(yaml);
  const cases = {
    'first-rule hit': { type: 'svc0_read', target: 'x' },
    'middle hit': { type: `act${n > 50 ? 49 : 9}`, target: 'x', params: { n: 1 } },
    'catch-all (worst case)': { type: 'unmatched_action', target: 'nowhere' },
    'catch-all, new type each time': null,
  };
  for (const [label, action] of Object.entries(cases)) {
    let ns;
    if (action) ns = perDecision(policy, action);
    else {
      const types = Array.from({ length: 20_000 }, (_, i) => ({ type: `fresh_${i}_${n}`, target: 'nowhere' }));
      for (let i = 0; i < 20_000; i++) policy.evaluate({ type: `warm_${i}_${n}`, target: 'nowhere' });
      const start = process.hrtime.bigint();
      for (const a of types) policy.evaluate(a);
      ns = Number(process.hrtime.bigint() - start) / types.length;
    }
    rows.push({ rules: n, case: label, 'ns/decision': ns.toFixed(1), 'decisions/s': Math.round(1e9 / ns).toLocaleString('en') });
  }
  rows.push({ rules: n, case: 'load from YAML (ms, median)', 'ns/decision': timeIt(() => Policy.fromYaml(yaml), 50).toFixed(3), 'decisions/s': '' });
  rows.push({ rules: n, case: 'load from parsed data (ms, median)', 'ns/decision': timeIt(() => Policy.fromObject(data), 200).toFixed(3), 'decisions/s': '' });
}
console.table(rows);
console.log('Targets: worst case on 100 rules <= 500 ns (aim 200 ns); load 100 rules <= 10 ms from YAML, <= 1 ms from parsed data.');
