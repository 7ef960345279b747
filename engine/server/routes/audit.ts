/** `GET /api/v1/audit` and the crypto chain endpoints. */
import type { AuditFilter } from '../audit-rows.ts';
import { ApiError, json } from '../http.ts';
import type { RouteSpec } from '../router.ts';
import type { RequestContext } from '../state.ts';

export const auditRoutes: RouteSpec<RequestContext>[] = [
  { method: 'GET', path: '/api/v1/audit', access: 'key', summary: 'Query the audit log (session_id, action_type, risk_level, result_status, agent_id, since, until, limit)', handler: query },
  { method: 'GET', path: '/api/v1/audit/crypto/verify', access: 'key', summary: 'Verify the audit hash chain', handler: async ({ state }) => json(await state.audit.verify()) },
  { method: 'GET', path: '/api/v1/audit/crypto/entries', access: 'key', summary: 'List hash-chain entries (start, end)', handler: entries },
  { method: 'GET', path: '/api/v1/audit/crypto/evidence', access: 'key', summary: 'Chain metadata for compliance evidence', handler: evidence },
  { method: 'GET', path: '/api/v1/audit/export', access: 'key', summary: 'The audit chain as JSONL (AGEF entries with their hashes; check with verifyChain)', handler: exportChain },
];

async function query({ url, state }: RequestContext): Promise<Response> {
  const q = url.searchParams;
  const filter: AuditFilter = {};
  for (const key of ['session_id', 'action_type', 'risk_level', 'result_status', 'agent_id'] as const) {
    const value = q.get(key);
    if (value) filter[key] = value;
  }
  const limit = q.get('limit');
  if (limit) {
    if (!/^-?\d+$/.test(limit.trim())) throw new ApiError(400, 'invalid_limit', `limit must be a valid integer, got "${limit}"`);
    const n = Number(limit);
    if (n < 0) throw new ApiError(400, 'invalid_limit', `limit must be a non-negative integer, got ${n}`);
    filter.limit = n;
  }
  for (const key of ['since', 'until'] as const) {
    const value = q.get(key);
    if (value) filter[key] = parseInstant(key, value);
  }
  return json(await state.audit.query(filter));
}

/** ISO-8601 (a date alone means midnight UTC) or epoch seconds. */
function parseInstant(name: string, value: string): number {
  const ms = /^\d+(\.\d+)?$/.test(value) ? Number(value) * 1000 : Date.parse(value);
  if (!Number.isFinite(ms)) throw new ApiError(400, 'invalid_time', `${name} must be an ISO-8601 date-time or epoch seconds, got "${value}"`);
  return ms;
}

async function entries({ url, state }: RequestContext): Promise<Response> {
  const int = (name: string, fallback?: number) => {
    const v = url.searchParams.get(name);
    if (v === null || v === '') return fallback;
    if (!/^\d+$/.test(v)) throw new ApiError(400, 'invalid_range', `${name} must be a non-negative integer, got "${v}"`);
    return Number(v);
  };
  return json(await state.audit.entries(int('start', 0)!, int('end')));
}

async function evidence({ state }: RequestContext): Promise<Response> {
  const result = await state.audit.verify();
  return json({
    chain_length: result.chain_length, algorithm: 'sha256', verified: result.valid,
    broken_links: result.first_broken_at === null ? [] : [result.first_broken_at],
    head_hash: await state.audit.headHash(),
    // A chain trimmed at its start verifies only from there: say where, and on what word.
    chain_start: result.chain_start,
    verification_hash: result.verification_hash,
  });
}

async function exportChain({ state }: RequestContext): Promise<Response> {
  return new Response(await state.audit.export(), { headers: { 'content-type': 'application/x-ndjson; charset=utf-8' } });
}
