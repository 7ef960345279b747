/**
 * AGEF v1 events (Agent Governance Event Format, `specs/agef/v1/event.schema.json`): the body of
 * every audit entry. Builders turn the engine's camelCase results into the wire shape
 * (snake_case, upper-case risk), as the reference does.
 */
import type { ActionInput, Decision } from '../types.ts';

export const AGEF_VERSION = '1.0.0';

// A batch of decisions shares one instant: format it once.
let isoMs = NaN;
let isoText = '';
function iso(ms: number): string {
  if (ms !== isoMs) { isoText = new Date(ms).toISOString(); isoMs = ms; }
  return isoText;
}

export type AgefEventType =
  | 'policy_decision' | 'guardrail_trigger' | 'approval_request' | 'approval_response'
  | 'cost_alert' | 'rate_limit' | 'audit_entry';

export type AgefOutcome = 'allowed' | 'blocked' | 'masked' | 'warned' | 'escalated';

export interface AgefAgent { id: string; name?: string; framework?: string; model?: string; parent_agent_id?: string; chain_id?: string; chain_depth?: number }
export interface AgefAction { type: string; target: string; params: Record<string, unknown>; description?: string }
export interface AgefDecision { outcome: AgefOutcome; risk_level?: string; rule?: string; reason?: string; approval_required?: boolean }
export interface AgefGuardrailMatch { type: string; value_hash?: string; location?: { start: number; end: number }; confidence?: number }
export interface AgefGuardrail {
  name: string;
  type?: string;
  action?: string;
  severity?: string;
  details?: Record<string, unknown>;
  input_content_hash?: string;
  masked_content?: string;
  matches?: AgefGuardrailMatch[];
}
export interface AgefEvidence { session_id?: string; sequence_number?: number; hash?: string; previous_hash?: string; signature?: string }

/** An AGEF v1 event. Sections other than `context` and `metadata` are closed. */
export interface AgefEvent {
  agef_version: typeof AGEF_VERSION;
  event_id: string;
  timestamp: string;
  event_type: AgefEventType;
  agent?: AgefAgent;
  action?: AgefAction;
  decision?: AgefDecision;
  guardrail?: AgefGuardrail;
  approval?: Record<string, unknown>;
  evidence?: AgefEvidence;
  context?: Record<string, unknown>;
  metadata?: Record<string, unknown>;
}

/** What every event needs from its surroundings. */
export interface EventContext {
  eventId: string;
  /** Epoch milliseconds. */
  time: number;
  sessionId?: string;
}

/** The AGEF outcome of an approval: `approve` means a human must decide, hence "escalated". */
export function outcomeOf(decision: Decision): AgefOutcome {
  return decision.approval === 'block' ? 'blocked' : decision.approval === 'approve' ? 'escalated' : 'allowed';
}

/** A `policy_decision` event for one decided action. */
export function decisionEvent(action: ActionInput, decision: Decision, ctx: EventContext): AgefEvent {
  // Members are written in sorted order: canonicalization then skips sorting (a measured win).
  const wireAction: AgefAction = action.description
    ? { description: action.description, params: action.params ?? {}, target: action.target ?? '', type: String(action.type) }
    : { params: action.params ?? {}, target: action.target ?? '', type: String(action.type) };
  const wireDecision: AgefDecision = decision.error
    ? { approval_required: decision.approval === 'approve', outcome: outcomeOf(decision), reason: decision.error.message, risk_level: decision.riskLevel.toUpperCase(), rule: String(decision.matchedRule) }
    : { approval_required: decision.approval === 'approve', outcome: outcomeOf(decision), risk_level: decision.riskLevel.toUpperCase(), rule: String(decision.matchedRule) };
  const event: AgefEvent = { action: wireAction, agef_version: AGEF_VERSION } as AgefEvent;
  if (action.agentId) event.agent = { id: action.agentId };
  event.decision = wireDecision;
  event.event_id = ctx.eventId;
  event.event_type = 'policy_decision';
  if (ctx.sessionId) event.evidence = { session_id: ctx.sessionId };
  if (decision.error) event.metadata = { error: { code: decision.error.code, message: decision.error.message } };
  event.timestamp = iso(ctx.time);
  return event;
}

/** A guardrail verdict as the audit sees it (a subset of the guardrail report, kept structural so the audit does not depend on the guardrails module). */
export interface AuditableGuardrailReport {
  allowed: boolean;
  /** Findings with their action; only `block` and `mask` ones make the verdict auditable. */
  findings: { guardrail: string; category: string; span: [number, number]; score: number; action: string }[];
  /** The text after masking, when something was masked. */
  maskedText?: string;
}

const GUARDRAIL_TYPES: Record<string, string> = {
  pii: 'pii_detection', injection: 'injection_detection', toxicity: 'toxicity_detection', prompt_leak: 'custom',
};

/**
 * A `guardrail_trigger` event for a verdict that blocked or masked, or `undefined` when the
 * verdict did neither (warnings and logs are not audited, as the design says). The input text is
 * never stored: only its hash, so the log itself does not leak what it guards.
 */
