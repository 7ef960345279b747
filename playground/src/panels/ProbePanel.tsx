/**
 * Probe and lint. The linter runs on every policy change (mistakes that load fine but decide
 * otherwise than meant); the prober, on demand, attacks the policy with generated actions and
 * reports a score and counterexamples, each of which can be sent to the Evaluate panel.
 */
import { useEffect, useState } from 'react';
import type { ActionInput, Diagnostic, PlaygroundEngine, ProbeReport } from '../engine.ts';
import type { PolicyState } from '../policy/policy-state.ts';
import { describeAction } from './actions.ts';
import { MissingCapability, Panel } from './Panel.tsx';

interface Props {
  engine: PlaygroundEngine;
  policy: PolicyState;
  ensurePolicyLoaded(): Promise<string>;
  onSendToEvaluate(action: ActionInput): void;
  onJump(line: number, column: number): void;
  /** The latest lint findings, for the editor's markers. */
  onLint(diagnostics: Diagnostic[]): void;
}

function scoreClass(score: number): string {
  return score >= 80 ? 'approval-auto' : score >= 50 ? 'approval-approve' : 'approval-block';
}

export function ProbePanel({ engine, policy, ensurePolicyLoaded, onSendToEvaluate, onJump, onLint }: Props) {
  const [lint, setLint] = useState<Diagnostic[] | { error: string } | null>(null);
  // `running` (no counts yet) shows an indeterminate bar until the worker's first progress report.
  const [progress, setProgress] = useState<{ done: number; total: number } | 'running' | null>(null);
  const [report, setReport] = useState<{ revision: number; value: ProbeReport } | { error: string } | null>(null);

  useEffect(() => {
    if (!engine.lint || policy.revision === 0) return;
    if (!policy.loaded) {
      onLint([]);
      return setLint({ error: 'the policy has errors; fix them to lint' });
    }
    let live = true;
    engine.lint().then(
      (d) => { if (live) { setLint(d); onLint(d); } },
      (err: unknown) => { if (live) { setLint({ error: String((err as Error).message ?? err) }); onLint([]); } },
    );
    return () => { live = false; };
    // onLint is a state setter (stable).
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [engine, policy.revision, policy.loaded]);

  const run = async () => {
    if (!engine.probe) return setReport({ error: engine.missing.probe ?? 'probing is not available' });
    setProgress('running');
    try {
      await ensurePolicyLoaded();
      const value = await engine.probe((done, total) => setProgress({ done, total }));
      setReport({ revision: policy.revision, value });
      setProgress({ done: value.totalProbes ?? 1, total: value.totalProbes ?? 1 });
    } catch (err) {
      setReport({ error: String((err as Error).message ?? err) });
    } finally {
      setProgress((p) => (p === 'running' || p === null ? p : { done: p.total, total: p.total }));
    }
  };

  return (
    <Panel id="probe" title="Probe and lint" intro="Lint finds rules that can never decide and other silent mistakes; the prober tries risky actions against the policy and shows those it lets through.">
      <h3>Lint</h3>
      {engine.lint === undefined ? <MissingCapability reason={engine.missing.lint ?? 'linting is not available'} />
        : lint === null ? <p className="muted">Linting…</p>
        : 'error' in lint ? <p className="error-text">{lint.error}</p>
        : lint.length === 0 ? <p data-testid="lint-report">No lint findings.</p>
        : (
          <ul className="lint-list" data-testid="lint-report">
            {lint.map((d, i) => (
              <li key={i}>
                {d.line !== undefined && <button type="button" className="link-button" onClick={() => onJump(d.line!, d.column ?? 1)}>line {d.line}</button>}{' '}
                <span className={`badge badge-${d.severity}`}>{d.severity}</span> {d.message}
                {d.hint && <span className="hint"> — {d.hint}</span>} <code className="muted">{d.code}</code>
              </li>
            ))}
          </ul>
        )}
      <h3>Probe</h3>
      {engine.missing.probe && <MissingCapability reason={engine.missing.probe} />}
      <div className="form-actions">
        <button type="button" data-testid="probe-run" onClick={() => void run()}>Run probes</button>
        {progress === 'running' && <progress data-testid="probe-progress" aria-label="probing">probing…</progress>}
        {progress && progress !== 'running' && (
          <progress data-testid="probe-progress" max={progress.total} value={progress.done} aria-label="probe progress">
            {Math.round((100 * progress.done) / Math.max(progress.total, 1))}%
          </progress>
        )}
        {progress && progress !== 'running' && <span className="muted" data-testid="probe-count">{progress.done} of {progress.total} generated actions evaluated</span>}
      </div>
      <div data-testid="probe-report" aria-live="polite">
        {report === null ? null : 'error' in report ? <p className="error-text">{report.error}</p> : (
          <>
            <p>
              <span className={`badge score-badge ${scoreClass(report.value.score)}`}>score {Math.round(report.value.score)}/100</span>{' '}
              {report.value.findings.length === 0 ? 'no counterexamples found' : `${report.value.findings.length} counterexample${report.value.findings.length === 1 ? '' : 's'}`}
              {report.revision !== policy.revision && <span className="muted"> (for an earlier version of the policy; run again)</span>}
            </p>
            <ol className="probe-findings" aria-label="counterexamples">
              {report.value.findings.map((f, i) => (
                <li key={i}>
                  <span className={`badge risk-${f.severity}`}>{f.severity}</span> <strong>{f.category}</strong>:{' '}
                  <code>{describeAction(f.action)}</code> → {f.decision.approval} (rule {String(f.decision.matchedRule)})
                  <div className="explanation">{f.recommendation}</div>
                  <button type="button" className="secondary small" onClick={() => onSendToEvaluate(f.action)}>Send to Evaluate</button>
                </li>
              ))}
            </ol>
          </>
        )}
      </div>
    </Panel>
  );
}
