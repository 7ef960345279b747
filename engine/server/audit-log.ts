/**
 * The server's audit log: one row per executed action in the reference's column shape, queried
 * with its filters, plus a hash chain behind the crypto endpoints. A port, so a persistent store
 * (the CLI's `--audit-db`) can replace the in-memory one.
 */
import type { RuntimeAuditEntry } from '../runtime/audit-sink.ts';
import { CryptoChain } from './crypto-chain.ts';

export interface AuditRow {
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
  matched_rule: string | number;
  human_decision: string | null;
  result_status: string;
  result_data: unknown;
  result_error: string | null;
  blocked_by_guardrail?: boolean;
}

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

export interface ServerAuditLog {
  append(row: Omit<AuditRow, 'id'>): AuditRow | Promise<AuditRow>;
  query(filter: AuditFilter): AuditRow[] | Promise<AuditRow[]>;
  /** Present when the log keeps a verifiable hash chain. */
  chain?: CryptoChain;
}

/** ISO-8601 in UTC with `+00:00`, as the reference writes timestamps. */
export function isoUtc(ms: number): string {
  return new Date(ms).toISOString().replace('Z', '+00:00');
}

export function auditRowOf(entry: RuntimeAuditEntry): Omit<AuditRow, 'id'> {
  const { result, decision } = entry;
  const a = result.action;
  return {
    session_id: entry.sessionId,
    timestamp: isoUtc(entry.timestamp),
    agent_id: a.agentId ?? null,
    action_type: a.type,
    action_target: a.target ?? '',
    action_params: a.params ?? {},
    action_desc: a.description || null,
    risk_level: decision.riskLevel.toUpperCase(),
    approval: decision.approval,
    matched_rule: decision.matchedRule,
    human_decision: result.humanDecision ?? null,
    result_status: result.status,
    result_data: result.data === undefined || result.data === null || result.data === '' ? null : result.data,
    result_error: result.error ?? null,
    ...(result.blockedByGuardrail ? { blocked_by_guardrail: true } : {}),
  };
}

export class MemoryAuditLog implements ServerAuditLog {
  private readonly rows: AuditRow[] = [];
  private nextId = 1;
  readonly chain = new CryptoChain();

  constructor(private readonly maxRows = 100_000) {}

  append(fields: Omit<AuditRow, 'id'>): AuditRow {
    const row: AuditRow = { id: this.nextId++, ...fields };
    this.rows.push(row);
    if (this.rows.length > this.maxRows) this.rows.splice(0, this.rows.length - this.maxRows);
    void this.chain.append({
      timestamp: row.timestamp, agent_id: row.agent_id ?? '', action_type: row.action_type, action_target: row.action_target,
      decision: row.result_status, risk_level: row.risk_level, matched_rule: String(row.matched_rule),
      metadata: { session_id: row.session_id, approval: row.approval, audit_id: row.id },
    });
    return row;
  }

  query(filter: AuditFilter): AuditRow[] {
    return filterAuditRows(this.rows, filter);
  }
}

/** The reference's filters: exact matches, risk level in any case, an inclusive time window, first `limit` rows by id. */
export function filterAuditRows(rows: readonly AuditRow[], filter: AuditFilter): AuditRow[] {
  const risk = filter.risk_level?.toUpperCase();
  const out: AuditRow[] = [];
  for (const row of rows) {
    if (filter.session_id !== undefined && row.session_id !== filter.session_id) continue;
    if (filter.action_type !== undefined && row.action_type !== filter.action_type) continue;
    if (risk !== undefined && row.risk_level !== risk) continue;
    if (filter.result_status !== undefined && row.result_status !== filter.result_status) continue;
    if (filter.agent_id !== undefined && row.agent_id !== filter.agent_id) continue;
    if (filter.since !== undefined || filter.until !== undefined) {
      const t = Date.parse(row.timestamp);
      if (filter.since !== undefined && t < filter.since) continue;
      if (filter.until !== undefined && t > filter.until) continue;
    }
    out.push(row);
    if (filter.limit && out.length >= filter.limit) break;
  }
  return out;
}
