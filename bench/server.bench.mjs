// Loopback load test of POST /api/v1/evaluate on Node: the server (createApp behind the CLI's
// node:http adapter, from dist/) runs in a child process so the load generator does not share its
// event loop. Bounded: 2 s warm-up plus BENCH_SECONDS (default 10); the child is stopped at the end.
import autocannon from 'autocannon';
import { spawn } from 'node:child_process';

const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
const SERVER = `
import { createApp } from './dist/engine/server/index.js';
import { serve } from './dist/cli/node-server.js';
const policy = 'version: "1"\\ndefaults: { risk_level: medium, approval: block }\\nrules:\\n  - name: no_deletes\\n    match: { type: "delete*" }\\n    risk_level: critical\\n    approval: block\\n  - name: reads\\n    match: { type: "read*" }\\n    risk_level: low\\n    approval: auto\\n  - name: writes\\n    match: { type: "write*", target: "crm*" }\\n    approval: approve\\n';
const running = await serve(createApp({ policy, guardrails: false }), { port: 0, host: '127.0.0.1' });
console.log('listening ' + running.url);
`;

const child = spawn(process.execPath, ['--input-type=module', '-e', SERVER], { stdio: ['ignore', 'pipe', 'inherit'] });
try {
  const url = await new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`server did not start: ${out}`)), 20_000);
    child.stdout.on('data', (d) => {
      out += d;
      const m = /listening (\S+)/.exec(out);
      if (m) clearTimeout(timer), resolve(m[1]);
    });
    child.once('exit', (code) => reject(new Error(`server exited ${code}`)));
  });
  const body = JSON.stringify({ action_type: 'read', target: 'crm', params: { id: 42 } });
  const run = (duration) => autocannon({ url: `${url}/api/v1/evaluate`, method: 'POST', headers: { 'content-type': 'application/json' }, body, connections: 50, duration });
  await run(2);
  const r = await run(DURATION);
  const errors = r.errors + r.timeouts + (r.non2xx ?? 0);
  console.log(`POST /api/v1/evaluate on node:http (createApp), ${DURATION}s, 50 connections`);
  console.log(`  requests/s: mean ${Math.round(r.requests.average)}, median ${r.requests.p50}, max ${r.requests.max}`);
  console.log(`  latency ms: p50 ${r.latency.p50}, p99 ${r.latency.p99}, max ${r.latency.max}`);
  console.log(`  total ${r.requests.total}, errors ${errors} (target: >= 10000 req/s, 0 errors)`);
  if (errors) process.exitCode = 1;
} finally {
  child.kill('SIGTERM');
}
