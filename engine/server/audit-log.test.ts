import { describe, expect, it } from 'vitest';
import { AuditLog } from '../audit/log.ts';
import { verifyChain } from '../audit/verify.ts';
import { MemoryPersistence } from '../storage/memory.ts';
import { createApp } from './app.ts';

const POLICY = `rules:
  - name: reads
    match: { type: "read*" }
    risk_level: low
    approval: auto
  - name: no_deletes
    match: { type: "delete*" }
    risk_level: critical
    approval: block
`;

async function get(app: { fetch(r: Request): Promise<Response> }, path: string) {
  const r = await app.fetch(new Request(`http://localhost${path}`));
  return { status: r.status, text: await r.clone().text(), body: r.headers.get('content-type')?.startsWith('application/json') ? await r.json() : null };
}
const execute = (app: { fetch(r: Request): Promise<Response> }, action: unknown) =>
  app.fetch(new Request('http://localhost/api/v1/execute', { method: 'POST', body: JSON.stringify(action), headers: { 'content-type': 'application/json' } }));

describe('the server audit is the engine audit chain', () => {
  it('records executed actions in the AuditLog it is given: rows, crypto verify and the export agree', async () => {
    const persistence = new MemoryPersistence();
    const log = await AuditLog.open({ persistence });
    const app = createApp({ policy: POLICY, guardrails: false, audit: log });
    await execute(app, { action_type: 'read', target: 'crm', agent_id: 'bot-1', params: { q: 'ünïcode' } });
    await execute(app, { action_type: 'delete', target: 'db' });

    // Durable before the answer: the persistence already holds both entries.
    expect(persistence.head?.length).toBe(2);

    const rows = (await get(app, '/api/v1/audit')).body;
    expect(rows).toMatchObject([
      { id: 1, agent_id: 'bot-1', action_type: 'read', action_target: 'crm', action_params: { q: 'ünïcode' }, risk_level: 'LOW', approval: 'auto', matched_rule: 'reads', result_status: 'success', result_data: { executed: true }, result_error: null, timestamp: expect.stringMatching(/\+00:00$/) },
      { id: 2, action_type: 'delete', risk_level: 'CRITICAL', approval: 'block', result_status: 'blocked', result_error: expect.stringContaining('no_deletes') },
    ]);
    expect((await get(app, '/api/v1/audit?agent_id=bot-1')).body).toHaveLength(1);
    expect((await get(app, '/api/v1/audit?result_status=blocked')).body.map((r: { id: number }) => r.id)).toEqual([2]);

    expect((await get(app, '/api/v1/audit/crypto/verify')).body).toMatchObject({ valid: true, chain_length: 2, verified_entries: 2, first_broken_at: null });
    const entries = (await get(app, '/api/v1/audit/crypto/entries')).body;
    const exported = await log.export();
    const lines = exported.trim().split('\n').map((l) => JSON.parse(l));
    // The crypto entries are views of the same chain: same hashes as the engine's export.
    expect(entries.entries.map((e: { entry_hash: string }) => e.entry_hash)).toEqual(lines.map((l) => l.entry_hash));
    expect(lines[0]).toMatchObject({ event_type: 'policy_decision', agef_version: '1.0.0', metadata: { result: { status: 'success' } } });
    expect((await get(app, '/api/v1/audit/export')).text).toBe(exported);
    await expect(verifyChain(exported)).resolves.toMatchObject({ valid: true, length: 2 });
    expect((await get(app, '/api/v1/audit/crypto/evidence')).body).toMatchObject({ chain_length: 2, verified: true, head_hash: lines[1].entry_hash });
    await log.close();
  });

  it('reports a tampered stored entry through crypto/verify with its index', async () => {
    const persistence = new MemoryPersistence();
    const writer = await AuditLog.open({ persistence });
    const app = createApp({ policy: POLICY, guardrails: false, audit: writer });
    for (const t of ['read', 'delete', 'read']) await execute(app, { action_type: t, target: 'x' });
    await writer.close();
    const record = persistence.records.get(1)!;
    persistence.records.set(1, { ...record, line: record.line.replace('"blocked"', '"success"') });

    const reopened = createApp({ policy: POLICY, guardrails: false, audit: AuditLog.open({ persistence }) });
    const verify = (await get(reopened, '/api/v1/audit/crypto/verify')).body;
    expect(verify).toMatchObject({ valid: false, chain_length: 3, verified_entries: 1, first_broken_at: 1, error_code: 'AUDIT_HASH_MISMATCH' });
    expect((await get(reopened, '/api/v1/audit/crypto/evidence')).body).toMatchObject({ verified: false, broken_links: [1] });
  });

  it('crypto/verify and crypto/evidence say where a chain trimmed by retention starts, and on what word', async () => {
    const log = await AuditLog.open({ retention: { maxEntries: 2 } });
    const app = createApp({ policy: POLICY, guardrails: false, audit: log });
    for (const t of ['read', 'delete', 'read', 'read']) await execute(app, { action_type: t, target: 'x' });
    await log.flush();
    const start = { sequence: 2, basis: 'anchor', description: expect.stringContaining('entries 0 to 1 are not present') };
    expect((await get(app, '/api/v1/audit/crypto/verify')).body).toMatchObject({ valid: true, chain_length: 2, chain_start: start });
    expect((await get(app, '/api/v1/audit/crypto/evidence')).body).toMatchObject({ verified: true, chain_start: start });
    const whole = createApp({ policy: POLICY, guardrails: false });
    await execute(whole, { action_type: 'read', target: 'x' });
    expect((await get(whole, '/api/v1/audit/crypto/verify')).body).toMatchObject({ valid: true, chain_start: { sequence: 0, basis: 'genesis' } });
    await log.close();
  });

  it('keeps an in-memory chain by default and audits evaluations when asked', async () => {
    const app = createApp({ policy: POLICY, guardrails: false, auditEvaluations: true });
    await app.fetch(new Request('http://localhost/api/v1/evaluate', { method: 'POST', body: JSON.stringify({ action_type: 'read', target: 'a' }) }));
    expect((await get(app, '/api/v1/audit')).body).toMatchObject([{ action_type: 'read', result_status: 'evaluated' }]);
    expect((await get(app, '/api/v1/audit/crypto/verify')).body.valid).toBe(true);
  });

  it('says in the answer when an executed action could not be audited', async () => {
    const app = createApp({ policy: POLICY, guardrails: false, audit: Promise.reject(new Error('disk full')) });
    for (const [action, status] of [[{ action_type: 'read', target: 'a' }, 'success'], [{ action_type: 'delete', target: 'a' }, 'blocked']] as const) {
      const body = await (await execute(app, action)).json();
      expect(body).toMatchObject({ status, audit_error: expect.stringContaining('disk full') });
    }
  });

  it('adds no audit_error when the entry is stored', async () => {
    const app = createApp({ policy: POLICY, guardrails: false });
    expect(await (await execute(app, { action_type: 'read', target: 'a' })).json()).not.toHaveProperty('audit_error');
  });
});
