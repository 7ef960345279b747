// aegis audit / aegis stats: read the audit log directory written by `aegis serve --audit-db DIR`
// (or an exported JSONL file). Reading never writes, so it is safe while the server runs.
import type { AuditFilter, AuditRow } from '../../engine/server/index.ts';
import { describeStart } from '../../engine/audit/verify.ts';
import { DEFAULT_AUDIT_DIR, readAuditRows, verifyAuditSource } from '../audit-file.ts';
import { int, JSON_OPTION, str, type Command, type Values } from '../command.ts';
import { EXIT_FINDINGS, EXIT_OK, UsageError } from '../errors.ts';
import { green, line, printJson, red, table, yellow } from '../output.ts';

const DB_OPTION = { db: { type: 'string' as const, default: DEFAULT_AUDIT_DIR } };
const DB_HELP = '--db DIR is the directory given to `aegis serve --audit-db` (default ./aegis_audit), or an exported .jsonl file';

function instant(name: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const ms = /^\d+$/.test(v) ? Number(v) * 1000 : Date.parse(v);
  if (!Number.isFinite(ms)) throw new UsageError(`--${name} must be an ISO date-time or epoch seconds, got "${v}"`);
  return ms;
}

function filterOf(values: Values): AuditFilter {
  const f: AuditFilter = {};
  const set = (key: keyof AuditFilter, flag: string) => {
    const v = str(values, flag);
    if (v !== undefined) (f as Record<string, unknown>)[key] = v;
  };
  set('session_id', 'session');
  set('action_type', 'action-type');
  set('risk_level', 'risk-level');
  set('result_status', 'result-status');
  set('agent_id', 'agent');
  const since = instant('since', str(values, 'since'));
  const until = instant('until', str(values, 'until'));
  if (since !== undefined) f.since = since;
  if (until !== undefined) f.until = until;
  f.limit = int(values, 'limit', 0);
  return f;
}

function printRows(rows: AuditRow[], format: string): void {
  if (format === 'json') return printJson(rows);
  if (format === 'jsonl') return rows.forEach((r) => line(JSON.stringify(r)));
  line(table(['ID', 'TIME', 'AGENT', 'ACTION', 'TARGET', 'RISK', 'APPROVAL', 'RESULT', 'RULE'],
    rows.map((r) => [String(r.id), r.timestamp.slice(0, 19), r.agent_id ?? '', r.action_type, r.action_target, r.risk_level, r.approval, r.result_status, String(r.matched_rule)])));
}

export const audit: Command = {
  name: 'audit',
  summary: 'show, filter, follow or verify the audit log',
  usage: 'aegis audit [--db DIR] [--session ID] [--action-type T] [--risk-level R] [--result-status S] [--agent ID] [--since T] [--until T] [--limit N] [--format table|json|jsonl] [--tail] [--verify] [--json]\n' + DB_HELP + '; --verify checks every hash, link and sequence number (and the HMAC with AEGIS_AUDIT_KEY), exit 1 naming the first broken entry; a log that does not start at entry 0 is reported with where it starts and what says it may (anchor.json)',
  options: {
    ...JSON_OPTION, ...DB_OPTION,
    session: { type: 'string' }, 'action-type': { type: 'string' }, 'risk-level': { type: 'string' }, 'result-status': { type: 'string' },
    agent: { type: 'string' }, since: { type: 'string' }, until: { type: 'string' }, limit: { type: 'string' },
    format: { type: 'string', default: 'table' }, tail: { type: 'boolean' }, 'tail-for': { type: 'string' }, verify: { type: 'boolean' },
  },
  async run(values) {
    const format = values['json'] ? 'json' : str(values, 'format')!;
    if (!['table', 'json', 'jsonl'].includes(format)) throw new UsageError(`--format must be table, json or jsonl, got "${format}"`);
    const db = str(values, 'db')!;
    if (values['verify']) {
      const result = await verifyAuditSource(db);
      // A chain may start after genesis (retention, an import, or an export of the tail). Entries
      // removed from the start by hand look the same, so such a chain is never called intact: the
      // output says where it starts and what that rests on (an anchor, keyed or not, or nothing).
      const firstSequence = result.head ? result.head.length - result.length : null;
      const start = result.start ? { ...result.start, description: describeStart(result.start) } : null;
      const out = { valid: result.valid, length: result.length, firstSequence, start, firstBrokenAt: result.firstBrokenAt, error: result.error ?? null, file: result.file };
      if (format !== 'table') printJson(out);
      else if (result.valid && result.start?.basis === 'genesis') line(`${green('chain intact')}: ${result.length} entries verified`);
      else if (result.valid) line(`${yellow(`chain verified from entry ${result.start!.sequence}, not from genesis`)}: ${result.length} entries verified; ${describeStart(result.start!)}`);
      else if (result.firstBrokenAt === null) line(`${red('cannot verify')} ${result.file}: ${result.error?.code}: ${result.error?.message}`);
      else line(`${red('chain broken')} at entry ${result.firstBrokenAt} (line ${result.firstBrokenAt + 1} of ${result.file}): ${result.error?.code}: ${result.error?.message}`);
      return result.valid ? EXIT_OK : EXIT_FINDINGS;
    }
    const filter = filterOf(values);
    const rows = await readAuditRows(db, filter);
    printRows(rows, format);
    if (!values['tail']) return EXIT_OK;
    // Follow: reread the log once a second and print matching rows added since.
    const stopAt = str(values, 'tail-for') ? Date.now() + int(values, 'tail-for', 0) : Infinity;
    let seen = rows.reduce((max, r) => Math.max(max, r.id), 0);
    while (Date.now() < stopAt) {
      await new Promise((r) => setTimeout(r, Math.min(1000, Math.max(50, stopAt - Date.now()))));
      const fresh = (await readAuditRows(db, { ...filter, limit: 0 })).filter((r) => r.id > seen);
      for (const r of fresh) seen = Math.max(seen, r.id);
      if (fresh.length) printRows(fresh, format === 'table' ? 'jsonl' : format);
    }
    return EXIT_OK;
  },
};

export const stats: Command = {
  name: 'stats',
  summary: 'counts from the audit log: by result, risk, approval, action and agent',
  usage: 'aegis stats [--db DIR] [--json]\n' + DB_HELP,
  options: { ...JSON_OPTION, ...DB_OPTION },
  async run(values) {
    const rows = await readAuditRows(str(values, 'db')!);
    const count = (key: (r: AuditRow) => string) => {
      const m: Record<string, number> = {};
      for (const r of rows) m[key(r)] = (m[key(r)] ?? 0) + 1;
      return Object.fromEntries(Object.entries(m).sort((a, b) => b[1] - a[1]));
    };
    const result = {
      total: rows.length,
      first: rows[0]?.timestamp ?? null,
      last: rows[rows.length - 1]?.timestamp ?? null,
      by_result: count((r) => r.result_status),
      by_risk: count((r) => r.risk_level),
      by_approval: count((r) => r.approval),
      by_action: count((r) => r.action_type),
      by_agent: count((r) => r.agent_id ?? '(none)'),
    };
    if (values['json']) {
      printJson(result);
      return EXIT_OK;
    }
    line(`${result.total} entries${result.total ? ` from ${result.first} to ${result.last}` : ''}`);
    for (const [title, counts] of [['result', result.by_result], ['risk', result.by_risk], ['approval', result.by_approval], ['action', result.by_action], ['agent', result.by_agent]] as const) {
      line(`\nby ${title}:`);
      for (const [k, n] of Object.entries(counts)) line(`  ${k.padEnd(20)} ${n}`);
    }
    return EXIT_OK;
  },
};
