/**
 * Policy diff: what changed between two versions of a policy, and what that does to decisions.
 * Rules are paired by name (the n-th rule of a name with the n-th of the same name), so renamed
 * rules read as removed + added. Unlike the reference, the ORDER of the rules both versions share
 * is compared too, since under first-match-wins a pure reordering can change decisions; the
 * impact replay evaluates actions under both versions and classifies each change.
 */
import { APPROVAL_RANK, RISK_VALUE, type ActionInput, type Approval, type Decision, type RiskLevel } from '../types.ts';
import type { EvaluateContext } from './evaluate.ts';
import type { RuleModel } from './model.ts';
import type { Policy } from './policy.ts';

export type ImpactChange = 'restricted' | 'promoted' | 'unchanged';

export interface ImpactEntry {
  action: ActionInput;
  before: Decision;
  after: Decision;
  /** Approval stricter → restricted, looser → promoted; same approval: higher risk → restricted, lower → promoted. */
  change: ImpactChange;
  riskChange: 'raised' | 'lowered' | 'unchanged';
  /** The deciding rule differs (even when the decision does not). */
  ruleChanged: boolean;
}

export interface FieldChange {
  before: unknown;
  after: unknown;
}

export interface RuleChange {
  name: string;
  /** Changed fields by the reference's names: match_type, match_target, match_agent, risk_level, approval, conditions. */
  fields: Record<string, FieldChange>;
}

export interface PolicyDiff {
  added: string[];
  removed: string[];
  modified: string[];
  /** True when the rules both versions share are in a different relative order. */
  reordered: boolean;
  /** Shared rules that moved (the fewest whose moving explains the new order). */
  moved: string[];
  changes: RuleChange[];
  defaultsChanged: { riskLevel?: FieldChange; approval?: FieldChange; timezone?: FieldChange };
  impact?: ImpactEntry[];
  /** One line, e.g. "1 rule added, 2 rules reordered, 1 default changed" or "no changes". */
  summary: string;
}

export type DiffOptions = EvaluateContext;

/** Compare two policies; with `actions`, replay them under both and report each decision change. */
export function diffPolicies(before: Policy, after: Policy, actions?: readonly ActionInput[], options: DiffOptions = {}): PolicyDiff {
  const old = keyed(before.rules);
  const neu = keyed(after.rules);
  const added = [...neu.keys()].filter((k) => !old.has(k)).sort();
  const removed = [...old.keys()].filter((k) => !neu.has(k)).sort();
  const changes: RuleChange[] = [];
  for (const [key, rule] of old) {
    const other = neu.get(key);
    if (!other) continue;
    const fields = ruleFieldChanges(rule, other);
    if (Object.keys(fields).length) changes.push({ name: key, fields });
  }
  changes.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));

  const sharedBefore = [...old.keys()].filter((k) => neu.has(k));
  const position = new Map([...neu.keys()].filter((k) => old.has(k)).map((k, i) => [k, i]));
  const stay = longestIncreasing(sharedBefore.map((k) => position.get(k)!));
  const moved = sharedBefore.filter((_, i) => !stay.has(i)).sort();

  const defaultsChanged: PolicyDiff['defaultsChanged'] = {};
  if (before.defaults.riskLevel !== after.defaults.riskLevel) defaultsChanged.riskLevel = { before: before.defaults.riskLevel, after: after.defaults.riskLevel };
  if (before.defaults.approval !== after.defaults.approval) defaultsChanged.approval = { before: before.defaults.approval, after: after.defaults.approval };
  if (before.model.timezone !== after.model.timezone) defaultsChanged.timezone = { before: before.model.timezone ?? 'UTC', after: after.model.timezone ?? 'UTC' };

  const result: PolicyDiff = {
    added, removed, modified: changes.map((c) => c.name), reordered: moved.length > 0, moved, changes, defaultsChanged, summary: '',
  };
  if (actions) result.impact = actions.map((action) => replay(before, after, action, options));
  result.summary = summarize(result);
  return result;
}

