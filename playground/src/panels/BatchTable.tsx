/**
 * The batch table: paste many actions, see every decision at once. The table re-decides (as a
 * preview) whenever the policy changes; "Evaluate and record" writes them to the audit log.
 */
import { useEffect, useRef, useState } from 'react';
import type { ActionInput, Decision, PlaygroundEngine } from '../engine.ts';
import type { PolicyState } from '../policy/policy-state.ts';
import { ruleRanges, type RuleRange } from '../policy/rule-ranges.ts';
import { actionsFromBatch } from './actions.ts';

interface Props {
  engine: PlaygroundEngine;
  policy: PolicyState;
  ensurePolicyLoaded(): Promise<string>;
  onHighlight(range: RuleRange | null): void;
  onRecorded(actions: ActionInput[]): void;
}

const SAMPLE_BATCH = [
  '{"type": "read_file", "target": "docs"}',
  '{"type": "delete_user", "target": "crm"}',
  '{"type": "pay_invoice", "target": "stripe", "params": {"amount": 25000}}',
  '{"type": "pay_invoice", "target": "stripe", "params": {"amount": 40}}',
  '{"type": "send_email", "target": "customer", "agent_id": "support-bot"}',
].join('\n');

export function BatchTable({ engine, policy, ensurePolicyLoaded, onHighlight, onRecorded }: Props) {
  const [text, setText] = useState(SAMPLE_BATCH);
  // Each row's rule is located in the policy text the batch was decided under.
  const [rows, setRows] = useState<{ action: ActionInput; decision: Decision; range: RuleRange | undefined }[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [recorded, setRecorded] = useState(false);
  const request = useRef(0);

  const decide = async (record: boolean) => {
    const parsed = actionsFromBatch(text);
    if (!parsed.ok) return setError(parsed.error);
    const id = ++request.current;
    try {
      let decidedUnder = policy.text;
      if (record) decidedUnder = await ensurePolicyLoaded();
      else if (!policy.loaded) return setError('the policy has errors; fix them to evaluate');
      const decisions = record ? await engine.evaluate(parsed.value) : await engine.preview(parsed.value);
      if (id !== request.current) return;
      const ranges = decidedUnder === policy.text ? policy.ruleRanges : ruleRanges(decidedUnder);
      setRows(parsed.value.map((action, i) => {
        const decision = decisions[i]!;
        return { action, decision, range: decision.ruleIndex === undefined ? undefined : ranges[decision.ruleIndex] };
      }));
      setError(null);
      setRecorded(record);
      if (record) onRecorded(parsed.value);
    } catch (err) {
      if (id === request.current) setError(String((err as Error).message ?? err));
    }
  };

  useEffect(() => {
    if (policy.revision === 0) return;
    const timer = setTimeout(() => void decide(false), 200);
    return () => clearTimeout(timer);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [text, policy.revision, policy.loaded, engine]);

  return (
    <div className="batch">
      <h3>Batch</h3>
      <label className="field">
        <span>Actions, one JSON object per line (or a JSON array)</span>
        <textarea data-testid="batch-input" value={text} onChange={(e) => setText(e.target.value)} rows={5} spellCheck={false} />
      </label>
      <div className="form-actions">
        <button type="button" className="secondary" data-testid="batch-evaluate" onClick={() => void decide(true)}>Evaluate and record all</button>
        <span className="muted">{recorded ? 'recorded in the audit log' : 'preview, not recorded'}</span>
      </div>
      {error && <p className="error-text" role="alert">{error}</p>}
      {rows.length > 0 && (
        <div className="table-scroll">
          <table className="data-table" data-testid="batch-table">
            <thead>
              <tr><th>#</th><th>Action</th><th>Approval</th><th>Risk</th><th>Rule</th></tr>
            </thead>
            <tbody>
              {rows.map(({ action, decision, range }, i) => {
                return (
                  <tr key={i}>
                    <td>{i + 1}</td>
                    <td><code>{action.type}</code>{action.target ? <> → <code>{action.target}</code></> : null}{action.agentId ? <span className="muted"> ({action.agentId})</span> : null}</td>
                    <td><span className={`badge approval-${decision.approval}`}>{decision.approval}</span></td>
                    <td><span className={`badge risk-${decision.riskLevel}`}>{decision.riskLevel}</span></td>
                    <td>
                      {range ? (
                        <button type="button" className="link-button" onClick={() => onHighlight(range)} title="highlight this rule in the editor">
                          {String(decision.matchedRule)} (line {range.startLine})
                        </button>
                      ) : String(decision.matchedRule)}
                      {decision.error && <span className="error-text"> {decision.error.code}</span>}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
