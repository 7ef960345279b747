// Probe speed: a 100-rule policy must be probed in under 1 s (issue 5). Standalone: node bench/probe.bench.mjs (after npm run build).
import { Policy, probe } from '../dist/engine/index.js';

const verbs = ['read', 'list', 'search', 'write', 'update', 'delete', 'drop', 'export', 'send', 'deploy', 'pay', 'refund', 'grant', 'exec', 'upload', 'purge', 'create', 'sync', 'archive', 'restore'];
const targets = ['*', 'prod*', 'staging*', 'db*', 'crm*', 'users', 'billing*', 'file*'];
const approvals = ['block', 'approve', 'auto'];

/** A deterministic 100-rule policy: prefix, exact and infix globs, targets, agents and a few conditions. */
function policyText(n) {
  const lines = ['version: "1"', 'defaults: { risk_level: medium, approval: approve }', 'rules:'];
  for (let i = 0; i < n; i++) {
    const verb = verbs[i % verbs.length];
    const shape = i % 4;
    const type = shape === 0 ? `${verb}*` : shape === 1 ? `${verb}_${i}` : shape === 2 ? `*${verb}*` : `${verb}_[a-m]*`;
    const approval = approvals[(i * 7) % 3];
    lines.push(`  - name: rule_${i}_${verb}`, `    match: { type: "${type}", target: "${targets[i % targets.length]}"${i % 9 === 0 ? ', agent: "bot-*"' : ''} }`);
    if (i % 10 === 5) lines.push('    conditions: { param_gt: { amount: 1000 } }');
    if (i % 15 === 7) lines.push('    conditions: { time_after: "20:00", time_before: "06:00" }');
    lines.push(`    risk_level: ${approval === 'block' ? 'critical' : approval === 'auto' ? 'low' : 'high'}`, `    approval: ${approval}`);
  }
  return lines.join('\n') + '\n';
}

const policy = Policy.fromYaml(policyText(100));
const runs = 15;
const times = [];
let report;
let events = 0;
probe(policy, { seed: 1 }); // warm-up (JIT, glob caches are per policy anyway)
for (let r = 0; r < runs; r++) {
  const fresh = Policy.fromYaml(policyText(100)); // no decision caches carried over between runs
  events = 0;
  const t0 = performance.now();
  report = probe(fresh, { seed: r + 1, onProgress: () => events++ });
  times.push(performance.now() - t0);
}
times.sort((a, b) => a - b);
const median = times[Math.floor(runs / 2)];
console.log(`probe, 100 rules: median ${median.toFixed(1)} ms, max ${times.at(-1).toFixed(1)} ms over ${runs} runs`);
console.log(`  ${report.totalProbes} actions evaluated, ${report.findings.length} findings, score ${report.score}, ${events} progress events`);
if (median >= 1000) {
  console.error('FAIL: probing a 100-rule policy must take under 1 s');
  process.exit(1);
}
