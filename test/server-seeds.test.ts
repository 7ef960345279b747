// Every curl example of the seed documents (000 governance server, 001 REST API server, 003 Docker
// deployment) replayed against createApp, checking the documented status and JSON.
import { describe, expect, it } from 'vitest';
import { createApp } from '../engine/server/index.ts';
import { call } from './support/http-app.ts';

// examples/docker/policy.yaml as shown in seed 003
const DOCKER_POLICY = `version: "1"
defaults:
  risk_level: medium
  approval: approve
rules:
  - name: read_auto
    match: { type: "read*" }
    risk_level: low
    approval: auto
  - name: write_approve
    match: { type: "write*" }
    risk_level: medium
    approval: approve
  - name: delete_block
    match: { type: "delete*" }
    risk_level: critical
    approval: block
`;

// seed 001's answers name a rule "no_deletes"
const SEED_001_POLICY = `version: "1"
defaults: { risk_level: medium, approval: approve }
rules:
  - name: read_auto
    match: { type: "read*" }
    risk_level: low
    approval: auto
  - name: no_deletes
    match: { type: "delete*" }
    risk_level: critical
    approval: block
`;

// seed 003 "Writing Your Own Policy"
const ECOMMERCE_POLICY = `version: "1"
defaults:
  risk_level: high
  approval: block
rules:
  - name: product_search
    match: { type: "search_*", target: "catalog" }
    risk_level: low
    approval: auto
  - name: cart_operations
    match: { type: "cart_*", target: "session" }
    risk_level: low
    approval: auto
  - name: place_order
    match: { type: "place_order" }
    conditions:
      param_lte: { total: 500 }
    risk_level: medium
    approval: approve
  - name: block_large_orders
    match: { type: "place_order" }
    conditions:
      param_gt: { total: 500 }
    risk_level: critical
    approval: block
  - name: refund
    match: { type: "refund" }
    risk_level: high
    approval: approve
`;

// `aegis serve` on loopback with no keys: policy changes are open (see README, server security)
const local = (policy: string) => createApp({ policy, openAdmin: true, approval: 'auto' });

