/** `/health`, `POST /api/v1/evaluate` and `POST /api/v1/execute`. */
import type { ActionResult } from '../../runtime/action.ts';
import { screenableTexts, screenAction } from '../../runtime/screen.ts';
import type { Action } from '../../runtime/action.ts';
import { toWireDecision } from '../../wire.ts';
import { guardrailResults } from '../guardrails.ts';
import { json, readJson } from '../http.ts';
import { parseActions } from '../actions.ts';
import type { RouteSpec } from '../router.ts';
import type { RequestContext, ServerState } from '../state.ts';

export const decisionRoutes: RouteSpec<RequestContext>[] = [
  { method: 'GET', path: '/health', access: 'public', summary: 'Health check with agent and guardrail status', handler: ({ state }) => health(state) },
  { method: 'GET', path: '/api/v1/health', access: 'public', summary: 'Health check (alias used by container health checks)', handler: ({ state }) => health(state) },
  { method: 'POST', path: '/api/v1/evaluate', access: 'key', summary: 'Evaluate one action, a list, or {"actions": [...]} against the policy (dry run)', handler: evaluate },
  { method: 'POST', path: '/api/v1/execute', access: 'key', summary: 'Run actions through the governance pipeline: decide, screen, approve, execute, audit', handler: execute },
];

function health(state: ServerState): Response {
  return json({
    status: 'ok',
    version: state.version,
    agents: { total: state.agents.count, alive: state.agents.aliveCount },
    guardrails: { enabled: state.guardrails !== null, active: state.guardrails?.active.map((g) => g.name) ?? [] },
  });
}

async function evaluate({ request, state }: RequestContext): Promise<Response> {
  const { actions, single } = parseActions(await readJson(request));
  // One policy for the whole request, even if a reload lands meanwhile.
  const policy = state.runtime.policy;
  const now = state.clock();
  const out: Record<string, unknown>[] = [];
  for (const action of actions) {
    const decision = policy.evaluate(action, { now });
    state.options.onDecision?.(decision, action);
    const entry = toWireDecision(action, decision) as unknown as Record<string, unknown>;
    if (action.agentId) entry['agent_id'] = action.agentId;
    let blockedByGuardrail = false;
    if (state.guardrails && screenableTexts(action).length) {
      const screen = await screenAction(state.guardrails.checker, action);
      // Keys are screened too, but keys alone (`{"amount": 500}`) add a `guardrails` list only when
      // it has something to say: an action without free text keeps the reference's answer shape.
      if (!screen.allowed || screen.screened.some((s) => !s.key || s.report.findings.length)) {
        entry['guardrails'] = guardrailResults(screen.screened, state.guardrails.active);
      }
      if (!screen.allowed) {
        entry['is_allowed'] = false;
        entry['blocked_by_guardrail'] = blockedByGuardrail = true;
      }
    }
    if (state.options.auditEvaluations) {
      const status = blockedByGuardrail || !decision.allowed ? 'blocked' : 'evaluated';
      await state.audit.record({ sessionId: state.runtime.sessionId, timestamp: now, decision, result: { action, status: status as ActionResult['status'], attempts: 0, completedAt: now, blockedByGuardrail } });
    }
    out.push(entry);
  }
  return json(single ? out[0] : out);
}

async function execute({ request, state }: RequestContext): Promise<Response> {
  const { actions, single } = parseActions(await readJson(request));
  const out: Record<string, unknown>[] = [];
  // One after another, like the reference: later actions see the effects (and audit) of earlier ones.
  for (const action of actions) out.push(await executeOne(state, action));
  return json(single ? out[0] : out);
}

export function resultToWire(result: ActionResult): Record<string, unknown> {
  return {
    action_type: result.action.type,
    target: result.action.target ?? '',
    status: result.status,
    data: result.data ?? null,
    error: result.error ?? null,
    ...(result.blockedByGuardrail ? { blocked_by_guardrail: true } : {}),
    // The action happened (or was refused) but left no audit entry: the caller must know.
    ...(result.auditError ? { audit_error: result.auditError } : {}),
  };
}

async function executeOne(state: ServerState, action: Action): Promise<Record<string, unknown>> {
  let approvalId: string | undefined;
  let parked!: () => void;
  const waiting = new Promise<'parked'>((resolve) => (parked = () => resolve('parked')));
  state.approvalWatch.set(action, (id) => {
    approvalId = id;
    parked();
  });
  const running = state.runtime.runOne(action);
  const first = await Promise.race([running, waiting]);
  if (first !== 'parked') return resultToWire(first);

  const id = approvalId!;
  const finished = running.then((result) => {
    const record = state.approvals?.get(id);
    if (record) record.result = result;
    return result;
  });
  state.approvalRuns.set(id, finished);
  void finished.finally(() => state.approvalRuns.delete(id));
  const waitMs = state.options.approvalWaitMs ?? 0;
  if (waitMs > 0) {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), waitMs)));
    const settled = await Promise.race([finished, late]);
    clearTimeout(timer);
    if (settled !== 'late') return resultToWire(settled);
  }
  return {
    action_type: action.type, target: action.target ?? '', status: 'pending', data: null,
    error: `approval required: decide with POST /api/v1/approvals/${id} {"approved": true|false}`,
    approval_id: id,
  };
}
