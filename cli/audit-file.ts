// The CLI's audit file (`serve --audit-db FILE`, `aegis audit --db FILE`): JSON Lines, one audit
// row per line, each sealed into a SHA-256 chain (previous_hash, entry_hash) so `--verify` can
// tell an edited or truncated-in-the-middle file. Appends are synchronous: an answered request
// is on disk.
import { createHash } from 'node:crypto';
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { canonicalJson, GENESIS_HASH, MemoryAuditLog, type AuditFilter, type AuditRow, type ServerAuditLog } from '../engine/server/index.ts';

export interface SealedRow extends AuditRow {
  previous_hash: string;
  entry_hash: string;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

export function sealRow(row: AuditRow, previousHash: string): SealedRow {
  const body = { ...row, previous_hash: previousHash };
  return { ...body, entry_hash: sha256(canonicalJson(body) + previousHash) };
}

export function readAuditFile(file: string): SealedRow[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8').split('\n').filter((l) => l.trim() !== '').map((l, i) => {
    try {
      return JSON.parse(l) as SealedRow;
    } catch {
      throw new Error(`${file}:${i + 1}: not a JSON audit row`);
    }
  });
}

export interface FileVerification {
  valid: boolean;
  length: number;
  firstBrokenAt: number | null;
  error: string | null;
}

export function verifyRows(rows: readonly SealedRow[]): FileVerification {
  let previous = GENESIS_HASH;
  for (const [i, row] of rows.entries()) {
    const { entry_hash, ...rest } = row;
    if (row.previous_hash !== previous) return { valid: false, length: rows.length, firstBrokenAt: i, error: `row ${i + 1} (id ${row.id}): previous_hash does not match the row before it` };
    if (sha256(canonicalJson(rest) + previous) !== entry_hash) return { valid: false, length: rows.length, firstBrokenAt: i, error: `row ${i + 1} (id ${row.id}): entry_hash does not match its content` };
    previous = entry_hash;
  }
  return { valid: true, length: rows.length, firstBrokenAt: null, error: null };
}

/** A server audit log that also appends every row to a file, resuming ids and chain on restart. */
export class FileAuditLog implements ServerAuditLog {
  private readonly memory = new MemoryAuditLog();
  private head = GENESIS_HASH;
  readonly chain = this.memory.chain;

  constructor(readonly file: string) {
    for (const row of readAuditFile(file)) {
      const { previous_hash: _p, entry_hash, ...plain } = row;
      const { id: _id, ...fields } = plain;
      this.memory.append(fields);
      this.head = entry_hash;
    }
  }

  append(fields: Omit<AuditRow, 'id'>): AuditRow {
    const row = this.memory.append(fields);
    const sealed = sealRow(row, this.head);
    appendFileSync(this.file, `${JSON.stringify(sealed)}\n`);
    this.head = sealed.entry_hash;
    return row;
  }

  query(filter: AuditFilter): AuditRow[] {
    return this.memory.query(filter);
  }
}
