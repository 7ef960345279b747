/**
 * Audit: the worker's hash-chained log (sql.js, persisted in IndexedDB), with filters, chain
 * verification, JSONL export and import, and two small charts.
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { AuditEntry, ChainStatus, PlaygroundEngine } from '../engine.ts';
import { MissingCapability, Panel } from '../panels/Panel.tsx';
import { DecisionsOverTime, RiskDistribution } from './AuditChart.tsx';
import { filterEntries, summarize, type EntryFilter } from './audit-rows.ts';

interface Props {
  engine: PlaygroundEngine;
  /** Changes whenever the page recorded something, so the table refreshes. */
  revision: number;
}

function download(name: string, text: string) {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/jsonl' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export function AuditPanel({ engine, revision }: Props) {
  const audit = engine.audit;
  const [entries, setEntries] = useState<AuditEntry[]>([]);
  const [filter, setFilter] = useState<EntryFilter>({ outcome: '', risk: '', text: '' });
  const [status, setStatus] = useState<ChainStatus | { error: string } | null>(null);
  const [message, setMessage] = useState<string | null>(null);

  const refresh = useCallback(async () => {
    if (!audit) return;
    try {
      setEntries(await audit.query());
    } catch (err) {
      setMessage(`could not read the log: ${String((err as Error).message ?? err)}`);
    }
  }, [audit]);

  useEffect(() => { void refresh(); }, [refresh, revision]);

  const verify = async () => {
    if (!audit) return setStatus({ error: engine.missing.audit ?? 'the audit log is not available' });
    try {
      setStatus(await audit.verify());
    } catch (err) {
      setStatus({ error: String((err as Error).message ?? err) });
    }
  };

  const exportLog = async () => {
    if (!audit) return;
    download(`aegis-audit-${new Date().toISOString().slice(0, 19)}.jsonl`, await audit.export());
  };

  const importLog = async (file: File | undefined) => {
    if (!file || !audit) return;
    if (!audit.import) return setMessage('importing needs an audit.import method on the worker client, which it does not offer yet');
    try {
      const { imported } = await audit.import(await file.text());
      setMessage(`imported ${imported} entr${imported === 1 ? 'y' : 'ies'} from ${file.name}`);
      await refresh();
    } catch (err) {
      setMessage(`import failed: ${String((err as Error).message ?? err)}`);
    }
  };

  const shown = useMemo(() => filterEntries(entries, filter), [entries, filter]);

  return (
    <Panel id="audit" title="Audit log" intro="Every recorded decision and every guardrail verdict that blocked or masked, hash-chained and kept in this browser (IndexedDB).">
      {engine.missing.audit && <MissingCapability reason={engine.missing.audit} />}
      <div className="toolbar">
        <button type="button" data-testid="audit-verify" onClick={() => void verify()}>Verify chain</button>
        <span data-testid="audit-status" className="chain-status" aria-live="polite">
          {status === null ? <span className="muted">not verified yet</span>
            : 'error' in status ? <span className="error-text">{status.error}</span>
            : status.valid ? <span className="badge approval-auto">chain valid · {status.length} entries</span>
            : <span className="badge approval-block">chain broken at entry {status.firstBrokenAt} of {status.length}</span>}
        </span>
        <button type="button" className="secondary" onClick={() => void refresh()} disabled={!audit}>Refresh</button>
        <button type="button" className="secondary" data-testid="audit-export" onClick={() => void exportLog()} disabled={!audit}>Export JSONL</button>
        <label className={`secondary file-button${audit ? '' : ' disabled'}`}>
          Import JSONL
          <input type="file" accept=".jsonl,application/jsonl,application/json,text/plain" disabled={!audit} onChange={(e) => void importLog(e.target.files?.[0])} />
        </label>
      </div>
      {message && <p className="muted" role="status">{message}</p>}
      <div className="filters">
        <label className="inline-field"><span>Outcome</span>
          <select value={filter.outcome} onChange={(e) => setFilter({ ...filter, outcome: e.target.value })}>
            <option value="">any</option>
            {['allowed', 'escalated', 'blocked', 'masked', 'warned'].map((o) => <option key={o}>{o}</option>)}
          </select>
        </label>
        <label className="inline-field"><span>Risk</span>
          <select value={filter.risk} onChange={(e) => setFilter({ ...filter, risk: e.target.value })}>
            <option value="">any</option>
            {['LOW', 'MEDIUM', 'HIGH', 'CRITICAL'].map((r) => <option key={r} value={r}>{r.toLowerCase()}</option>)}
          </select>
        </label>
        <label className="inline-field"><span>Search</span>
          <input type="search" value={filter.text} onChange={(e) => setFilter({ ...filter, text: e.target.value })} placeholder="type, target, rule, agent" />
        </label>
        <span className="muted">{shown.length} of {entries.length} entries</span>
      </div>
      {entries.length > 0 && (
        <div className="charts">
          <DecisionsOverTime entries={entries} />
          <RiskDistribution entries={entries} />
        </div>
      )}
      <div className="table-scroll audit-scroll">
        <table className="data-table" data-testid="audit-table">
          <thead>
            <tr><th>#</th><th title="UTC">Time</th><th>What</th><th>Outcome</th><th>Risk</th><th>Rule / guardrail</th><th>Agent</th><th>Hash</th></tr>
          </thead>
          <tbody>
            {shown.map((entry) => {
              const row = summarize(entry);
              return (
                <tr key={entry.entry_hash}>
                  <td>{row.sequence}</td>
                  <td title={entry.timestamp}>{row.time}</td>
                  <td><code>{row.what}</code></td>
                  <td><span className={`badge outcome-${row.outcome}`}>{row.outcome}</span></td>
                  <td>{row.risk}</td>
                  <td>{row.rule}</td>
                  <td>{row.agent}</td>
                  <td><code title={entry.entry_hash}>{entry.entry_hash.slice(0, 8)}</code></td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {entries.length === 0 && <p className="muted">No entries yet: press Evaluate to record a decision.</p>}
    </Panel>
  );
}
