// The CLI's audit log: the engine's hash-chained AGEF log (`AuditLog`) kept in a directory by
// `FilePersistence` (entries.jsonl, head.json, snapshots), written by `aegis serve --audit-db DIR`
// and read by `aegis audit`, `aegis stats` and `aegis diff --replay`. Readers also accept an
// exported JSONL file (`engine.audit.export()`, `GET /api/v1/audit/export`).
// AEGIS_AUDIT_KEY, when set, keys the chain (HMAC): the writer signs, `--verify` checks.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { AuditError } from '../engine/audit/errors.ts';
import { AuditLog } from '../engine/audit/log.ts';
import { splitJsonl, verifyLines, type VerifyResult } from '../engine/audit/verify.ts';
import { auditRowOf, type AuditFilter, type AuditRow } from '../engine/server/index.ts';
import { EXIT_FINDINGS, UsageError } from './errors.ts';
import { FilePersistence } from './persistence/file.ts';
import { warn } from './output.ts';

export const DEFAULT_AUDIT_DIR = 'aegis_audit';

function auditKey(): string | undefined {
  return process.env['AEGIS_AUDIT_KEY'] || undefined;
}

function isDirectory(path: string): boolean {
  return existsSync(path) && statSync(path).isDirectory();
}

/** The log `aegis serve` writes into (created when missing). */
export async function openAuditDir(dir: string): Promise<AuditLog> {
  if (existsSync(dir) && !isDirectory(dir)) {
    throw new UsageError(`--audit-db must be a directory (the audit log keeps entries.jsonl and head.json in it), but ${dir} is a file`);
  }
  let persistence: FilePersistence;
  try {
    persistence = FilePersistence.open(dir);
  } catch (err) {
    throw unreadable(dir, err);
  }
  try {
    return await AuditLog.open({ persistence, key: auditKey() });
  } catch (err) {
    await persistence.close(); // gives up the directory's writer claim
    throw unreadable(dir, err);
  }
}

/** A log that cannot be opened is a finding (exit 1) with its code, not an internal error. */
function unreadable(path: string, err: unknown): unknown {
  if (!(err instanceof AuditError)) return err;
  return Object.assign(new Error(`cannot use the audit log ${path}: ${err.code}: ${err.message}`), { exitCode: EXIT_FINDINGS });
}

function requireSource(path: string): void {
  if (!existsSync(path)) throw new UsageError(`audit log not found: ${path} (write one with: aegis serve POLICY --audit-db ${path})`);
}

/** A log to read: the directory (read-only, safe next to a running server) or an export loaded in memory. */
export async function openAuditSource(path: string): Promise<AuditLog> {
  requireSource(path);
  if (isDirectory(path)) {
    try {
      return await AuditLog.open({ persistence: FilePersistence.openReadOnly(path), key: auditKey(), compactEvery: 0 });
    } catch (err) {
      throw unreadable(path, err);
    }
  }
  const log = await AuditLog.open({ key: auditKey(), compactEvery: 0 });
  const result = await log.import(readFileSync(path, 'utf8'), { allowTrimmedStart: true });
  if (!result.valid) {
    await log.close();
    throw new UsageError(`${path} is not a valid audit export (entry ${result.firstBrokenAt}: ${result.error?.message}); see: aegis audit --db ${path} --verify`);
  }
  return log;
}

/** Load warnings already printed (a followed log is reread every second). */
const warned = new Set<string>();

/**
 * Rows of the `policy_decision` entries matching `filter`. What opening the log found wrong
 * without stopping it (unreadable entries, a head ahead of the entries) goes to stderr, once.
 */
export async function readAuditRows(path: string, filter: AuditFilter = {}): Promise<AuditRow[]> {
  const log = await openAuditSource(path);
  for (const w of log.loadWarnings) {
    const key = `${path}\0${w.code}\0${w.message}`;
    if (warned.has(key)) continue;
    warned.add(key);
    warn(`aegis: warning: ${path}: ${w.code}: ${w.message}`);
  }
  try {
    return (await log.query({ ...filter, eventType: 'policy_decision' })).map(auditRowOf);
  } finally {
    await log.close();
  }
}

export interface SourceVerification extends VerifyResult {
  /** The file the index refers to (entries.jsonl of a directory, or the export). */
  file: string;
}

/**
 * Verify the stored lines themselves (not a snapshot of them): every entry's hash and link, the
 * sequence, the MAC when AEGIS_AUDIT_KEY is set, and for a directory that the chain starts at
 * genesis or at the entry anchor.json names, and ends at the durable head (entries cut from the
 * end are reported). An export may start later (it carries no anchor); `start` says so.
 */
export async function verifyAuditSource(path: string): Promise<SourceVerification> {
  requireSource(path);
  const key = auditKey();
  if (!isDirectory(path)) {
    const { lines, cutShort } = splitJsonl(readFileSync(path, 'utf8'));
    return { ...verifyLines(lines, { key, allowTrimmedStart: true }, cutShort), file: path };
  }
  let persistence: FilePersistence;
  try {
    persistence = FilePersistence.openReadOnly(path);
  } catch (err) {
    if (!(err instanceof AuditError)) throw err;
    // Damage outside the entries (head.json, anchor.json): no entry to point at.
    return { valid: false, length: 0, firstBrokenAt: null, error: { code: err.code, message: err.message }, file: path };
  }
  const head = await persistence.readHead();
  const lines = (await persistence.readFrom(0)).map((l) => l.line);
  // Without anchor.json the log must start at genesis; with it, at the entry it names (its MAC
  // checked when AEGIS_AUDIT_KEY is set). The result's `start` says which.
  const anchor = persistence.readAnchor();
  const result = verifyLines(lines, { key, ...(anchor ? { anchor } : {}), ...(head ? { head } : {}) });
  return { ...result, file: join(path, 'entries.jsonl') };
}
