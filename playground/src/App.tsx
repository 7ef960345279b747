import { useMemo, useState } from 'react';
import { Policy, type Decision } from '../../engine/index.ts';

const SAMPLE = `version: "1"
defaults:
  risk_level: medium
  approval: block
rules:
  - name: read_auto
    match: { type: "read*" }
    risk_level: low
    approval: auto
  - name: delete_block
    match: { type: "delete*" }
    risk_level: critical
    approval: block
`;

export function App() {
  const [text, setText] = useState(SAMPLE);
  const [type, setType] = useState('read');
  const [target, setTarget] = useState('crm');
  const [params, setParams] = useState('{}');
  const [decision, setDecision] = useState<Decision | string | null>(null);
  const parsed = useMemo(() => Policy.parse(text), [text]);

  const evaluate = () => {
    if (!parsed.policy) return setDecision('the policy has errors');
    let p: Record<string, unknown>;
    try {
      p = JSON.parse(params || '{}') as Record<string, unknown>;
    } catch {
      return setDecision('params are not valid JSON');
    }
    setDecision(parsed.policy.evaluate({ type, target, params: p }));
  };

  return (
    <main style={{ fontFamily: 'system-ui, sans-serif', maxWidth: 900, margin: '2rem auto' }}>
      <h1>Aegis playground</h1>
      <textarea data-testid="policy-editor" value={text} onChange={(e) => setText(e.target.value)} rows={18} style={{ width: '100%', fontFamily: 'monospace' }} />
      <ul data-testid="diagnostics">
        {parsed.diagnostics.map((d, i) => (
          <li key={i}>{d.severity} {d.line ? `${d.line}:${d.column} ` : ''}{d.message} [{d.code}]</li>
        ))}
      </ul>
      <div style={{ display: 'flex', gap: 8 }}>
        <input data-testid="action-type" aria-label="action type" value={type} onChange={(e) => setType(e.target.value)} />
        <input data-testid="action-target" aria-label="action target" value={target} onChange={(e) => setTarget(e.target.value)} />
        <input data-testid="action-params" aria-label="action params" value={params} onChange={(e) => setParams(e.target.value)} />
        <button data-testid="evaluate" onClick={evaluate}>Evaluate</button>
      </div>
      <output data-testid="decision">
        {decision === null ? '' : typeof decision === 'string' ? decision : `${decision.approval} · ${decision.riskLevel} · ${String(decision.matchedRule)}`}
      </output>
    </main>
  );
}
