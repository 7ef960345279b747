/**
 * The audit store: sql.js (SQLite in WebAssembly) holding one row per entry, its exported line
 * and the columns the filters need, each indexed. Runs wherever WebAssembly does; the wasm is
 * located by the caller (a URL or the bytes), never by this module.
 */
import initSqlJs from 'sql.js';
import type { Database, SqlJsStatic, Statement } from 'sql.js';
import { AuditError } from './errors.ts';
import { parseEntryLine } from './entry-line.ts';
import { filterToSql, type AuditFilter } from './filter.ts';
import type { AuditEntry, ChainHead, SealedEntry } from './chain.ts';
import type { AgefEvent } from './event.ts';

/** Where sql.js finds its wasm: a URL (browsers; in Vite `import url from 'sql.js/dist/sql-wasm-browser.wasm?url'`) or the bytes. */
export interface SqlWasmSource {
  wasmUrl?: string;
  wasmBinary?: ArrayBuffer | Uint8Array;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS audit_entries (
  seq INTEGER PRIMARY KEY,
  event_id TEXT, ts_ms INTEGER, event_type TEXT, session_id TEXT, agent_id TEXT,
  action_type TEXT, risk_level TEXT, outcome TEXT, result_status TEXT, rule TEXT,
  entry_hash TEXT, line TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS audit_by_session ON audit_entries (session_id, seq);
CREATE INDEX IF NOT EXISTS audit_by_action ON audit_entries (action_type, seq);
CREATE INDEX IF NOT EXISTS audit_by_risk ON audit_entries (risk_level, seq);
CREATE INDEX IF NOT EXISTS audit_by_outcome ON audit_entries (outcome, seq);
CREATE INDEX IF NOT EXISTS audit_by_result ON audit_entries (result_status, seq);
CREATE INDEX IF NOT EXISTS audit_by_agent ON audit_entries (agent_id, seq);
CREATE INDEX IF NOT EXISTS audit_by_time ON audit_entries (ts_ms);
CREATE TABLE IF NOT EXISTS audit_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
`;

let sqlPromise: Promise<SqlJsStatic> | undefined;

/** Start sql.js once per realm (sql.js itself memoizes its first init, whatever the options). */
export function loadSqlJs(source: SqlWasmSource = {}): Promise<SqlJsStatic> {
  sqlPromise ??= (async () => {
    const config: Parameters<typeof initSqlJs>[0] = {};
    if (source.wasmBinary) {
      const b = source.wasmBinary;
      // Emscripten accepts any ArrayBuffer view; the typings only name ArrayBuffer.
      config.wasmBinary = (b instanceof Uint8Array ? b : new Uint8Array(b)) as unknown as ArrayBuffer;
    }
    else if (source.wasmUrl) { const url = source.wasmUrl; config.locateFile = () => url; }
    try {
      return await initSqlJs(config);
    } catch (err) {
      sqlPromise = undefined;
      throw new AuditError('AUDIT_SQL_INIT_FAILED',
        `sql.js could not start (${(err as Error)?.message ?? err}); pass \`wasmUrl\` or \`wasmBinary\` (in Vite: import wasmUrl from 'sql.js/dist/sql-wasm-browser.wasm?url')`);
    }
  })();
  return sqlPromise;
}

/** Counts for dashboards and evidence packages. */
export interface AuditStats {
  total: number;
  byOutcome: Record<string, number>;
  byRiskLevel: Record<string, number>;
  byRule: Record<string, number>;
  byActionType: Record<string, number>;
  byAgent: Record<string, number>;
  byEventType: Record<string, number>;
  firstSequence: number | null;
  lastSequence: number | null;
}

type Row = [number, string | null, number | null, string | null, string | null, string | null, string | null, string | null, string | null, string | null, string | null, string | null, string];

type Columns = Partial<AgefEvent> & { entry_hash?: string; metadata?: { result?: { status?: unknown } } };

/** Columns of an entry, from its event when the caller has it, else from its line. */
function rowOf(seq: number, line: string, event?: AgefEvent, hash?: string): Row {
  let e: Columns;
  if (event) {
    e = event as Columns;
  } else {
    // A line that is not a readable entry (garbled, or naming a member twice) still gets a row,
    // without columns: verify reports it at its place.
    try {
      e = parseEntryLine(line) as Columns;
    } catch {
      e = {};
    }
  }
  const ts = typeof e.timestamp === 'string' ? Date.parse(e.timestamp) : NaN;
  const status = e.metadata?.result?.status;
  return [
    seq, e.event_id ?? null, Number.isFinite(ts) ? ts : null, e.event_type ?? null, e.evidence?.session_id ?? null,
    e.agent?.id ?? null, e.action?.type ?? null, e.decision?.risk_level ?? null, e.decision?.outcome ?? null,
    typeof status === 'string' ? status : null, e.decision?.rule ?? null, hash ?? e.entry_hash ?? null, line,
  ];
}

export class SqlAuditStore {
  private insertStmt: Statement | undefined;

  private constructor(private db: Database, private readonly SQL: SqlJsStatic) {
    this.db.run(SCHEMA);
  }

  /** A store, empty or opened from a snapshot (bytes of an earlier `snapshot()`). */
  static async open(source: SqlWasmSource = {}, snapshot?: Uint8Array): Promise<SqlAuditStore> {
    const SQL = await loadSqlJs(source);
    return SqlAuditStore.openWith(SQL, snapshot);
  }

