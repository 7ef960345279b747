/**
 * Test page for the engine worker in a real browser: the engine runs in a module worker, its audit
 * log lives in IndexedDB. The page exposes `window.harness` for Playwright. The log name comes
 * from `?log=` so that tests (and tabs) choose whether they share a log.
 */
import wasmUrl from 'sql.js/dist/sql-wasm-browser.wasm?url';
import { createEngineWorker } from '../../engine/worker/index.ts';
import type { ActionInput } from '../../engine/index.ts';
import { READS_AND_NO_DELETES as POLICY } from '../../engine/policy/test-policies.ts';

const params = new URLSearchParams(location.search);
const logName = params.get('log') ?? 'harness';
const tab = params.get('tab') ?? 'a';

/** Background errors reported by the client (audit flush or snapshot failures, crashes). */
const errors: { code: string; message: string }[] = [];

const engine = createEngineWorker({
  onError: (e) => { errors.push({ code: e.code, message: e.message }); },
  // A literal `new Worker(new URL(...))` so that Vite bundles the worker and its dependencies.
  worker: () => new Worker(new URL('../../engine/worker/entry.ts', import.meta.url), { type: 'module' }),
  wasmUrl: new URL(wasmUrl, location.href).href,
  persistence: { kind: 'indexeddb', name: logName },
  sessionId: `tab-${tab}`,
  ...(params.has('flushDelay') ? { flushDelayMs: Number(params.get('flushDelay')) } : {}),
});

const actions = (n: number, from: number): ActionInput[] =>
  Array.from({ length: n }, (_, i) => ({ type: (from + i) % 3 ? 'read_file' : 'delete_row', target: `row/${from + i}`, params: { tab, i: from + i } }));

const harness = {
  engine,
  errors,
  ready: () => engine.ready(),
  loadPolicy: () => engine.loadPolicy(POLICY),
  /** Evaluate `n` actions in batches of `batch`, each batch acknowledged durable. */
  async evaluate(n: number, batch = 10, from = 0) {
    for (let i = 0; i < n; i += batch) await engine.evaluate(actions(Math.min(batch, n - i), from + i), { durable: true });
  },
  /** Evaluate without waiting for durability (the entries are flushed later, or when the page hides). */
  evaluateLazily: (n: number) => engine.evaluate(actions(n, 0)).then((d) => d.length),
  count: async () => (await engine.audit.query()).length,
  ids: async () => (await engine.audit.query()).map((e) => e.event_id),
  sessions: async () => (await engine.audit.stats()),
  verify: () => engine.audit.verify(),
  flush: () => engine.audit.flush(),
  /** Median time of flushing `fresh` new entries once `stored` entries are in the log. */
  async measureFlush(stored: number, fresh = 100, rounds = 7) {
    await engine.loadPolicy(POLICY);
    let have = (await engine.audit.head()).length;
    while (have < stored) {
      const n = Math.min(10_000, stored - have);
      await engine.evaluate(actions(n, have));
      await engine.audit.flush();
      have += n;
    }
    const times: number[] = [];
    for (let r = 0; r < rounds; r++) {
      await engine.evaluate(actions(fresh, have + r * fresh));
      // Let the worker seal and index the entries first: the measurement is the flush itself.
      await new Promise((resolve) => setTimeout(resolve, 0));
      const t = performance.now();
      await engine.audit.flush();
      times.push(performance.now() - t);
    }
    times.sort((a, b) => a - b);
    return { stored: have, medianMs: times[Math.floor(times.length / 2)]!, times };
  },
};

(window as unknown as { harness: typeof harness }).harness = harness;
engine.ready().then(
  (info) => { document.getElementById('status')!.textContent = JSON.stringify(info); },
  (err: unknown) => { document.getElementById('status')!.textContent = `failed: ${String((err as Error)?.message ?? err)}`; },
);
