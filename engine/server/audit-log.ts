/**
 * The server's audit: an adapter from the REST API to the engine's audit log (`AuditLog`: AGEF
 * events, RFC 8785 canonical JSON, SHA-256 hash chain, sql.js store, persistence port). There is
 * one chain: what `/api/v1/audit` lists and `/api/v1/audit/crypto/*` verifies is what the log
 * exports, so `verifyChain(export)` and `aegis audit --verify` check the same entries.
 *
 * Recording waits until the entry is durable: an answered `/execute` is in the persistence.
 */
import { canonicalJson } from '../audit/canonical-json.ts';
import type { AuditEntry } from '../audit/chain.ts';
import type { AuditLog } from '../audit/log.ts';
import { describeStart, type ChainStart } from '../audit/verify.ts';
import { defaultHasher } from '../platform/hash.ts';
import type { RuntimeAuditEntry } from '../runtime/audit-sink.ts';
import { auditEventOf, auditRowOf, chainEntryOf, type AuditFilter, type AuditRow, type ChainEntryView } from './audit-rows.ts';

/** `GET /api/v1/audit/crypto/verify`, in the reference's shape. */
export interface ChainVerification {
  valid: boolean;
  chain_length: number;
  verified_entries: number;
  first_broken_at: number | null;
  error_message: string | null;
  /** Also given: the engine's error code (`AUDIT_HASH_MISMATCH`, …). */
  error_code: string | null;
  /**
   * Also given: where a valid chain starts. A chain that does not start at entry 0 (retention)
   * is valid only from there, on the word of its anchor: `basis` and `description` say so.
   */
  chain_start: { sequence: number; basis: ChainStart['basis']; description: string } | null;
  verification_hash: string;
}

export class ServerAuditLog {
  private readonly log: Promise<AuditLog>;

  /** Takes the log, or the promise of one (`AuditLog.open` is asynchronous; `createApp` is not). */
  constructor(log: AuditLog | Promise<AuditLog>) {
    this.log = Promise.resolve(log);
    // A log that fails to open is reported on each use, never as an unhandled rejection.
    this.log.catch(() => undefined);
  }

  /** The engine's log behind this view. */
  get auditLog(): Promise<AuditLog> {
    return this.log;
  }

  /** Record one runtime result; resolves with its row once it is durable. */
  async record(entry: RuntimeAuditEntry): Promise<AuditRow> {
    const log = await this.log;
    const seq = log.length;
    const event = auditEventOf(entry, log.eventContext(entry.sessionId));
    await log.whenDurable(log.record(event));
    return auditRowOf({ ...event, evidence: { ...event.evidence, sequence_number: seq }, previous_hash: '', entry_hash: '' });
  }

  /** Rows of the `policy_decision` entries matching the reference's filters, oldest first. */
  async query(filter: AuditFilter = {}): Promise<AuditRow[]> {
    const log = await this.log;
    const entries = await log.query({ ...filter, eventType: 'policy_decision' });
    return entries.map(auditRowOf);
  }

  /** Walk the whole chain: the reference's verification fields, from the engine's verify. */
  async verify(): Promise<ChainVerification> {
    const result = await (await this.log).verify();
    const fields = {
      valid: result.valid,
      chain_length: result.length,
      verified_entries: result.firstBrokenAt ?? result.length,
      first_broken_at: result.firstBrokenAt,
      error_message: result.error?.message ?? null,
      error_code: result.error?.code ?? null,
      chain_start: result.start ? { ...result.start, description: describeStart(result.start) } : null,
    };
    return { ...fields, verification_hash: defaultHasher.sha256Hex(canonicalJson(fields)) };
  }

  /** Chain entries `start` ≤ index < `end` in the reference's crypto-entry shape, and the total. */
  async entries(start: number, end?: number): Promise<{ entries: ChainEntryView[]; total: number }> {
    const log = await this.log;
    const total = (await log.stats()).total;
    const stop = Math.min(end ?? total, total);
    const slice: AuditEntry[] = stop > start ? await log.query({ offset: start, limit: stop - start }) : [];
    return { entries: slice.map(chainEntryOf), total };
  }

  /** Where the chain ends: `null` for an empty log. */
  async headHash(): Promise<string | null> {
    const head = await (await this.log).currentHead();
    return head.length ? head.hash : null;
  }

  /** The whole chain as JSONL (what `verifyChain` checks). */
  async export(): Promise<string> {
    return (await this.log).export();
  }
}