describe('seed 001: REST API server', () => {
  it('GET /health', async () => {
    const r = await call(local(SEED_001_POLICY), 'GET', '/health');
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ status: 'ok', version: expect.any(String) });
  });

  it('POST /api/v1/evaluate: one action gives the documented object', async () => {
    const r = await call(local(SEED_001_POLICY), 'POST', '/api/v1/evaluate', { json: { action_type: 'delete', target: 'db' } });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ action_type: 'delete', target: 'db', risk_level: 'CRITICAL', approval: 'block', is_allowed: false, matched_rule: 'no_deletes' });
  });

  it('POST /api/v1/evaluate: batch', async () => {
    const r = await call(local(SEED_001_POLICY), 'POST', '/api/v1/evaluate', { json: { actions: [{ action_type: 'read', target: 'crm' }, { action_type: 'delete', target: 'db' }] } });
    expect(r.status).toBe(200);
    expect(r.body).toEqual([
      { action_type: 'read', target: 'crm', risk_level: 'LOW', approval: 'auto', is_allowed: true, matched_rule: 'read_auto' },
      { action_type: 'delete', target: 'db', risk_level: 'CRITICAL', approval: 'block', is_allowed: false, matched_rule: 'no_deletes' },
    ]);
  });

  it('POST /api/v1/execute', async () => {
    const r = await call(local(SEED_001_POLICY), 'POST', '/api/v1/execute', { json: { action_type: 'read', target: 'crm' } });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ action_type: 'read', target: 'crm', status: 'success', data: { executed: true }, error: null });
  });

  it('GET /api/v1/audit with each documented filter', async () => {
    const app = local(SEED_001_POLICY);
    for (const a of [{ action_type: 'read', target: 'crm' }, { action_type: 'delete', target: 'db' }, { action_type: 'write', target: 'crm' }]) {
      await call(app, 'POST', '/api/v1/execute', { json: a });
    }
    const all = await call(app, 'GET', '/api/v1/audit');
    expect(all.status).toBe(200);
    expect(all.body.map((e: { action_type: string; result_status: string }) => [e.action_type, e.result_status])).toEqual([['read', 'success'], ['delete', 'blocked'], ['write', 'success']]);
    expect(all.body[0]).toMatchObject({ id: 1, session_id: expect.any(String), timestamp: expect.stringMatching(/\+00:00$/), action_target: 'crm', risk_level: 'LOW', approval: 'auto', matched_rule: 'read_auto', result_data: { executed: true }, result_error: null });
    expect(all.body[2]).toMatchObject({ human_decision: 'approved', approval: 'approve' });
    const deletes = await call(app, 'GET', '/api/v1/audit?action_type=delete');
    expect(deletes.body).toHaveLength(1);
    expect(deletes.body[0]).toMatchObject({ action_type: 'delete', risk_level: 'CRITICAL', result_status: 'blocked', result_error: 'blocked by policy rule: no_deletes' });
    expect((await call(app, 'GET', '/api/v1/audit?risk_level=HIGH')).body).toEqual([]);
    expect((await call(app, 'GET', '/api/v1/audit?risk_level=medium')).body).toHaveLength(1);
    const combined = await call(app, 'GET', '/api/v1/audit?action_type=write&risk_level=CRITICAL&limit=10');
    expect(combined).toMatchObject({ status: 200, body: [] });
  });

  it('GET /api/v1/policy', async () => {
    const r = await call(local(SEED_001_POLICY), 'GET', '/api/v1/policy');
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ default_risk_level: 'MEDIUM', default_approval: 'approve' });
    expect(r.body.rules[1]).toMatchObject({ name: 'no_deletes', match_type: 'delete*', match_target: '*', risk_level: 'CRITICAL', approval: 'block', conditions: null });
  });

  it('PUT /api/v1/policy from a YAML string, then from a policy dict', async () => {
    const app = local(SEED_001_POLICY);
    const fromYaml = await call(app, 'PUT', '/api/v1/policy', { json: { yaml: 'rules:\n  - name: block_all\n    match: {type: "*"}\n    approval: block' } });
    expect(fromYaml.status).toBe(200);
    expect(fromYaml.body).toMatchObject({ status: 'updated', rule_count: 1 });
    expect((await call(app, 'POST', '/api/v1/evaluate', { json: { action_type: 'read', target: 'crm' } })).body).toMatchObject({ approval: 'block', matched_rule: 'block_all' });
    const fromDict = await call(app, 'PUT', '/api/v1/policy', { json: { rules: [{ name: 'allow_reads', match: { type: 'read*' }, approval: 'auto' }] } });
    expect(fromDict.body).toMatchObject({ status: 'updated', rule_count: 1 });
    expect((await call(app, 'POST', '/api/v1/evaluate', { json: { action_type: 'read', target: 'crm' } })).body).toMatchObject({ approval: 'auto', matched_rule: 'allow_reads', is_allowed: true });
  });
});

