/**
 * Diff: compare the editor's policy with a saved version, rule by rule, and replay the actions of
 * the audit log under both to show which decisions the change would alter.
 */
import { useState } from 'react';
import type { ActionInput, PlaygroundEngine, PolicyDiff } from '../engine.ts';
import { loadVersions, saveVersion, type SavedVersion } from '../policy/policy-storage.ts';
import { describeAction } from './actions.ts';
import { MissingCapability, Panel } from './Panel.tsx';

interface Props {
  engine: PlaygroundEngine;
  /** Actions evaluated in this session: the replay set when the audit log is unavailable. */
  sessionActions: readonly ActionInput[];
  /** The editor's text right now (the engine may not have loaded the latest keystrokes yet). */
  currentText(): string;
}

/** The actions to replay: every decided action in the audit log, else this session's. */
async function replaySet(engine: PlaygroundEngine, sessionActions: readonly ActionInput[]): Promise<{ actions: ActionInput[]; source: string }> {
  if (!engine.audit) return { actions: [...sessionActions], source: `the ${sessionActions.length} actions evaluated in this session (the audit log is not available)` };
  const entries = await engine.audit.query();
  const actions = entries.flatMap((e) => e.action ? [{ type: e.action.type, target: e.action.target, params: e.action.params, ...(e.agent?.id ? { agentId: e.agent.id } : {}) }] : []);
  return { actions, source: `${actions.length === 1 ? 'the 1 decided action' : `the ${actions.length} decided actions`} in the audit log` };
}

export function DiffPanel({ engine, sessionActions, currentText }: Props) {
  const [versions, setVersions] = useState<SavedVersion[]>(loadVersions);
  const [selected, setSelected] = useState<string>('');
  const [result, setResult] = useState<{ diff: PolicyDiff; source: string; label: string } | { error: string } | null>(null);

  const save = () => {
    const now = Date.now();
    const next = saveVersion(currentText(), `saved ${new Date(now).toLocaleString()}`, now);
    setVersions(next);
    setSelected(next[0]!.id);
  };

  const compare = async () => {
    if (!engine.diff) return setResult({ error: engine.missing.diff ?? 'diff is not available' });
    const version = versions.find((v) => v.id === selected);
    if (!version) return setResult({ error: 'save a version first, then pick it to compare with' });
    try {
      const { actions, source } = await replaySet(engine, sessionActions);
      const diff = await engine.diff(version.yaml, currentText(), actions);
      setResult('error' in diff ? diff : { diff, source, label: version.label });
    } catch (err) {
      setResult({ error: String((err as Error).message ?? err) });
    }
  };

  return (
    <Panel id="diff" title="Diff" intro="Save a version of the policy, edit, then see what changed and which past decisions the change would alter.">
      {engine.missing.diff && <MissingCapability reason={engine.missing.diff} />}
      <div className="toolbar">
        <button type="button" className="secondary" data-testid="diff-save" onClick={save}>Save current version</button>
        <label className="inline-field"><span>Compare with</span>
          <select data-testid="diff-version" value={selected} onChange={(e) => setSelected(e.target.value)}>
            <option value="">choose a saved version…</option>
            {versions.map((v) => <option key={v.id} value={v.id}>{v.label}</option>)}
          </select>
        </label>
        <button type="button" data-testid="diff-run" onClick={() => void compare()}>Compare</button>
      </div>
      <div data-testid="diff-result" aria-live="polite">
        {result === null ? null : 'error' in result ? <p className="error-text">{result.error}</p> : <DiffView {...result} />}
      </div>
    </Panel>
  );
}

function DiffView({ diff, source, label }: { diff: PolicyDiff; source: string; label: string }) {
  const changed = diff.impact?.filter((i) => i.change !== 'unchanged' || i.ruleChanged) ?? [];
  const list = (title: string, names: readonly string[]) => names.length > 0 && <p><strong>{title}:</strong> {names.map((n) => <code key={n}>{n}</code>).reduce<React.ReactNode[]>((acc, el) => (acc.length ? [...acc, ', ', el] : [el]), [])}</p>;
  return (
    <div className="diff-view">
      <p><strong>{label} → editor:</strong> {diff.summary}</p>
      {list('Added', diff.added)}
      {list('Removed', diff.removed)}
      {list('Modified', diff.modified)}
      {diff.reordered && <p><strong>Reordered:</strong> {diff.moved.join(', ') || 'yes'} (first match wins, so order matters)</p>}
      {diff.changes.length > 0 && (
        <ul>
          {diff.changes.map((c) => (
            <li key={c.name}><code>{c.name}</code>: {Object.entries(c.fields).map(([field, change]) => `${field} ${JSON.stringify(change.before)} → ${JSON.stringify(change.after)}`).join('; ')}</li>
          ))}
        </ul>
      )}
      <h3>Impact</h3>
      <p className="muted">Replayed {source}: {changed.length} decided differently.</p>
      {changed.length > 0 && (
        <div className="table-scroll">
          <table className="data-table" data-testid="diff-impact">
            <thead><tr><th>Action</th><th>Before</th><th>After</th><th>Change</th></tr></thead>
            <tbody>
              {changed.map((i, n) => (
                <tr key={n}>
                  <td><code>{describeAction(i.action)}</code></td>
                  <td>{i.before.approval} · {i.before.riskLevel} · {String(i.before.matchedRule)}</td>
                  <td>{i.after.approval} · {i.after.riskLevel} · {String(i.after.matchedRule)}</td>
                  <td><span className={`badge change-${i.change}`}>{i.change}</span></td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
