// Audit and worker benchmarks (standalone; run after `npm run build`, or via `npm run bench audit`).
// Prints one table row per measurement, with the target next to it.
import { createHash, createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { loadavg } from 'node:os';
import { GENESIS, sealEvents } from '../dist/engine/audit/chain.js';
import { verifyLines } from '../dist/engine/audit/verify.js';
import { sampleEvent } from '../dist/engine/audit/test-events.js';
import { AuditLog, MemoryPersistence, createEngineWorker } from '../dist/engine/worker/index.js';

const require = createRequire(import.meta.url);
const wasmBinary = readFileSync(require.resolve('sql.js/dist/sql-wasm.wasm'));
const rows = [];
const report = (name, value, unit, target, ok) => rows.push({ name, value, unit, target, ok: ok === undefined ? '' : ok ? 'yes' : 'NO' });
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const time = (fn) => { const t = performance.now(); fn(); return performance.now() - t; };
/** CPU time of this thread (user + system), in ms: fairer than wall time on a shared, loaded machine. */
const cpuTime = (fn) => { const c = process.cpuUsage(); fn(); const d = process.cpuUsage(c); return (d.user + d.system) / 1000; };

// The Hasher port with Node's native SHA-256: what a Node host (CLI, server) can inject.
const nodeHasher = {
  sha256Hex: (text) => createHash('sha256').update(text, 'utf8').digest('hex'),
  hmacHex: (key, text) => createHmac('sha256', key).update(text, 'utf8').digest('hex'),
};

// 1. Sealing (canonical JSON + domain-separated SHA-256), in batches of 1,000 as the log commits.
const N = 100_000;
const events = Array.from({ length: N }, (_, i) => sampleEvent(i));
const sealAll = (keying) => {
  let head = GENESIS;
  for (let i = 0; i < N; i += 1000) head = sealEvents(events.slice(i, i + 1000), head, keying).head;
  return head;
};
sealAll({});
const sealMs = median([0, 1, 2, 3, 4].map(() => time(() => sealAll({}))));
const sealRate = N / sealMs * 1000;
report('append + hash (portable JS SHA-256, batches of 1k)', Math.round(sealRate), 'entries/s', '≥ 100,000', sealRate >= 100_000);
const sealCpuMs = median([0, 1, 2].map(() => cpuTime(() => sealAll({}))));
report('  same, per CPU second of this thread', Math.round(N / sealCpuMs * 1000), 'entries/s', '≥ 100,000', N / sealCpuMs * 1000 >= 100_000);
const sealNodeMs = median([0, 1, 2].map(() => time(() => sealAll({ hasher: nodeHasher }))));
report('append + hash (Hasher port = node:crypto)', Math.round(N / sealNodeMs * 1000), 'entries/s', '≥ 100,000', N / sealNodeMs * 1000 >= 100_000);
const sealed = sealEvents(events, GENESIS);
const lineBytes = sealed.entries.reduce((n, e) => n + e.line.length, 0) / N;
report('  average entry line', Math.round(lineBytes), 'bytes', '', undefined);

// 2. Verification of an export.
const lines = sealed.entries.map((e) => e.line);
let verified;
const verifyMs = median([0, 1, 2].map(() => time(() => { verified = verifyLines(lines); })));
if (!verified.valid) throw new Error('bench chain does not verify');
const verifyRate = N / verifyMs * 1000;
report('verify (verifyLines, portable JS SHA-256, 100k)', Math.round(verifyRate), 'entries/s', '≥ 200,000', verifyRate >= 200_000);
const verifyCpuMs = median([0, 1, 2].map(() => cpuTime(() => verifyLines(lines))));
report('  same, per CPU second of this thread', Math.round(N / verifyCpuMs * 1000), 'entries/s', '≥ 200,000', N / verifyCpuMs * 1000 >= 200_000);
const verifyNodeMs = median([0, 1, 2].map(() => time(() => verifyLines(lines, { hasher: nodeHasher }))));
report('verify (Hasher port = node:crypto)', Math.round(N / verifyNodeMs * 1000), 'entries/s', '≥ 200,000', N / verifyNodeMs * 1000 >= 200_000);

// 3. The audit log in-process: record + commit (seal + sql.js insert with 7 indexes).
const log = await AuditLog.open({ sql: { wasmBinary }, flushDelayMs: 1e9, maxUnflushed: 1e9, compactEvery: 0, persistence: new MemoryPersistence() });
const logMs = time(() => { for (const e of events) log.record(e); log.commit(); });
report('record + seal + sql.js insert (100k)', Math.round(N / logMs * 1000), 'entries/s', '', undefined);
await log.flush();
// 4. Flush of 100 new entries with 200k stored (memory persistence: measures the log's own cost).
for (const e of events) log.record({ ...e, event_id: e.event_id + 'b' });
await log.flush();
const flushTimes = [];
for (let r = 0; r < 20; r++) {
  for (let i = 0; i < 100; i++) log.record(events[i]);
  const t = performance.now();
  await log.flush();
  flushTimes.push(performance.now() - t);
}
const flushMs = median(flushTimes);
report('flush 100 new entries, 200k stored (Node, memory persistence)', flushMs.toFixed(2), 'ms', '≤ 20 (Chromium IndexedDB: see e2e)', flushMs <= 20);
const tv = performance.now();
const logVerify = await log.verify();
report('audit.verify() of the stored log (202k, from sql.js)', Math.round(logVerify.length / (performance.now() - tv) * 1000), 'entries/s', '', logVerify.valid);
await log.close();

// 5. Through the worker (web-worker on Node worker_threads).
const engine = createEngineWorker({ wasmBinary, flushDelayMs: 25 });
await engine.ready();
await engine.loadPolicy('rules:\n  - name: reads\n    match: { type: "read*" }\n    approval: auto\n  - name: deletes\n    match: { type: "delete*" }\n    approval: block\n');
for (let i = 0; i < 2000; i++) await engine.call('engine.ping', {}); // warm up
let t = performance.now();
const PINGS = 5000;
for (let i = 0; i < PINGS; i++) await engine.call('engine.ping', {});
const pingUs = (performance.now() - t) / PINGS * 1000;
report('worker round trip (ping, sequential)', pingUs.toFixed(1), 'µs', '≤ 100', pingUs <= 100);
for (let i = 0; i < 2000; i++) await engine.evaluate({ type: 'read_file' });
t = performance.now();
for (let i = 0; i < PINGS; i++) await engine.evaluate({ type: 'read_file', target: 'x', params: { i } });
const evalUs = (performance.now() - t) / PINGS * 1000;
report('evaluate round trip (1 action, audited, sequential)', evalUs.toFixed(1), 'µs', '≤ 100', evalUs <= 100);
const batch = Array.from({ length: 10_000 }, (_, i) => ({ type: i % 3 ? 'read_file' : 'delete_row', target: `t${i % 50}`, params: { i } }));
await engine.audit.flush();
const batchTimes = [];
const durableTimes = [];
for (let r = 0; r < 5; r++) {
  t = performance.now();
  await engine.evaluate(batch);
  batchTimes.push(performance.now() - t);
  await engine.audit.flush();
  durableTimes.push(performance.now() - t);
}
const batchMs = median(batchTimes);
report('10k-action batch through the worker (decisions back)', batchMs.toFixed(1), 'ms', '≤ 20', batchMs <= 20);
report('10k-action batch, until sealed + stored + flushed', median(durableTimes).toFixed(1), 'ms', '', undefined);
t = performance.now();
const many = await Promise.all(Array.from({ length: 10_000 }, (_, i) => engine.evaluate({ type: 'read', params: { i } })));
report('10k concurrent evaluate() calls (client batching)', (performance.now() - t).toFixed(1), 'ms', '', many.length === 10_000);
const final = await engine.audit.verify();
report('audit.verify() through the worker', final.length, 'entries', 'valid', final.valid);
await engine.close();

const w = [Math.max(...rows.map((r) => r.name.length)), 10, 10, 36];
console.log(`load average at the end: ${loadavg().map((l) => l.toFixed(1)).join(' ')} on this machine's cores (numbers are wall-clock)`);
console.log(`${'measurement'.padEnd(w[0])}  ${'value'.padStart(w[1])}  ${'unit'.padEnd(w[2])}  ${'target'.padEnd(w[3])}  met`);
for (const r of rows) console.log(`${r.name.padEnd(w[0])}  ${String(r.value).padStart(w[1])}  ${r.unit.padEnd(w[2])}  ${r.target.padEnd(w[3])}  ${r.ok}`);