export function guardrailEvent(verdict: AuditableGuardrailReport, inputHash: string, ctx: EventContext, agentId?: string): AgefEvent | undefined {
  const acting = verdict.findings.filter((f) => f.action === 'block' || f.action === 'mask');
  if (!acting.length) return undefined;
  const blocked = !verdict.allowed || acting.some((f) => f.action === 'block');
  const first = acting[0]!;
  const event: AgefEvent = {
    agef_version: AGEF_VERSION,
    event_id: ctx.eventId,
    timestamp: iso(ctx.time),
    event_type: 'guardrail_trigger',
    guardrail: {
      name: first.guardrail,
      type: GUARDRAIL_TYPES[first.guardrail] ?? 'custom',
      action: blocked ? 'block' : 'mask',
      input_content_hash: 'sha256:' + inputHash,
      matches: acting.map((f) => ({ type: f.category, location: { start: f.span[0], end: f.span[1] }, confidence: Math.min(1, Math.max(0, f.score)) })),
    },
    decision: { outcome: blocked ? 'blocked' : 'masked' },
  };
  if (!blocked && verdict.maskedText !== undefined) event.guardrail!.masked_content = verdict.maskedText;
  if (agentId) event.agent = { id: agentId };
  if (ctx.sessionId) event.evidence = { session_id: ctx.sessionId };
  return event;
}

export interface AgefApproval {
  request_id?: string;
  requested_at?: string;
  responded_at?: string;
  approver?: string;
  decision?: 'approved' | 'denied' | 'timeout' | null;
  reason?: string;
  timeout_seconds?: number;
}

/** An `approval_request` event: a human was asked to approve an action. */
export function approvalRequestEvent(action: ActionInput, requestId: string, ctx: EventContext, timeoutSeconds?: number): AgefEvent {
  const approval: AgefApproval = { request_id: requestId, requested_at: iso(ctx.time) };
  if (timeoutSeconds !== undefined) approval.timeout_seconds = timeoutSeconds;
  const event: AgefEvent = {
    agef_version: AGEF_VERSION, event_id: ctx.eventId, timestamp: iso(ctx.time), event_type: 'approval_request',
    action: { type: String(action.type), target: action.target ?? '', params: action.params ?? {} },
    approval: approval as Record<string, unknown>,
  };
  if (action.agentId) event.agent = { id: action.agentId };
  if (ctx.sessionId) event.evidence = { session_id: ctx.sessionId };
  return event;
}

/** An `approval_response` event: the human's answer (or a timeout). */
export function approvalResponseEvent(requestId: string, decision: 'approved' | 'denied' | 'timeout', ctx: EventContext, approver?: string, reason?: string): AgefEvent {
  const approval: AgefApproval = { request_id: requestId, responded_at: iso(ctx.time), decision };
  if (approver) approval.approver = approver;
  if (reason) approval.reason = reason;
  const event: AgefEvent = {
    agef_version: AGEF_VERSION, event_id: ctx.eventId, timestamp: iso(ctx.time), event_type: 'approval_response',
    approval: approval as Record<string, unknown>,
  };
  if (ctx.sessionId) event.evidence = { session_id: ctx.sessionId };
  return event;
}

const EVENT_TYPES: readonly AgefEventType[] = ['policy_decision', 'guardrail_trigger', 'approval_request', 'approval_response', 'cost_alert', 'rate_limit', 'audit_entry'];
const REQUIRED: Partial<Record<AgefEventType, string[]>> = {
  policy_decision: ['action', 'decision'], guardrail_trigger: ['guardrail'], approval_request: ['action', 'approval'],
  approval_response: ['approval'], cost_alert: ['cost'], rate_limit: ['rate_limit'],
};

/**
 * Complete an event given by a caller (id, time, version, session) and check the structure the
 * AGEF schema requires of its type. Returns the event, or a message saying what is wrong.
 */
export function completeEvent(input: Record<string, unknown>, ctx: EventContext): AgefEvent | string {
  if (!input || typeof input !== 'object' || Array.isArray(input)) return 'an event must be an object';
  const type = input['event_type'];
  if (!EVENT_TYPES.includes(type as AgefEventType)) return `unknown event_type \`${String(type)}\`; expected one of ${EVENT_TYPES.join(', ')}`;
  for (const section of REQUIRED[type as AgefEventType] ?? []) {
    const v = input[section];
    if (!v || typeof v !== 'object' || Array.isArray(v)) return `a \`${String(type)}\` event needs a \`${section}\` object`;
  }
  const evidence = { ...(input['evidence'] as Record<string, unknown> | undefined) };
  delete evidence['sequence_number']; // the chain assigns it
  if (ctx.sessionId && evidence['session_id'] === undefined) evidence['session_id'] = ctx.sessionId;
  const event = { ...input, agef_version: AGEF_VERSION, event_id: ctx.eventId, timestamp: iso(ctx.time) } as AgefEvent;
  if (Object.keys(evidence).length) event.evidence = evidence; else delete event.evidence;
  return event;
}