  static openWith(SQL: SqlJsStatic, snapshot?: Uint8Array): SqlAuditStore {
    if (!snapshot) return new SqlAuditStore(new SQL.Database(), SQL);
    const db = new SQL.Database(snapshot);
    try {
      db.exec('SELECT count(*) FROM audit_entries');
    } catch (err) {
      db.close();
      throw new AuditError('AUDIT_STORE_CORRUPT', `the stored snapshot is not a readable audit database: ${(err as Error).message}`);
    }
    return new SqlAuditStore(db, SQL);
  }

  /** Insert sealed entries (with their events: no re-parsing) or persisted lines, in one transaction. */
  insert(entries: readonly (Pick<SealedEntry, 'seq' | 'line'> & { hash?: string; event?: AgefEvent })[]): void {
    if (!entries.length) return;
    const stmt = (this.insertStmt ??= this.db.prepare('INSERT OR REPLACE INTO audit_entries VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)'));
    this.db.run('BEGIN');
    try {
      for (const e of entries) stmt.run(rowOf(e.seq, e.line, e.event, e.hash));
      this.db.run('COMMIT');
    } catch (err) {
      this.db.run('ROLLBACK');
      throw err;
    }
  }

  /** Remove entries with sequence ≥ `seq` (a rebase drops entries that were never durable). */
  deleteFrom(seq: number): void {
    this.db.run('DELETE FROM audit_entries WHERE seq >= ?', [seq]);
  }

  /** Retention: remove entries with sequence < `seq`. */
  deleteBefore(seq: number): number {
    this.db.run('DELETE FROM audit_entries WHERE seq < ?', [seq]);
    return this.db.getRowsModified();
  }

  /** The sequence number of the first entry newer than `ms`, for age-based retention. */
  firstSeqSince(ms: number): number | null {
    return this.scalar('SELECT min(seq) FROM audit_entries WHERE ts_ms >= ?', [ms]);
  }

  /**
   * Stored entries that could not be read (garbled, or naming a member twice): they have a row
   * without columns, so every filtered query leaves them out. How many, and the first.
   */
  unreadable(): { count: number; first: number | null } {
    return {
      count: this.scalar('SELECT count(*) FROM audit_entries WHERE event_type IS NULL') ?? 0,
      first: this.scalar('SELECT min(seq) FROM audit_entries WHERE event_type IS NULL'),
    };
  }

  count(): number {
    return this.scalar('SELECT count(*) FROM audit_entries') ?? 0;
  }

  firstSeq(): number | null {
    return this.scalar('SELECT min(seq) FROM audit_entries');
  }

  lastSeq(): number | null {
    return this.scalar('SELECT max(seq) FROM audit_entries');
  }

  /** The last entry's hash and the next sequence number, read from the rows themselves. */
  head(): ChainHead | null {
    const stmt = this.db.prepare('SELECT seq, entry_hash FROM audit_entries ORDER BY seq DESC LIMIT 1');
    try {
      if (!stmt.step()) return null;
      const [seq, hash] = stmt.get() as [number, string | null];
      return { length: seq + 1, hash: hash ?? '' };
    } finally {
      stmt.free();
    }
  }

  /** The line of entry `seq`, if stored. */
  lineAt(seq: number): string | undefined {
    const v = this.db.exec('SELECT line FROM audit_entries WHERE seq = ?', [seq])[0]?.values[0]?.[0];
    return typeof v === 'string' ? v : undefined;
  }

  /** Lines matching `filter`, in sequence order. */
  lines(filter?: AuditFilter): string[] {
    const { sql, params } = filterToSql(filter);
    const stmt = this.db.prepare('SELECT line FROM audit_entries' + sql, params);
    const out: string[] = [];
    try {
      while (stmt.step()) out.push(stmt.get()[0] as string);
    } finally {
      stmt.free();
    }
    return out;
  }

  /** Entries matching `filter`; lines that are not readable entries are left out (verify reports them). */
  query(filter?: AuditFilter): AuditEntry[] {
    const out: AuditEntry[] = [];
    for (const line of this.lines(filter)) {
      try { out.push(parseEntryLine(line) as unknown as AuditEntry); } catch { /* reported by verify */ }
    }
    return out;
  }

  stats(): AuditStats {
    const group = (column: string): Record<string, number> => {
      const out: Record<string, number> = {};
      const res = this.db.exec(`SELECT ${column}, count(*) FROM audit_entries WHERE ${column} IS NOT NULL GROUP BY ${column}`);
      for (const [k, n] of res[0]?.values ?? []) out[String(k)] = Number(n);
      return out;
    };
    return {
      total: this.count(), byOutcome: group('outcome'), byRiskLevel: group('risk_level'), byRule: group('rule'),
      byActionType: group('action_type'), byAgent: group('agent_id'), byEventType: group('event_type'),
      firstSequence: this.firstSeq(), lastSequence: this.lastSeq(),
    };
  }

  getMeta(key: string): string | undefined {
    const res = this.db.exec('SELECT value FROM audit_meta WHERE key = ?', [key]);
    const v = res[0]?.values[0]?.[0];
    return v === undefined || v === null ? undefined : String(v);
  }

  setMeta(key: string, value: string): void {
    this.db.run('INSERT OR REPLACE INTO audit_meta VALUES (?, ?)', [key, value]);
  }

  /** The whole database as bytes (for compaction into a snapshot). */
  snapshot(): Uint8Array {
    // sql.js frees every prepared statement on export: prepare again on next use.
    this.insertStmt = undefined;
    return this.db.export();
  }

  close(): void {
    this.insertStmt = undefined;
    this.db.close();
  }

  private scalar(sql: string, params: (string | number)[] = []): number | null {
    const v = this.db.exec(sql, params)[0]?.values[0]?.[0];
    return v === undefined || v === null ? null : Number(v);
  }
}
