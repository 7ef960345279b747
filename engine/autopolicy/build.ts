/**
 * Parsed clauses → policy rules. Each (type, target, agent, condition alternative) of a clause
 * becomes one rule; exceptions become rules of the opposite intent placed before their parent.
 * Rules are ordered most specific first (more constrained fields and conditions), and among
 * equally specific ones the stricter first, so that under first-match-wins "allow everything.
 * block deletes" still blocks deletes, and an overlap the text leaves open resolves to the safer
 * decision.
 */
import { APPROVAL_RANK, RISK_VALUE, type Approval, type RiskLevel } from '../types.ts';
import type { Clause, Conditions, Segment } from './grammar.ts';

export interface GeneratedRule {
  rule: Record<string, unknown>;
  /** The clause of the text the rule came from. */
  phrase: string;
  /** Why the rule looks the way it does. */
  explanation: string;
}

interface Draft {
  type: string;
  typeId: string;
  target: string;
  targetId?: string;
  agent: string;
  conditions: Conditions;
  approval: Approval;
  risk: RiskLevel;
  phrase: string;
  explanation: string;
  order: number;
}

const FLOOR: Record<Approval, RiskLevel> = { auto: 'low', approve: 'medium', block: 'high' };
const WORD: Record<Approval, string> = { auto: 'allow', approve: 'approve', block: 'block' };
/** The opposite of an instruction, for its exceptions: not allowed → block; not asked / not blocked → allowed. */
const EXCEPTION_MODE: Record<Approval, Approval> = { auto: 'block', approve: 'auto', block: 'auto' };

const maxRisk = (a: RiskLevel, b: RiskLevel): RiskLevel => (RISK_VALUE[a] >= RISK_VALUE[b] ? a : b);

export function draftsFor(clause: Clause, phrase: string, order: number): Draft[] {
  const out: Draft[] = [];
  const how = clause.negated
    ? `"${clause.directive}" is a negated ${clause.mode === 'block' ? 'permission' : 'approval'}: ${clause.mode}`
    : `"${clause.directive}": ${clause.mode}`;
  for (const seg of clause.segments) {
    if (seg.rest) continue;
    out.push(...expand(seg, clause.mode, phrase, how, order));
  }
  for (const exception of clause.exceptions) {
    for (const parent of clause.segments.filter((s) => !s.rest)) {
      const mode = EXCEPTION_MODE[clause.mode];
      const seg: Segment = {
        concepts: exception.concepts.length || exception.types.length ? exception.concepts : parent.concepts,
        types: exception.concepts.length || exception.types.length ? exception.types : parent.types,
        targets: exception.targets.length ? exception.targets : parent.targets,
        agents: exception.agents.length ? exception.agents : parent.agents,
        alternatives: cross(parent.alternatives, exception.alternatives),
        rest: false,
        pronoun: false,
      };
      out.push(...expand(seg, mode, phrase, `an exception to "${clause.directive}": ${mode}`, order));
    }
  }
  return out;
}

function cross(a: Conditions[], b: Conditions[]): Conditions[] {
  return a.flatMap((x) => b.map((y) => ({ ...x, ...y })));
}

function expand(seg: Segment, approval: Approval, phrase: string, explanation: string, order: number): Draft[] {
  const types = [
    ...(seg.concepts.length || seg.types.length ? seg.concepts : [{ id: 'all', glob: '*', risk: 'medium' }]).map((c) => ({ glob: c.glob, id: c.id, risk: c.risk as RiskLevel })),
    ...seg.types.map((t) => ({ glob: t, id: t, risk: 'medium' as RiskLevel })),
  ];
  const targets = seg.targets.length ? seg.targets : [{ id: undefined, glob: '*' }];
  const agents = seg.agents.length ? seg.agents : ['*'];
  const out: Draft[] = [];
  for (const type of types) for (const target of targets) for (const agent of agents) for (const conditions of seg.alternatives) {
    const conditional = Object.keys(conditions).some((k) => k.startsWith('param_'));
    const risk = maxRisk(maxRisk(type.risk, FLOOR[approval]), conditional && approval !== 'auto' ? 'high' : 'low');
    out.push({ type: type.glob, typeId: type.id, target: target.glob, targetId: target.id, agent, conditions, approval, risk, phrase, explanation, order });
  }
  return out;
}

const specificity = (d: Draft) =>
  (d.type === '*' ? 0 : 1) + (d.target === '*' ? 0 : 1) + (d.agent === '*' ? 0 : 1) + Object.keys(d.conditions).length;

/** Order, deduplicate and name the drafts. */
export function finish(drafts: Draft[]): GeneratedRule[] {
  const sorted = drafts
    .map((d, i) => ({ d, i }))
    .sort((a, b) => specificity(b.d) - specificity(a.d) || APPROVAL_RANK[b.d.approval] - APPROVAL_RANK[a.d.approval] || a.i - b.i)
    .map((x) => x.d);
  const seen = new Set<string>();
  const names = new Set<string>();
  const out: GeneratedRule[] = [];
  for (const d of sorted) {
    const key = JSON.stringify([d.type, d.target, d.agent, d.conditions]);
    if (seen.has(key)) continue; // the first (most specific, strictest) reading of a repeated rule wins
    seen.add(key);
    let name = ruleName(d);
    for (let n = 2; names.has(name); n++) name = `${ruleName(d)}_${n}`;
    names.add(name);
    const match: Record<string, string> = { type: d.type };
    if (d.target !== '*') match['target'] = d.target;
    if (d.agent !== '*') match['agent'] = d.agent;
    const rule: Record<string, unknown> = { name, match };
    if (Object.keys(d.conditions).length) rule['conditions'] = d.conditions;
    rule['risk_level'] = d.risk;
    rule['approval'] = d.approval;
    out.push({ rule, phrase: d.phrase, explanation: d.explanation });
  }
  return out;
}

function ruleName(d: Draft): string {
  const parts = [WORD[d.approval], d.typeId === 'all' ? 'everything' : slugOf(d.typeId)];
  if (d.target !== '*') parts.push('on', slugOf(d.targetId ?? d.target));
  if (d.agent !== '*') parts.push('for', slugOf(d.agent));
  const c = d.conditions;
  for (const [op, word] of [['param_gt', 'over'], ['param_gte', 'from'], ['param_lt', 'under'], ['param_lte', 'upto']] as const) {
    const spec = c[op] as Record<string, number> | undefined;
    if (spec) for (const [param, value] of Object.entries(spec)) parts.push(param === 'amount' ? word : `${param}_${word}`, String(value));
  }
  if (c['time_after'] && c['time_before']) parts.push(`${hour(c['time_after'])}_to_${hour(c['time_before'])}`);
  else if (c['time_after']) parts.push('after', hour(c['time_after']));
  else if (c['time_before']) parts.push('before', hour(c['time_before']));
  const days = c['weekdays'] as number[] | undefined;
  if (days) parts.push(days.join(',') === '6,7' ? 'weekends' : days.join(',') === '1,2,3,4,5' ? 'weekdays' : `days_${days.join('')}`);
  return parts.join('_');
}

const hour = (t: unknown) => String(t).replace(':00', '').replace(':', 'h');
const slugOf = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '') || 'named';
