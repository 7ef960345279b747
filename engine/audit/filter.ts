/**
 * Audit queries: the reference's filters (session, action type, risk level, result status, time
 * range, limit) plus agent, outcome, event type and offset, turned into parameterized SQL.
 */
import { AuditError } from './errors.ts';

export interface AuditFilter {
  sessionId?: string;
  actionType?: string;
  /** Case-insensitive: `high` and `HIGH` are the same. */
  riskLevel?: string;
  /** The decision outcome: `allowed`, `blocked`, `escalated`, `masked`, `warned`. */
  outcome?: string;
  /** Status of the action's execution, when a runtime recorded one (`metadata.result.status`). */
  resultStatus?: string;
  agentId?: string;
  eventType?: string;
  /** Inclusive lower bound on the timestamp (ISO string, epoch ms or Date). */
  since?: string | number | Date;
  /** Inclusive upper bound on the timestamp. */
  until?: string | number | Date;
  /** Maximum number of entries; 0 or absent means no limit (as the reference). */
  limit?: number;
  offset?: number;
  /** Sequence order; default ascending (oldest first), as the reference. */
  order?: 'asc' | 'desc';
}

/** The reference's snake_case spellings, accepted too (REST callers send these). */
const ALIASES: Record<string, keyof AuditFilter> = {
  session_id: 'sessionId', action_type: 'actionType', risk_level: 'riskLevel', result_status: 'resultStatus',
  agent_id: 'agentId', event_type: 'eventType',
};

const COLUMNS: [keyof AuditFilter, string][] = [
  ['sessionId', 'session_id'], ['actionType', 'action_type'], ['riskLevel', 'risk_level'], ['outcome', 'outcome'],
  ['resultStatus', 'result_status'], ['agentId', 'agent_id'], ['eventType', 'event_type'],
];

function toMillis(value: unknown, name: string): number {
  const ms = value instanceof Date ? value.getTime() : typeof value === 'number' ? value : Date.parse(String(value));
  if (!Number.isFinite(ms)) throw new AuditError('AUDIT_BAD_ARGUMENT', `\`${name}\` is not a date or time: \`${String(value)}\``);
  return ms;
}

function toCount(value: unknown, name: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw new AuditError('AUDIT_BAD_ARGUMENT', `\`${name}\` must be a non-negative integer, got \`${String(value)}\``);
  }
  return value;
}

/** A WHERE/ORDER/LIMIT clause and its parameters. Throws `AUDIT_BAD_ARGUMENT` on a bad filter. */
export function filterToSql(input: AuditFilter | Record<string, unknown> = {}): { sql: string; params: (string | number)[] } {
  const filter: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(input ?? {})) {
    if (value === undefined || value === null || value === '') continue;
    filter[ALIASES[key] ?? key] = value;
  }
  const where: string[] = [];
  const params: (string | number)[] = [];
  for (const [key, column] of COLUMNS) {
    const value = filter[key];
    if (value === undefined) continue;
    where.push(`${column} = ?`);
    params.push(key === 'riskLevel' ? String(value).toUpperCase() : String(value));
  }
  if (filter['since'] !== undefined) { where.push('ts_ms >= ?'); params.push(toMillis(filter['since'], 'since')); }
  if (filter['until'] !== undefined) { where.push('ts_ms <= ?'); params.push(toMillis(filter['until'], 'until')); }
  const order = filter['order'] === 'desc' ? 'DESC' : 'ASC';
  let sql = (where.length ? ` WHERE ${where.join(' AND ')}` : '') + ` ORDER BY seq ${order}`;
  const limit = filter['limit'] === undefined ? 0 : toCount(filter['limit'], 'limit');
  const offset = filter['offset'] === undefined ? 0 : toCount(filter['offset'], 'offset');
  if (limit || offset) { sql += ' LIMIT ? OFFSET ?'; params.push(limit || -1, offset); }
  return { sql, params };
}
