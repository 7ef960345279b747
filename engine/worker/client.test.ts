import { describe, expect, test } from 'vitest';
import { createEngineWorker, type EngineWorkerOptions } from './client.ts';
import { channelWorker } from './test-channel.ts';
import { verifyChain } from '../audit/verify.ts';
import { READS_AND_NO_DELETES } from '../policy/test-policies.ts';
import type { ActionInput } from '../types.ts';

const POLICY = `${READS_AND_NO_DELETES}  - name: pay_needs_human
    match: { type: "pay*" }
    risk_level: high
    approval: approve
`;

const engineOn = (extra: EngineWorkerOptions = {}) => {
  const worker = channelWorker();
  return { worker, engine: createEngineWorker({ worker, flushDelayMs: 5, ...extra }) };
};

describe('engine client over the protocol', () => {
  test('loads a policy, evaluates single actions and batches, and audits each decision', async () => {
    const { engine } = engineOn({ sessionId: 'sess-1' });
    const { diagnostics, loaded } = await engine.loadPolicy(POLICY);
    expect(loaded).toBe(true);
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    await expect(engine.evaluate({ type: 'read_file', target: 'x' })).resolves.toMatchObject({ approval: 'auto', matchedRule: 'reads' });
    const batch = await engine.evaluate([{ type: 'delete_db' }, { type: 'pay', params: { amount: 5 }, agentId: 'bot' }]);
    expect(batch.map((d) => d.approval)).toEqual(['block', 'approve']);
    const entries = await engine.audit.query();
    expect(entries).toHaveLength(3);
    expect(entries[2]).toMatchObject({ event_type: 'policy_decision', agent: { id: 'bot' }, action: { type: 'pay', params: { amount: 5 } },
      decision: { outcome: 'escalated', risk_level: 'HIGH', rule: 'pay_needs_human' }, evidence: { session_id: 'sess-1', sequence_number: 2 } });
    await expect(engine.audit.query({ riskLevel: 'critical' })).resolves.toHaveLength(1);
    await expect(engine.audit.verify()).resolves.toMatchObject({ valid: true, length: 3, firstBrokenAt: null });
    await expect(verifyChain(await engine.audit.export())).resolves.toMatchObject({ valid: true, length: 3 });
    const bytes = await engine.audit.exportBytes();
    expect(new TextDecoder().decode(bytes)).toBe(await engine.audit.export());
    await engine.close();
  });

  test('calls made in one tick are sent as one message', async () => {
    const { engine, worker } = engineOn();
    await engine.ready();
    let messages = 0;
    const post = worker.postMessage;
    worker.postMessage = (m, t) => { messages++; post(m, t); };
    await engine.loadPolicy(POLICY);
    messages = 0;
    await Promise.all(Array.from({ length: 100 }, (_, i) => engine.evaluate({ type: `read_${i}` })));
    expect(messages).toBe(1);
    await expect(engine.audit.query()).resolves.toHaveLength(100);
    await engine.close();
  });

  test('fails closed without a policy, and after a policy that does not load', async () => {
    const { engine } = engineOn();
    await expect(engine.evaluate({ type: 'read' })).resolves.toMatchObject({ approval: 'block', allowed: false, error: { code: 'ENGINE_NO_POLICY' } });
    await engine.loadPolicy(POLICY);
    const bad = await engine.loadPolicy('rules: [');
    expect(bad.loaded).toBe(false);
    expect(bad.diagnostics.length).toBeGreaterThan(0);
    await expect(engine.evaluate({ type: 'read' })).resolves.toMatchObject({ approval: 'block' });
    await expect(engine.audit.query()).resolves.toHaveLength(2);
    await engine.close();
  });

  test('errors come back as data with codes', async () => {
    const { engine } = engineOn();
    await expect(engine.audit.query({ limit: -3 })).rejects.toMatchObject({ name: 'EngineError', code: 'AUDIT_BAD_ARGUMENT' });
    await expect(engine.call('no.such' as 'audit.head', {})).rejects.toMatchObject({ code: 'WORKER_UNKNOWN_METHOD' });
    await expect(engine.call('debug.crash', { mode: 'throw' })).rejects.toMatchObject({ code: 'WORKER_UNKNOWN_METHOD' });
    await expect(engine.lint()).rejects.toMatchObject({ code: 'ENGINE_NO_POLICY' });
    await expect(engine.evaluate({ type: 'x', params: { f: () => 1 } as never })).rejects.toMatchObject({ code: 'WORKER_UNCLONEABLE' });
    await engine.close();
  });

  test('durable evaluations resolve after the flush', async () => {
    const { engine } = engineOn({ flushDelayMs: 60_000 });
    await engine.loadPolicy(POLICY);
    await engine.evaluate({ type: 'read' }, { durable: true });
    const head = await engine.audit.head();
    expect(head.length).toBe(1);
    await engine.close();
  });

  test('guardrail verdicts that block or mask are audited without the text', async () => {
    const { engine } = engineOn();
    const secret = 'my card is 4111 1111 1111 1111 thanks';
    const report = await engine.check(secret);
    expect(report.findings.length).toBeGreaterThan(0);
    const clean = await engine.check('hello there');
    expect(clean.findings).toEqual([]);
    const entries = await engine.audit.query({ eventType: 'guardrail_trigger' });
    expect(entries).toHaveLength(1);
    expect(entries[0]!.guardrail).toMatchObject({ name: 'pii', input_content_hash: expect.stringMatching(/^sha256:[0-9a-f]{64}$/) });
    expect(JSON.stringify(entries[0])).not.toContain('4111');
    await engine.close();
  });

  test('approvals and other events recorded from outside join the chain', async () => {
    const { engine } = engineOn();
    const { eventId } = await engine.audit.record({ event_type: 'approval_request', action: { type: 'pay', target: 'acme', params: { amount: 9000 } }, approval: { request_id: 'r1' } }, { durable: true });
    await engine.audit.record({ event_type: 'approval_response', approval: { request_id: 'r1', decision: 'approved', approver: 'alice' } });
    await expect(engine.audit.record({ event_type: 'approval_request' } as never)).rejects.toMatchObject({ code: 'WORKER_BAD_REQUEST' });
    await expect(engine.audit.record({ event_type: 'gossip' } as never)).rejects.toMatchObject({ code: 'WORKER_BAD_REQUEST' });
    const entries = await engine.audit.query();
    expect(entries.map((e) => e.event_type)).toEqual(['approval_request', 'approval_response']);
    expect(entries[0]!.event_id).toBe(eventId);
    await expect(engine.audit.verify()).resolves.toMatchObject({ valid: true, length: 2 });
    await engine.close();
  });

  test('the policy tools run on the loaded policy', async () => {
    const { engine } = engineOn();
    await engine.loadPolicy(POLICY);
    expect(Array.isArray(await engine.lint())).toBe(true);
    const diff = await engine.diff(POLICY.replace('name: reads', 'name: readers'));
    expect(diff.added).toContain('readers');
    const report = await engine.probe();
    expect(typeof report.score).toBe('number');
    await engine.close();
  });

  test('a crash rejects every pending call with a code, and restart brings the engine back', async () => {
    let current = channelWorker();
    const errors: string[] = [];
    const engine = createEngineWorker({ worker: () => (current = channelWorker()), onError: (e) => errors.push(e.code) });
    await engine.loadPolicy(POLICY);
    const pending = [engine.evaluate({ type: 'read' }), engine.audit.query(), engine.evaluate([{ type: 'delete' }, { type: 'pay' }])];
    current.crash();
    for (const p of pending) await expect(p).rejects.toMatchObject({ code: 'WORKER_CRASHED' });
    expect(engine.status).toBe('crashed');
    await expect(engine.evaluate({ type: 'read' })).rejects.toMatchObject({ code: 'WORKER_CRASHED' });
    const restarted = await engine.restart();
    expect(restarted.auditLength).toBe(0);
    // The last policy came back with the new worker.
    await expect(engine.evaluate({ type: 'read' })).resolves.toMatchObject({ approval: 'auto' });
    expect(errors).toContain('WORKER_CRASHED');
    await engine.close();
    await expect(engine.evaluate({ type: 'read' })).rejects.toMatchObject({ code: 'WORKER_CLOSED' });
  });

  test('restart reports acknowledged entries that a memory log lost', async () => {
    let current = channelWorker();
    const errors: string[] = [];
    const engine = createEngineWorker({ worker: () => (current = channelWorker()), onError: (e) => errors.push(e.code) });
    await engine.loadPolicy(POLICY);
    await engine.evaluate([{ type: 'a' }, { type: 'b' }]);
    await engine.audit.flush();
    current.crash();
    const result = await engine.restart();
    expect(result.lost).toBe(2);
    expect(errors).toContain('AUDIT_LOST');
    await engine.close();
  });

  test('back-pressure: calls beyond the in-flight limit wait their turn and all complete', async () => {
    const { engine, worker } = engineOn({ maxInFlight: 10 });
    await engine.loadPolicy(POLICY);
    let maxBatch = 0;
    const post = worker.postMessage;
    worker.postMessage = (m, t) => { const n = (m as { requests: { params: { actions?: unknown[] } }[] }).requests.reduce((s, r) => s + (r.params?.actions?.length ?? 1), 0); maxBatch = Math.max(maxBatch, n); post(m, t); };
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => engine.evaluate([{ type: `read${i}` }, { type: 'x' }])));
    expect(results).toHaveLength(50);
    expect(maxBatch).toBeLessThanOrEqual(10);
    await expect(engine.audit.query()).resolves.toHaveLength(100);
    await engine.close();
  });

  test('actions that are not objects are blocked for that reason, not as "no policy loaded"', async () => {
    const { engine } = engineOn();
    await engine.loadPolicy(POLICY);
    const decisions = await engine.evaluate([null, 5, 'read_file', { type: 'read_file' }] as unknown as ActionInput[]);
    expect(decisions.map((d) => [d.allowed, d.error?.code])).toEqual([[false, 'action.invalid'], [false, 'action.invalid'], [false, 'action.invalid'], [true, undefined]]);
    await expect(engine.audit.query()).resolves.toHaveLength(4);
    await engine.close();
  });

  test('a call made while close() is under way is rejected as closed', async () => {
    const { engine } = engineOn();
    await engine.loadPolicy(POLICY);
    const closing = engine.close();
    await expect(engine.evaluate({ type: 'read_file' })).rejects.toMatchObject({ code: 'WORKER_CLOSED' });
    await expect(engine.audit.query()).rejects.toMatchObject({ code: 'WORKER_CLOSED' });
    await closing;
    expect(engine.status).toBe('closed');
  });
});

