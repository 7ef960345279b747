/** The approval queue: list pending approvals and decide them. */
import type { ApprovalRecord } from '../../runtime/approval-queue.ts';
import { toWireAction } from '../../wire.ts';
import { isoUtc } from '../audit-rows.ts';
import { ApiError, json, readObject, stringField } from '../http.ts';
import type { RouteSpec } from '../router.ts';
import type { RequestContext, ServerState } from '../state.ts';
import { resultToWire } from './decisions.ts';

const STATUSES = ['pending', 'approved', 'denied', 'expired', 'all'];
/** How long deciding waits for the approved action to finish before answering without its result. */
const RESULT_WAIT_MS = 5_000;

export const approvalRoutes: RouteSpec<RequestContext>[] = [
  { method: 'GET', path: '/api/v1/approvals', access: 'key', summary: 'List approval requests (status=pending|approved|denied|expired|all; default pending)', handler: list },
  { method: 'GET', path: '/api/v1/approvals/{approval_id}', access: 'key', summary: 'One approval request and, once run, its result', handler: ({ state }, p) => json(toWire(find(state, p['approval_id']!))) },
  { method: 'POST', path: '/api/v1/approvals/{approval_id}', access: 'admin', summary: 'Decide an approval ({approved: bool, approver?, reason?})', handler: ({ request, state }, p) => decide(request, state, p['approval_id']) },
  { method: 'POST', path: '/api/v1/approvals', access: 'admin', summary: 'Decide an approval ({approval_id, approved, approver?, reason?})', handler: ({ request, state }) => decide(request, state) },
];

function queueOf(state: ServerState) {
  if (!state.approvals) throw new ApiError(501, 'not_configured', 'Approval queue not configured: this server answers approvals with a fixed handler');
  return state.approvals;
}

function find(state: ServerState, id: string): ApprovalRecord {
  const record = queueOf(state).get(id);
  if (!record) throw new ApiError(404, 'approval_not_found', `Approval not found: "${id}"`);
  return record;
}

function list({ url, state }: RequestContext): Response {
  const queue = queueOf(state);
  const status = url.searchParams.get('status') ?? 'pending';
  if (!STATUSES.includes(status)) throw new ApiError(400, 'invalid_status', `status must be one of ${STATUSES.join(', ')}, got "${status}"`);
  const records = queue.list(status === 'all' ? undefined : (status as ApprovalRecord['status']));
  return json({ approvals: records.map(toWire), total: records.length, pending: queue.pendingCount });
}

async function decide(request: Request, state: ServerState, idFromPath?: string): Promise<Response> {
  const queue = queueOf(state);
  const body = await readObject(request, 'deciding an approval');
  const id = idFromPath ?? stringField(body, 'approval_id') ?? stringField(body, 'id');
  if (!id) throw new ApiError(400, 'missing_field', 'approval_id is required', { field: 'approval_id' });
  const approved = verdictOf(body);
  const approver = stringField(body, 'approver', { max: 200 });
  const reason = stringField(body, 'reason', { max: 2000 });
  const outcome = queue.decide(id, { approved, ...(approver ? { approver } : {}), ...(reason ? { reason } : {}) });
  if ('code' in outcome) throw new ApiError(outcome.code === 'approval.not-found' ? 404 : 409, outcome.code.replace('.', '_').replace('-', '_'), outcome.message);
  const run = state.approvalRuns.get(id);
  if (run) {
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([run, new Promise((resolve) => (timer = setTimeout(resolve, RESULT_WAIT_MS)))]);
    clearTimeout(timer);
  }
  return json(toWire(outcome));
}

function verdictOf(body: Record<string, unknown>): boolean {
  if (typeof body['approved'] === 'boolean') return body['approved'];
  const decision = body['decision'];
  if (decision === 'approve' || decision === 'approved') return true;
  if (decision === 'deny' || decision === 'denied') return false;
  throw new ApiError(400, 'missing_field', 'say {"approved": true} or {"approved": false} (or "decision": "approve"/"deny")', { field: 'approved' });
}

function toWire(record: ApprovalRecord): Record<string, unknown> {
  const { request } = record;
  return {
    approval_id: request.id,
    status: record.status,
    session_id: request.sessionId,
    action: toWireAction(request.action),
    risk_level: request.decision.riskLevel.toUpperCase(),
    approval: request.decision.approval,
    matched_rule: request.decision.matchedRule,
    requested_at: isoUtc(request.requestedAt),
    decided_at: record.decidedAt === undefined ? null : isoUtc(record.decidedAt),
    approver: record.approver ?? null,
    reason: record.reason ?? null,
    result: record.result ? resultToWire(record.result) : null,
  };
}
