// What the engine cannot see by itself, written to the same audit chain as its decisions: the
// question put to the user (`approval_request`), the user's answer (`approval_response`) and what
// actually happened to each action (`audit_entry` with `metadata.result`). AGEF v1 events; the
// engine assigns id, time, session and sequence number.
import type { ActionInput, Decision } from 'agent-aegis';
import { engine } from './engine-client.ts';

export type Outcome = 'done' | 'failed' | 'blocked' | 'denied';

function agefAction(action: ActionInput) {
  return { type: action.type, target: action.target ?? '', params: action.params ?? {} };
}

const agentOf = (action: ActionInput) => (action.agentId ? { agent: { id: action.agentId } } : {});

/** The user is asked about `action`; returns the request id that ties the answer to it. */
export async function recordApprovalRequest(action: ActionInput, decision: Decision): Promise<string> {
  const requestId = crypto.randomUUID();
  await engine.audit.record({
    event_type: 'approval_request', ...agentOf(action), action: agefAction(action),
    approval: { request_id: requestId, requested_at: new Date().toISOString() },
    metadata: { rule: String(decision.matchedRule), risk_level: decision.riskLevel.toUpperCase() },
  });
  return requestId;
}

/** The user's answer to request `requestId`. */
export async function recordApprovalResponse(action: ActionInput, requestId: string, approved: boolean): Promise<void> {
  await engine.audit.record({
    event_type: 'approval_response', ...agentOf(action), action: agefAction(action),
    approval: { request_id: requestId, responded_at: new Date().toISOString(), approver: 'user', decision: approved ? 'approved' : 'denied' },
  });
}

/** What happened to `action` in the end: run (`done`/`failed`) or not (`blocked`/`denied`). */
export async function recordOutcome(action: ActionInput, status: Outcome, detail?: string): Promise<void> {
  await engine.audit.record({
    event_type: 'audit_entry', ...agentOf(action), action: agefAction(action),
    metadata: { result: { status, executed: status === 'done' || status === 'failed', ...(detail ? { detail } : {}) } },
  });
}
