// The engine worker in Node, from the build (Node 20 cannot start a .ts worker): the issue's
// "done when" flow, conformance vectors through the worker, and a worker that dies mid-batch.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadVectorPolicies, readVectors, repoRoot, sharedDir } from './vectors.ts';
import type { EngineClient } from '../engine/worker/index.ts';
import { READS_AND_NO_DELETES as POLICY } from '../engine/policy/test-policies.ts';

const dist = join(repoRoot, 'dist/engine/worker/index.js');
const core = join(repoRoot, 'dist/engine/index.js');
const require = createRequire(import.meta.url);
const wasmBinary = readFileSync(require.resolve('sql.js/dist/sql-wasm.wasm'));

type WorkerModule = typeof import('../engine/worker/index.ts');
type CoreModule = typeof import('../engine/index.ts');
let W: WorkerModule;
let C: CoreModule;

beforeAll(async () => {
  expect(existsSync(dist), 'run `npm run build` first').toBe(true);
  W = (await import(dist)) as WorkerModule;
  C = (await import(core)) as CoreModule;
});

describe('engine worker in Node (web-worker, built JS)', () => {
  let engine: EngineClient;
  beforeAll(() => { engine = W.createEngineWorker({ wasmBinary }); });
  afterAll(async () => { await engine?.close(); });

  it('loadPolicy → 1,000 evaluate calls → 1,000 audit entries → a valid chain; any edited line is found', async () => {
    const { loaded } = await engine.loadPolicy(POLICY);
    expect(loaded).toBe(true);
    for (let i = 0; i < 1000; i++) {
      const decision = await engine.evaluate({ type: i % 2 ? 'read_file' : 'delete_row', target: `t${i}`, params: { i } });
      expect(decision.approval).toBe(i % 2 ? 'auto' : 'block');
    }
    const entries = await engine.audit.query();
    expect(entries).toHaveLength(1000);
    await expect(engine.audit.verify()).resolves.toMatchObject({ valid: true, length: 1000, firstBrokenAt: null });
    const jsonl = await engine.audit.export();
    await expect(C.verifyChain(jsonl)).resolves.toMatchObject({ valid: true, length: 1000, firstBrokenAt: null });
    const lines = jsonl.trimEnd().split('\n');
    const edits: ((l: string) => string)[] = [
      (l) => l.replace('"block"', '"auto"').replace('"blocked"', '"allowed"'),
      (l) => l.replace(/"i":(\d+)/, (_m, n) => `"i":${Number(n) + 1}`),
      (l) => l.replace(/"entry_hash":"(.)/, (_m, c) => `"entry_hash":"${c === 'a' ? 'b' : 'a'}`),
      (l) => l.replace(/"previous_hash":"(.)/, (_m, c) => `"previous_hash":"${c === 'a' ? 'b' : 'a'}`),
      (l) => l.slice(0, 40),
    ];
    for (const index of [0, 1, 499, 998, 999]) {
      for (const edit of edits) {
        const copy = [...lines];
        copy[index] = edit(copy[index]!);
        if (copy[index] === lines[index]) continue;
        const result = await C.verifyChain(copy.join('\n') + '\n');
        expect(result, `edit of line ${index}`).toMatchObject({ valid: false, firstBrokenAt: index });
      }
    }
  });

  it('batches of actions, filters and stats go through the worker', async () => {
    const decisions = await engine.evaluate(Array.from({ length: 500 }, (_, i) => ({ type: 'read', agentId: `a${i % 4}` })));
    expect(decisions).toHaveLength(500);
    await expect(engine.audit.query({ agentId: 'a1' })).resolves.toHaveLength(125);
    const stats = await engine.audit.stats();
    expect(stats.total).toBe(1500);
    expect(stats.byRule['reads']).toBe(1000);
  });
});

describe('policy tools through the standard worker', () => {
  it('lint, probe with progress, diff with actions and autopolicy answer like the core functions', async () => {
    const engine = W.createEngineWorker({ wasmBinary });
    try {
      await expect(engine.lint()).rejects.toMatchObject({ code: 'ENGINE_NO_POLICY' });
      await engine.loadPolicy(POLICY);
      const policy = C.Policy.fromYaml(POLICY);
      expect(await engine.lint()).toEqual(C.lint(policy));

      const progress: { probe: string; done: number; total: number }[] = [];
      const report = await engine.probe({ seed: 3, onProgress: (e) => progress.push(e) });
      expect(report).toEqual(C.probe(policy, { seed: 3 }));
      expect(progress.length).toBeGreaterThan(1);
      const last = progress[progress.length - 1]!;
      expect(last.done).toBe(last.total);
      expect(progress.every((e, i) => i === 0 || e.done >= progress[i - 1]!.done || e.probe !== progress[i - 1]!.probe)).toBe(true);
      // Without a listener no progress is asked for, and the report is the same.
      expect(await engine.probe({ seed: 3 })).toEqual(report);

      const after = POLICY.replace('approval: block\n', 'approval: approve\n').replace('defaults: { risk_level: medium, approval: approve }', 'defaults: { risk_level: medium, approval: block }');
      const actions = [{ type: 'delete_row', target: 'db' }, { type: 'read_file' }];
      const diff = await engine.diff(after, actions);
      expect(diff).toEqual(C.diffPolicies(policy, C.Policy.fromYaml(after), actions));
      expect(diff.modified).toEqual(['no_deletes']);
      expect(diff.impact?.map((i) => i.change)).toEqual(['promoted', 'unchanged']);

      const text = "Allow reads. Don't allow deletes. Payments over $10K need approval.";
      const generated = await engine.autopolicy(text);
      expect(generated).toEqual(C.autopolicy(text));
      expect((await engine.loadPolicy(generated.yaml)).loaded).toBe(true);
      await expect(engine.evaluate({ type: 'delete', target: 'x' })).resolves.toMatchObject({ approval: 'block' });
    } finally {
      await engine.close();
    }
  });
});

describe('conformance vectors through the worker', () => {
  const vectorsPath = resolve(sharedDir, 'conformance', 'policy-vectors.json');
  it.skipIf(!existsSync(vectorsPath))('decides like the direct API on every vector', async () => {
    const file = readVectors(vectorsPath);
    const direct = loadVectorPolicies(file);
    const engine = W.createEngineWorker({ wasmBinary });
    try {
      const byPolicy = new Map<string, typeof file.vectors>();
      for (const v of file.vectors) byPolicy.set(v.policy_id, [...(byPolicy.get(v.policy_id) ?? []), v]);
      let compared = 0;
      for (const [policyId, vectors] of byPolicy) {
        const spec = file.policies.find((p) => p.id === policyId);
        if (!spec?.yaml || typeof direct.get(policyId) !== 'object') continue;
        const policy = C.Policy.parse(spec.yaml).policy!;
        // Like Policy.parse, the worker loads what the reference would load and reports every problem;
        // broken conditions fail closed (or never hold) at decision time.
        const { loaded, diagnostics } = await engine.loadPolicy(spec.yaml);
        expect(loaded, policyId).toBe(true);
        expect(diagnostics).toEqual(policy.diagnostics);
        const actions = vectors.map((v) => {
          const a: import('../engine/index.ts').ActionInput = { type: v.action.type as string, target: (v.action.target as string) ?? '', params: v.action.params ?? {} };
          if (v.action.agent_id !== undefined) a.agentId = v.action.agent_id;
          return a;
        });
        for (let i = 0; i < vectors.length; i++) {
          const got = await engine.evaluate(actions[i]!, { now: Date.parse(vectors[i]!.now) });
          expect(got, vectors[i]!.id).toEqual(policy.evaluate(actions[i]!, { now: Date.parse(vectors[i]!.now) }));
          compared++;
        }
      }
      expect(compared).toBeGreaterThan(400);
      await expect(engine.audit.verify()).resolves.toMatchObject({ valid: true, length: compared });
    } finally {
      await engine.close();
    }
  });
});

describe('a worker that dies mid-batch', () => {
  it('rejects every pending call with WORKER_CRASHED, and restart reports what the memory log lost', async () => {
    const errors: string[] = [];
    const engine = W.createEngineWorker({ wasmBinary, debug: true, onError: (e) => errors.push(e.code) });
    await engine.loadPolicy(POLICY);
    await engine.evaluate(Array.from({ length: 100 }, () => ({ type: 'read' })));
    await engine.audit.flush();
    const inFlight = [
      engine.evaluate(Array.from({ length: 5000 }, () => ({ type: 'read' }))),
      engine.call('debug.sleep', { ms: 50 }),
      engine.call('debug.crash', { mode: 'exit' }),
      engine.audit.query(),
    ];
    const settled = await Promise.allSettled(inFlight);
    const codes = settled.map((s) => (s.status === 'rejected' ? (s.reason as { code: string }).code : 'ok'));
    // The first batch may have been answered before the crash; everything after it is rejected.
    expect(codes.slice(1)).toEqual(['WORKER_CRASHED', 'WORKER_CRASHED', 'WORKER_CRASHED']);
    expect(engine.status).toBe('crashed');
    const restarted = await engine.restart();
    expect(restarted.lost).toBe(100);
    expect(errors).toEqual(expect.arrayContaining(['WORKER_CRASHED', 'AUDIT_LOST']));
    await expect(engine.evaluate({ type: 'read' })).resolves.toMatchObject({ approval: 'auto' });
    await engine.close();
  });

  it('an uncaught error in the worker is a crash too', async () => {
    const engine = W.createEngineWorker({ wasmBinary, debug: true });
    await engine.ready();
    const slow = engine.call('debug.sleep', { ms: 2000 });
    // The crash is thrown right after the reply is posted, so the reply may or may not arrive
    // before the client sees the worker die; either way every pending call must be rejected.
    const crash = engine.call('debug.crash', { mode: 'throw' }).then(() => 'acknowledged', (err: { code?: string }) => err.code);
    await expect(slow).rejects.toMatchObject({ code: 'WORKER_CRASHED' });
    expect(['acknowledged', 'WORKER_CRASHED']).toContain(await crash);
    await engine.close();
  });
});
