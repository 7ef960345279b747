/**
 * One decision, explained: approval, risk, the deciding rule and why it decided, with the rule's
 * YAML quoted from the editor (whose lines are highlighted at the same time).
 */
import type { Decision } from '../engine.ts';
import type { PolicyState } from '../policy/policy-state.ts';

interface Props {
  decision: Decision;
  policy: PolicyState;
  recorded: boolean;
}

function ruleRangeOf(decision: Decision, policy: PolicyState) {
  return decision.ruleIndex === undefined ? undefined : policy.ruleRanges[decision.ruleIndex];
}

export function DecisionView({ decision, policy, recorded }: Props) {
  const range = ruleRangeOf(decision, policy);
  const snippet = range ? policy.text.split('\n').slice(range.startLine - 1, range.endLine).join('\n') : '';
  const isDefault = decision.matchedRule === '<default>';
  return (
    <div className="decision-view">
      <p className="decision-line">
        <span className={`badge approval-${decision.approval}`}>{decision.approval}</span>{' '}
        <span className={`badge risk-${decision.riskLevel}`}>risk {decision.riskLevel}</span>{' '}
        <span>rule <strong className="rule-name">{String(decision.matchedRule)}</strong></span>{' '}
        <span className="muted">{decision.allowed ? '(allowed)' : '(not allowed)'} · {recorded ? 'recorded in the audit log' : 'preview, not recorded'}</span>
      </p>
      <div className="why">
        <strong>Why: </strong>
        {decision.error ? (
          <span>
            deciding failed, so the engine failed closed and blocked: <code>{decision.error.code}</code> {decision.error.message}
          </span>
        ) : isDefault ? (
          <span>no rule matched, so the policy defaults apply (approval {decision.approval}, risk {decision.riskLevel}).</span>
        ) : range ? (
          <span>
            rule #{range.index + 1} (lines {range.startLine}–{range.endLine}, highlighted in the editor) is the first rule whose
            match patterns and conditions all hold; rules are tried top to bottom.
          </span>
        ) : (
          <span>rule {String(decision.matchedRule)} is the first rule whose match patterns and conditions all hold.</span>
        )}
      </div>
      {snippet && <pre className="rule-snippet" aria-label="the matched rule">{snippet}</pre>}
    </div>
  );
}
