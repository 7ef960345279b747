/**
 * The server's views of the audit chain. Every executed (or, on request, evaluated) action is one
 * AGEF `policy_decision` entry of the engine's audit log, with what happened to it under
 * `metadata.result`; the REST API shows those entries in the reference's shapes: audit rows
 * (`GET /api/v1/audit`) and crypto-chain entries (`/api/v1/audit/crypto/entries`).
 */
import type { AuditEntry } from '../audit/chain.ts';
import { decisionEvent, type AgefEvent, type EventContext } from '../audit/event.ts';
import type { RuntimeAuditEntry } from '../runtime/audit-sink.ts';

export interface AuditRow {
  /** The entry's sequence number + 1 (the reference's ids start at 1). */
  id: number;
  session_id: string;
  timestamp: string;
  agent_id: string | null;
  action_type: string;
  action_target: string;
  action_params: Record<string, unknown>;
  action_desc: string | null;
  risk_level: string;
  approval: string;
  matched_rule: string;
  human_decision: string | null;
  result_status: string;
  result_data: unknown;
  result_error: string | null;
  blocked_by_guardrail?: boolean;
}

/** `GET /api/v1/audit`'s filters, in the reference's spelling. */
export interface AuditFilter {
  session_id?: string;
  action_type?: string;
  risk_level?: string;
  result_status?: string;
  agent_id?: string;
  /** Epoch ms, inclusive. */
  since?: number;
  /** Epoch ms, inclusive. */
  until?: number;
  /** 0 or absent: no limit. */
  limit?: number;
}

/** The reference's crypto-audit entry, as a view of one chain entry (hashes are the AGEF chain's). */
export interface ChainEntryView {
  sequence_id: number;
  timestamp: string;
  agent_id: string;
  action_type: string;
  action_target: string;
  /** The action's result status (`success`, `blocked`, …), else the decision outcome. */
  decision: string;
  risk_level: string;
  matched_rule: string;
  metadata: Record<string, unknown>;
  previous_hash: string;
  entry_hash: string;
}

/** What the server adds to a `policy_decision` event: how the action ended. */
export interface ResultMetadata {
  status: string;
  data: unknown;
  error: string | null;
  human_decision: string | null;
  attempts?: number;
  blocked_by_guardrail?: boolean;
}

/** ISO-8601 in UTC with `+00:00`, as the reference writes timestamps. */
export function isoUtc(ms: number): string {
  return new Date(ms).toISOString().replace('Z', '+00:00');
}

/** Executor data made JSON-safe, so the hash chain can always seal it (and `''` is no data, as in the reference). */
function jsonData(data: unknown): unknown {
  if (data === undefined || data === null || data === '') return null;
  try {
    const text = JSON.stringify(data);
    return text === undefined ? String(data) : JSON.parse(text);
  } catch {
    return String(data);
  }
}

/** The AGEF event recording one runtime result. `ctx.time` is ignored: the result's own time is used. */
export function auditEventOf(entry: RuntimeAuditEntry, ctx: EventContext): AgefEvent {
  const { result, decision } = entry;
  const event = decisionEvent(result.action, decision, { eventId: ctx.eventId, time: entry.timestamp, sessionId: entry.sessionId });
  const outcome: ResultMetadata = {
    status: result.status,
    data: jsonData(result.data),
    error: result.error ?? null,
    human_decision: result.humanDecision ?? null,
    attempts: result.attempts,
    ...(result.blockedByGuardrail ? { blocked_by_guardrail: true } : {}),
  };
  event.metadata = { ...event.metadata, result: outcome };
  return event;
}

function resultOf(entry: AuditEntry): Partial<ResultMetadata> {
  const r = entry.metadata?.['result'];
  return r && typeof r === 'object' ? (r as Partial<ResultMetadata>) : {};
}

/** The policy's approval, read back from the AGEF outcome of the decision. */
function approvalOf(entry: AuditEntry): string {
  const outcome = entry.decision?.outcome;
  return outcome === 'blocked' ? 'block' : outcome === 'escalated' ? 'approve' : 'auto';
}

/** An audit row (the reference's `audit_log` columns) for one chain entry. */
export function auditRowOf(entry: AuditEntry): AuditRow {
  const result = resultOf(entry);
  const action = entry.action;
  const time = Date.parse(entry.timestamp);
  return {
    id: entry.evidence.sequence_number + 1,
    session_id: entry.evidence.session_id ?? '',
    timestamp: Number.isFinite(time) ? isoUtc(time) : entry.timestamp,
    agent_id: entry.agent?.id ?? null,
    action_type: action?.type ?? '',
    action_target: action?.target ?? '',
    action_params: action?.params ?? {},
    action_desc: action?.description || null,
    risk_level: entry.decision?.risk_level ?? '',
    approval: approvalOf(entry),
    matched_rule: entry.decision?.rule ?? '',
    human_decision: result.human_decision ?? null,
    result_status: result.status ?? entry.decision?.outcome ?? '',
    result_data: result.data ?? null,
    result_error: result.error ?? null,
    ...(result.blocked_by_guardrail ? { blocked_by_guardrail: true } : {}),
  };
}

/** The reference's crypto-chain entry for one chain entry. */
export function chainEntryOf(entry: AuditEntry): ChainEntryView {
  const row = auditRowOf(entry);
  return {
    sequence_id: entry.evidence.sequence_number,
    timestamp: row.timestamp,
    agent_id: row.agent_id ?? '',
    action_type: row.action_type,
    action_target: row.action_target,
    decision: resultOf(entry).status ?? entry.decision?.outcome ?? entry.event_type,
    risk_level: row.risk_level,
    matched_rule: row.matched_rule,
    metadata: { session_id: row.session_id, approval: row.approval, audit_id: row.id, event_id: entry.event_id, event_type: entry.event_type },
    previous_hash: entry.previous_hash,
    entry_hash: entry.entry_hash,
  };
}