describe('seed 003: Docker deployment guide', () => {
  it('evaluates a safe action', async () => {
    const r = await call(local(DOCKER_POLICY), 'POST', '/api/v1/evaluate', { json: { action_type: 'read', target: 'crm' } });
    expect(r.body).toEqual({ action_type: 'read', target: 'crm', risk_level: 'LOW', approval: 'auto', is_allowed: true, matched_rule: 'read_auto' });
  });

  it('evaluates a batch of three into an array of decisions', async () => {
    const r = await call(local(DOCKER_POLICY), 'POST', '/api/v1/evaluate', {
      json: { actions: [{ action_type: 'read', target: 'crm' }, { action_type: 'write', target: 'database' }, { action_type: 'delete', target: 'storage' }] },
    });
    expect(r.body.map((d: { matched_rule: string; approval: string; is_allowed: boolean }) => [d.matched_rule, d.approval, d.is_allowed])).toEqual([
      ['read_auto', 'auto', true], ['write_approve', 'approve', true], ['delete_block', 'block', false],
    ]);
  });

  it('executes through the pipeline with the no-op executor', async () => {
    const r = await call(local(DOCKER_POLICY), 'POST', '/api/v1/execute', { json: { action_type: 'read', target: 'crm' } });
    expect(r.body).toEqual({ action_type: 'read', target: 'crm', status: 'success', data: { executed: true }, error: null });
  });

  it('queries the audit log with each documented filter', async () => {
    const app = local(DOCKER_POLICY);
    await call(app, 'POST', '/api/v1/execute', { json: { action_type: 'delete', target: 'crm' } });
    await call(app, 'POST', '/api/v1/execute', { json: { action_type: 'read', target: 'crm' } });
    expect((await call(app, 'GET', '/api/v1/audit')).body).toHaveLength(2);
    expect((await call(app, 'GET', '/api/v1/audit?action_type=delete')).body).toHaveLength(1);
    expect((await call(app, 'GET', '/api/v1/audit?risk_level=CRITICAL')).body).toHaveLength(1);
    const blocked = await call(app, 'GET', '/api/v1/audit?result_status=blocked&limit=20');
    expect(blocked.body.map((e: { action_type: string }) => e.action_type)).toEqual(['delete']);
    const session = blocked.body[0].session_id;
    expect((await call(app, 'GET', `/api/v1/audit?session_id=${session}`)).body).toHaveLength(2);
    expect((await call(app, 'GET', '/api/v1/audit?session_id=a3f1b2c4')).body).toEqual([]);
    expect((await call(app, 'GET', '/api/v1/audit?limit=50')).body).toHaveLength(2);
  });

  it('inspects the active policy (match_target is the glob "*", as the reference code answers)', async () => {
    const r = await call(local(DOCKER_POLICY), 'GET', '/api/v1/policy');
    expect(r.body).toMatchObject({ default_risk_level: 'MEDIUM', default_approval: 'approve' });
    expect(r.body.rules[0]).toEqual({ name: 'read_auto', match_type: 'read*', match_target: '*', match_agent: '*', risk_level: 'LOW', approval: 'auto', conditions: null });
  });

  it('hot-reloads from a YAML string and from a dict with defaults', async () => {
    const app = local(DOCKER_POLICY);
    const y = await call(app, 'PUT', '/api/v1/policy', { json: { yaml: 'version: "1"\nrules:\n - name: block_all\n   match: {type: "*"}\n   approval: block' } });
    expect(y.body).toMatchObject({ status: 'updated', rule_count: 1 });
    const d = await call(app, 'PUT', '/api/v1/policy', { json: { defaults: { risk_level: 'high', approval: 'block' }, rules: [{ name: 'allow_reads', match: { type: 'read*' }, approval: 'auto' }] } });
    expect(d.body).toMatchObject({ status: 'updated', rule_count: 1 });
    expect((await call(app, 'POST', '/api/v1/evaluate', { json: { action_type: 'write', target: 'x' } })).body).toMatchObject({ risk_level: 'HIGH', approval: 'block', matched_rule: '<default>' });
  });

  it('tests an order against the e-commerce policy', async () => {
    const app = local(ECOMMERCE_POLICY);
    const r = await call(app, 'POST', '/api/v1/evaluate', { json: { action_type: 'place_order', target: 'checkout', params: { total: 1000 } } });
    expect(r.body).toEqual({ action_type: 'place_order', target: 'checkout', risk_level: 'CRITICAL', approval: 'block', is_allowed: false, matched_rule: 'block_large_orders' });
    const small = await call(app, 'POST', '/api/v1/evaluate', { json: { action_type: 'place_order', target: 'checkout', params: { total: 20 } } });
    expect(small.body).toMatchObject({ approval: 'approve', matched_rule: 'place_order' });
  });

  it('answers the container health check at /api/v1/health', async () => {
    expect(await call(local(DOCKER_POLICY), 'GET', '/api/v1/health')).toMatchObject({ status: 200, body: { status: 'ok' } });
  });

  it('runs the end-to-end example (steps 3-7)', async () => {
    const app = local(DOCKER_POLICY);
    expect((await call(app, 'GET', '/health')).body.status).toBe('ok');
    expect((await call(app, 'POST', '/api/v1/evaluate', { json: { action_type: 'read', target: 'crm' } })).body).toMatchObject({ risk_level: 'LOW', approval: 'auto', is_allowed: true });
    expect((await call(app, 'POST', '/api/v1/evaluate', { json: { action_type: 'delete', target: 'crm' } })).body).toMatchObject({ risk_level: 'CRITICAL', approval: 'block', is_allowed: false });
    const put = await call(app, 'PUT', '/api/v1/policy', { json: { defaults: { risk_level: 'high', approval: 'block' }, rules: [] } });
    expect(put.body).toEqual({ status: 'updated', rule_count: 0 });
    expect((await call(app, 'POST', '/api/v1/evaluate', { json: { action_type: 'read', target: 'crm' } })).body).toMatchObject({ risk_level: 'HIGH', approval: 'block', is_allowed: false });
  });
});