/** Evaluate one action under both versions and classify the change. */
export function replay(before: Policy, after: Policy, action: ActionInput, context?: EvaluateContext): ImpactEntry {
  const b = before.evaluate(action, context);
  const a = after.evaluate(action, context);
  const riskChange = compare(RISK_VALUE[a.riskLevel], RISK_VALUE[b.riskLevel]);
  const approvalChange = compare(APPROVAL_RANK[a.approval], APPROVAL_RANK[b.approval]);
  const direction = approvalChange !== 'unchanged' ? approvalChange : riskChange;
  return {
    action, before: b, after: a,
    change: direction === 'raised' ? 'restricted' : direction === 'lowered' ? 'promoted' : 'unchanged',
    riskChange,
    ruleChanged: b.matchedRule !== a.matchedRule || b.ruleIndex !== a.ruleIndex,
  };
}

const compare = (after: number, before: number) => (after > before ? 'raised' : after < before ? 'lowered' : 'unchanged') as ImpactEntry['riskChange'];

/** Rules by pairing key: the name, then `name#2`, `name#3` … for repeats. */
function keyed(rules: readonly RuleModel[]): Map<string, RuleModel> {
  const out = new Map<string, RuleModel>();
  const seen = new Map<string, number>();
  for (const rule of rules) {
    const name = String(rule.label);
    const n = (seen.get(name) ?? 0) + 1;
    seen.set(name, n);
    out.set(n === 1 ? name : `${name}#${n}`, rule);
  }
  return out;
}

function ruleFieldChanges(a: RuleModel, b: RuleModel): Record<string, FieldChange> {
  const fields: Record<string, FieldChange> = {};
  const check = (field: string, x: unknown, y: unknown) => {
    if (canonical(x) !== canonical(y)) fields[field] = { before: x, after: y };
  };
  check('match_type', a.type, b.type);
  check('match_target', a.target, b.target);
  check('match_agent', a.agent, b.agent);
  check('risk_level', a.riskLevel satisfies RiskLevel, b.riskLevel);
  check('approval', a.approval satisfies Approval, b.approval);
  check('conditions', emptyToNull(a.conditions), emptyToNull(b.conditions));
  return fields;
}

const emptyToNull = (c: unknown) => (c === undefined || (c !== null && typeof c === 'object' && !Object.keys(c).length) ? null : c);

/** JSON with sorted keys, so that condition mappings compare by content. */
function canonical(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'undefined';
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  const entries = Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`);
  return `{${entries.join(',')}}`;
}

/** Indices (into `seq`) of one longest strictly increasing subsequence: the rules that kept their order. */
function longestIncreasing(seq: number[]): Set<number> {
  const tails: number[] = [];
  const prev = new Array<number>(seq.length).fill(-1);
  for (let i = 0; i < seq.length; i++) {
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (seq[tails[mid]!]! < seq[i]!) lo = mid + 1;
      else hi = mid;
    }
    if (lo > 0) prev[i] = tails[lo - 1]!;
    tails[lo] = i;
  }
  const keep = new Set<number>();
  for (let i = tails[tails.length - 1] ?? -1; i >= 0; i = prev[i]!) keep.add(i);
  return keep;
}

function summarize(d: PolicyDiff): string {
  const parts: string[] = [];
  const count = (n: number, what: string) => n && parts.push(`${n} rule${n === 1 ? '' : 's'} ${what}`);
  count(d.added.length, 'added');
  count(d.removed.length, 'removed');
  count(d.modified.length, 'modified');
  count(d.moved.length, 'moved');
  const defaults = Object.keys(d.defaultsChanged).length;
  if (defaults) parts.push(`${defaults} default${defaults === 1 ? '' : 's'} changed`);
  if (d.impact) {
    const restricted = d.impact.filter((i) => i.change === 'restricted').length;
    const promoted = d.impact.filter((i) => i.change === 'promoted').length;
    parts.push(`${restricted} of ${d.impact.length} action${d.impact.length === 1 ? '' : 's'} restricted, ${promoted} promoted`);
  }
  return parts.length ? parts.join(', ') : 'no changes';
}
