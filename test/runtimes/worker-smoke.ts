// Smoke test of the worker client, run from source by Deno and Bun (see test/worker-runtimes.test.ts):
// start the engine worker (the runtime's own module Worker on engine/worker/entry.ts), load a
// policy, evaluate, read the audit back, verify the chain and detect an edit. Prints one JSON line.
import { readFileSync } from 'node:fs';
import { createEngineWorker } from '../../engine/worker/index.ts';
import { verifyChain } from '../../engine/index.ts';

const runtime = 'Deno' in globalThis ? 'deno' : 'Bun' in globalThis ? 'bun' : 'node';
const wasmBinary = readFileSync(new URL('../../node_modules/sql.js/dist/sql-wasm.wasm', import.meta.url));
const engine = createEngineWorker({ wasmBinary });
const timer = setTimeout(() => { console.log(JSON.stringify({ runtime, error: 'timeout' })); (globalThis as { Deno?: { exit(n: number): void } }).Deno?.exit(2); }, 60_000);
try {
  const { loaded } = await engine.loadPolicy('rules:\n  - name: reads\n    match: { type: "read*" }\n    risk_level: low\n    approval: auto\n');
  const single = await engine.evaluate({ type: 'read_file', target: '/tmp/x' });
  const batch = await engine.evaluate(Array.from({ length: 200 }, (_, i) => ({ type: i % 2 ? 'read' : 'delete', params: { i } })));
  const entries = await engine.audit.query();
  const verify = await engine.audit.verify();
  const jsonl = await engine.audit.export();
  const lines = jsonl.trimEnd().split('\n');
  lines[57] = lines[57]!.replace('"i":56', '"i":57');
  const tampered = await verifyChain(lines.join('\n') + '\n');
  console.log(JSON.stringify({
    runtime, loaded, single: single.approval, blocked: batch.filter((d) => !d.allowed).length,
    entries: entries.length, valid: verify.valid, exported: (await verifyChain(jsonl)).valid, tamperedAt: tampered.firstBrokenAt,
  }));
} catch (err) {
  console.log(JSON.stringify({ runtime, error: String((err as Error)?.stack ?? err) }));
} finally {
  clearTimeout(timer);
  await engine.close();
}