describe('seed 000: governance server', () => {
  const KEY = 'test-api-key';
  const ADMIN = 'test-admin-key';
  const secured = () => createApp({ policy: DOCKER_POLICY, apiKey: KEY, adminKey: ADMIN });

  it('evaluates with X-API-Key, and refuses without it', async () => {
    const app = secured();
    const ok = await call(app, 'POST', '/api/v1/evaluate', { json: { action_type: 'delete', target: 'db' }, headers: { 'X-API-Key': KEY } });
    expect(ok.body).toMatchObject({ approval: 'block', is_allowed: false, matched_rule: 'delete_block' });
    const missing = await call(app, 'POST', '/api/v1/evaluate', { json: { action_type: 'delete', target: 'db' } });
    expect(missing).toMatchObject({ status: 401, body: { error: expect.stringContaining('Invalid or missing API key'), code: 'unauthorized' } });
    const wrong = await call(app, 'POST', '/api/v1/evaluate', { json: { action_type: 'delete', target: 'db' }, headers: { 'X-API-Key': 'nope' } });
    expect(wrong.status).toBe(401);
    expect((await call(app, 'GET', '/health')).status).toBe(200);
  });

  it('requires the admin key for policy updates', async () => {
    const app = secured();
    const put = { json: { rules: [] } };
    expect((await call(app, 'PUT', '/api/v1/policy', { ...put, headers: { 'X-API-Key': KEY } })).body.code).toBe('invalid_admin_key');
    expect((await call(app, 'PUT', '/api/v1/policy', { ...put, headers: { 'X-API-Key': ADMIN } })).body).toMatchObject({ status: 'updated' });
    const noAdmin = createApp({ policy: DOCKER_POLICY, apiKey: KEY, adminKey: undefined });
    // the admin key defaults to the API key
    expect((await call(noAdmin, 'PUT', '/api/v1/policy', { ...put, headers: { 'X-API-Key': KEY } })).status).toBe(200);
    const open = createApp({ policy: DOCKER_POLICY });
    expect(await call(open, 'PUT', '/api/v1/policy', put)).toMatchObject({ status: 403, body: { error: expect.stringContaining('AEGIS_ADMIN_KEY') } });
  });

  it('lists the 13 core endpoints and answers each', async () => {
    const app = local(DOCKER_POLICY);
    await call(app, 'POST', '/api/v1/agents', { json: { agent_id: 'a1' } });
    const answers = await Promise.all([
      call(app, 'GET', '/health'),
      call(app, 'POST', '/api/v1/evaluate', { json: { action_type: 'read', target: 'x' } }),
      call(app, 'POST', '/api/v1/execute', { json: { action_type: 'read', target: 'x' } }),
      call(app, 'GET', '/api/v1/audit'),
      call(app, 'GET', '/api/v1/policy'),
      call(app, 'PUT', '/api/v1/policy', { json: { yaml: DOCKER_POLICY } }),
      call(app, 'POST', '/api/v1/agents', { json: { agent_id: 'a2' } }),
      call(app, 'GET', '/api/v1/agents'),
      call(app, 'GET', '/api/v1/agents/a1'),
      call(app, 'POST', '/api/v1/agents/a1/heartbeat'),
      call(app, 'GET', '/api/v1/guardrails'),
    ]);
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200, 200, 201, 200, 200, 200, 200]);
    expect((await call(app, 'DELETE', '/api/v1/agents/a1')).body).toEqual({ status: 'removed', agent_id: 'a1' });
  });

  it('versions the policy: commit, list, get, diff, tag, rollback', async () => {
    const app = local(DOCKER_POLICY);
    const first = await call(app, 'GET', '/api/v1/policy/versions');
    expect(first.body).toMatchObject({ total: 1, versions: [{ number: 1, author: 'system', rule_count: 3 }] });
    const v1 = first.body.versions[0].version_id;
    await call(app, 'PUT', '/api/v1/policy', { json: { yaml: DOCKER_POLICY.replace('approval: block', 'approval: approve') } });
    const commit = await call(app, 'POST', '/api/v1/policy/commit', { json: { author: 'ops', message: 'tighten delete rules' } });
    expect(commit).toMatchObject({ status: 201, body: { author: 'ops', message: 'tighten delete rules', number: 2, parent_id: v1 } });
    const v2 = commit.body.version_id;
    const diff = await call(app, 'POST', '/api/v1/policy/diff', { json: { version_a: v1, version_b: v2, actions: [{ action_type: 'delete', target: 'db' }] } });
    expect(diff.status).toBe(200);
    expect(diff.body).toMatchObject({ version_a: v1, version_b: v2, added: [], removed: [], modified: ['delete_block'], reordered: false });
    expect(diff.body.impact[0]).toMatchObject({ change: 'promoted', action: { action_type: 'delete' }, before: { approval: 'block' }, after: { approval: 'approve' } });
    expect((await call(app, 'POST', '/api/v1/policy/tag', { json: { version_id: v1, tag: 'stable' } })).body).toEqual({ status: 'tagged', version_id: v1, tag: 'stable' });
    expect((await call(app, 'GET', '/api/v1/policy/versions/stable')).body.version_id).toBe(v1);
    const rollback = await call(app, 'POST', '/api/v1/policy/rollback', { json: { version_id: 'stable' } });
    expect(rollback.body).toMatchObject({ status: 'rolled_back', version: { version_id: v1 } });
    expect((await call(app, 'POST', '/api/v1/evaluate', { json: { action_type: 'delete', target: 'db' } })).body.approval).toBe('block');
    expect((await call(app, 'POST', '/api/v1/policy/diff', { json: { version_a: 'v1-id', version_b: v2 } }))).toMatchObject({ status: 404, body: { code: 'version_not_found' } });
    expect((await call(app, 'POST', '/api/v1/policy/diff', { json: { version_a: v1 } }))).toMatchObject({ status: 400, body: { error: 'version_a and version_b required' } });
  });

  it('verifies the crypto audit chain and lists its entries and evidence', async () => {
    const app = local(DOCKER_POLICY);
    for (const t of ['read', 'delete', 'write']) await call(app, 'POST', '/api/v1/execute', { json: { action_type: t, target: 'x' } });
    const verify = await call(app, 'GET', '/api/v1/audit/crypto/verify');
    expect(verify.body).toMatchObject({ valid: true, chain_length: 3, verified_entries: 3, first_broken_at: null, error_message: null, verification_hash: expect.stringMatching(/^[0-9a-f]{64}$/) });
    const entries = await call(app, 'GET', '/api/v1/audit/crypto/entries?start=1');
    expect(entries.body.total).toBe(3);
    expect(entries.body.entries.map((e: { sequence_id: number; decision: string }) => [e.sequence_id, e.decision])).toEqual([[1, 'blocked'], [2, 'success']]);
    expect(entries.body.entries[0].previous_hash).toMatch(/^[0-9a-f]{64}$/);
    expect((await call(app, 'GET', '/api/v1/audit/crypto/evidence')).body).toMatchObject({ chain_length: 3, algorithm: 'sha256', verified: true, broken_links: [] });
  });

  it('answers 501 for extended features it does not provide', async () => {
    const app = local(DOCKER_POLICY);
    for (const [m, p] of [['GET', '/api/v1/drift'], ['GET', '/api/v1/trust/a1/check?risk_level=MEDIUM'], ['GET', '/api/v1/cost'], ['POST', '/api/v1/cost/check'], ['GET', '/api/v1/sessions'], ['GET', '/api/v1/compliance/report?type=governance'], ['GET', '/api/v1/compliance/gaps?framework=eu_ai_act']] as const) {
      expect((await call(app, m, p)).status).toBe(501);
    }
  });
});
