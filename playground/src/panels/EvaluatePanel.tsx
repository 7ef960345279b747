/**
 * Evaluate: an action form whose decision updates as you type (a preview the audit log does not
 * record) and an Evaluate button that decides and records, plus the batch table below it.
 */
import { useEffect, useRef, useState } from 'react';
import type { ActionInput, Decision, PlaygroundEngine } from '../engine.ts';
import type { PolicyState } from '../policy/policy-state.ts';
import { ruleRanges, type RuleRange } from '../policy/rule-ranges.ts';
import { actionFromFields, fieldsFromAction, type ActionFields } from './actions.ts';
import { BatchTable } from './BatchTable.tsx';
import { DecisionView } from './DecisionView.tsx';
import { Panel } from './Panel.tsx';

interface Props {
  engine: PlaygroundEngine;
  policy: PolicyState;
  /** Resolves, with the text, once the engine has the editor's current text. */
  ensurePolicyLoaded(): Promise<string>;
  /** An action sent from another panel (probe counterexamples); `nonce` makes a resend count. */
  incoming: { action: ActionInput; nonce: number } | null;
  onHighlight(range: RuleRange | null): void;
  onRecorded(actions: ActionInput[]): void;
  /** Called whenever a decision is on screen (the page counts as interactive after the first). */
  onDecisionShown(): void;
}

type Outcome = { decision: Decision; recorded: boolean } | { error: string } | null;

const INITIAL: ActionFields = { type: 'delete_all', target: 'crm', params: '{}', agent: '' };

export function EvaluatePanel({ engine, policy, ensurePolicyLoaded, incoming, onHighlight, onRecorded, onDecisionShown }: Props) {
  const [fields, setFields] = useState<ActionFields>(INITIAL);
  const [outcome, setOutcome] = useState<Outcome>(null);
  const [busy, setBusy] = useState(false);
  const request = useRef(0);
  const evaluation = useRef(0);
  const latestFields = useRef(fields);
  latestFields.current = fields;
  // What the last recorded decision was for: the preview must not relabel it as "not recorded".
  const recordedFor = useRef<{ fields: ActionFields; text: string } | null>(null);

  /**
   * `decidedUnder`: the policy text the engine decided with. The rule to highlight is found in
   * that text: after Evaluate awaits a load, this render's `policy` may still be the one from
   * before the last edit, whose rules sit on other lines.
   */
  const show = (next: Outcome, decidedUnder: string = policy.text) => {
    setOutcome(next);
    let range: RuleRange | null = null;
    if (next && 'decision' in next && next.decision.ruleIndex !== undefined) {
      const ranges = decidedUnder === policy.text ? policy.ruleRanges : ruleRanges(decidedUnder);
      range = ranges[next.decision.ruleIndex] ?? null;
    }
    onHighlight(range);
    if (next && 'decision' in next) onDecisionShown();
  };

  // Live preview: re-decide shortly after the form or the policy changes.
  useEffect(() => {
    if (policy.revision === 0) return; // the engine has not loaded the policy yet
    if (recordedFor.current?.fields === fields && recordedFor.current.text === policy.text) return;
    const parsed = actionFromFields(fields);
    if (!parsed.ok) return show({ error: parsed.error });
    if (!policy.loaded) return show({ error: 'the policy has errors; fix them to evaluate' });
    const id = ++request.current;
    const timer = setTimeout(() => {
      engine.preview([parsed.value]).then(
        ([decision]) => { if (id === request.current && decision) show({ decision, recorded: false }); },
        (err: unknown) => { if (id === request.current) show({ error: String((err as Error).message ?? err) }); },
      );
    }, outcome === null ? 0 : 120); // the first decision is not debounced: it makes the page interactive
    return () => clearTimeout(timer);
    // `show` only reads the latest props.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [fields, policy.revision, policy.loaded, engine]);

  useEffect(() => {
    if (incoming) setFields(fieldsFromAction(incoming.action));
  }, [incoming]);

  const evaluate = async () => {
    const parsed = actionFromFields(fields);
    if (!parsed.ok) return show({ error: parsed.error });
    const clicked = fields;
    const mine = ++evaluation.current;
    ++request.current; // previews under way are stale
    // A preview that the load below starts must not replace this decision; an edit or a newer
    // Evaluate does. Showing it makes every preview still in flight stale.
    const current = () => mine === evaluation.current && latestFields.current === clicked;
    setBusy(true);
    try {
      const text = await ensurePolicyLoaded();
      // Set before the load's re-render runs the preview effect, which then leaves this decision be.
      recordedFor.current = { fields: clicked, text };
      const [decision] = await engine.evaluate([parsed.value]);
      if (current() && decision) {
        ++request.current;
        show({ decision, recorded: true }, text);
      }
      onRecorded([parsed.value]);
    } catch (err) {
      if (current()) {
        ++request.current;
        show({ error: String((err as Error).message ?? err) });
      }
    } finally {
      setBusy(false);
    }
  };

  const field = (key: keyof ActionFields) => ({
    value: fields[key],
    onChange: (e: { target: { value: string } }) => setFields((f) => ({ ...f, [key]: e.target.value })),
  });

  return (
    <Panel id="evaluate" title="Evaluate" intro="Describe an action an agent wants to take. The decision updates as you type; Evaluate also records it in the audit log.">
      <form
        className="action-form"
        onSubmit={(e) => { e.preventDefault(); void evaluate(); }}
      >
        <label className="field">
          <span>Type</span>
          <input data-testid="action-type" {...field('type')} placeholder="e.g. delete_user" autoComplete="off" />
        </label>
        <label className="field">
          <span>Target</span>
          <input data-testid="action-target" {...field('target')} placeholder="e.g. crm" autoComplete="off" />
        </label>
        <label className="field">
          <span>Agent</span>
          <input data-testid="action-agent" {...field('agent')} placeholder="optional agent id" autoComplete="off" />
        </label>
        <label className="field field-wide">
          <span>Params (JSON object)</span>
          <textarea data-testid="action-params" {...field('params')} rows={2} spellCheck={false} />
        </label>
        <div className="form-actions">
          <button type="submit" data-testid="evaluate" disabled={busy}>Evaluate</button>
        </div>
      </form>
      <output data-testid="decision" className="decision" aria-live="polite">
        {outcome === null ? <span className="muted">Deciding…</span>
          : 'error' in outcome ? <span className="error-text">{outcome.error}</span>
          : <DecisionView decision={outcome.decision} policy={policy} recorded={outcome.recorded} />}
      </output>
      <BatchTable engine={engine} policy={policy} ensurePolicyLoaded={ensurePolicyLoaded} onHighlight={onHighlight} onRecorded={onRecorded} />
    </Panel>
  );
}