describe('worker start-up', () => {
  test('a protocol mismatch or an unknown persistence fails start-up with a code', async () => {
    const worker = channelWorker();
    worker.postMessage({ kind: 'batch', requests: [{ id: 1, method: 'engine.init', params: { protocol: 999 } }] });
    const reply = await new Promise<unknown>((resolve) => worker.addEventListener('message', ((e: { data: unknown }) => resolve(e.data)) as never));
    expect(reply).toMatchObject({ kind: 'replies', replies: [{ id: 1, ok: false, error: { code: 'WORKER_START_FAILED' } }] });
    worker.terminate();
    const engine = createEngineWorker({ worker: channelWorker(), persistence: { kind: 'tape' as 'memory' } });
    await expect(engine.ready()).rejects.toMatchObject({ code: 'WORKER_BAD_REQUEST' });
    await expect(engine.evaluate({ type: 'read' })).rejects.toMatchObject({ code: 'WORKER_BAD_REQUEST' });
    await engine.close();
  });

  test('calls made before the worker is ready run after its start-up, in order', async () => {
    const engine = createEngineWorker({ worker: async () => { await new Promise((r) => setTimeout(r, 30)); return channelWorker(); } });
    const loading = engine.loadPolicy(POLICY);
    const deciding = engine.evaluate({ type: 'read' });
    await expect(loading).resolves.toMatchObject({ loaded: true });
    await expect(deciding).resolves.toMatchObject({ approval: 'auto' });
    await engine.close();
  });
});
