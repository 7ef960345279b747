/**
 * The policy linter: mistakes that load fine but make a policy do something other than what its
 * author meant. Rules an earlier rule always decides first (glob subsumption on type, target and
 * agent, with conditions the later rule also has), conditions that can never hold together,
 * empty time windows, duplicate names and implicit approvals. Every diagnostic points at the rule
 * (line and column when the policy came from text).
 */
import type { Diagnostic } from '../types.ts';
import { globCovers, globSample } from './glob-cover.ts';
import type { RuleModel } from './model.ts';
import type { Policy } from './policy.ts';
import { parseTimeOfDay } from './time.ts';

const isMapping = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const quoted = (rule: RuleModel) => `"${String(rule.label)}"`;

/** Lint a loaded policy. Pure: the same policy always gives the same diagnostics, in rule order. */
export function lint(policy: Policy): Diagnostic[] {
  const rules = policy.rules;
  const out: Diagnostic[] = [];
  const at = (rule: RuleModel, d: Omit<Diagnostic, 'line' | 'column' | 'span' | 'path'>): Diagnostic => ({
    ...d,
    path: ['rules', rule.index],
    ...(rule.location ? { line: rule.location.line, column: rule.location.column, span: rule.location.span } : {}),
  });
  if (!rules.length) {
    out.push({ code: 'lint.no-rules', severity: 'warning', message: `the policy has no rules: every action gets the default decision (${policy.defaults.approval})` });
  }

  const dead = rules.map((r) => conditionsNeverHold(r.conditions));
  const firstByName = new Map<string, RuleModel>();
  rules.forEach((rule, i) => {
    if (!rule.explicitApproval) {
      out.push(at(rule, { code: 'lint.implicit-approval', severity: 'warning',
        message: `rule ${quoted(rule)} has no approval, so it gets "approve" (a human must approve), not the policy default`,
        hint: 'write approval: auto, approve or block' }));
    }
    if (!rule.explicitRisk) {
      out.push(at(rule, { code: 'lint.implicit-risk', severity: 'warning',
        message: `rule ${quoted(rule)} has no risk_level, so it gets "medium", not the policy default`, hint: 'write risk_level explicitly' }));
    }
    const name = String(rule.label);
    const twin = firstByName.get(name);
    if (twin) {
      out.push(at(rule, { code: 'lint.duplicate-name', severity: 'warning',
        message: `rule name ${quoted(rule)} is also used by rule ${twin.index + 1}${twin.location ? ` (line ${twin.location.line})` : ''}: decisions, audit entries and diffs cannot tell them apart`,
        hint: 'give every rule its own name' }));
    } else firstByName.set(name, rule);

    const empty = (['type', 'target', 'agent'] as const).find((f) => globSample(rule[f]) === undefined);
    if (empty) {
      out.push(at(rule, { code: 'lint.unreachable', severity: 'error',
        message: `rule ${quoted(rule)} can never apply: match.${empty} "${rule[empty]}" matches nothing`,
        hint: 'a range written backwards, like [z-a], matches no character' }));
      return;
    }
    const never = dead[i];
    if (never) {
      out.push(at(rule, { code: 'lint.condition-never-holds', severity: 'error', message: `rule ${quoted(rule)} can never apply: ${never}` }));
      return;
    }
    const shadow = rules.slice(0, i).find((earlier, j) => !dead[j] && shadows(earlier, rule));
    if (shadow) {
      const same = shadow.approval === rule.approval && shadow.riskLevel === rule.riskLevel;
      const type = globSample(rule.type);
      const target = globSample(rule.target);
      const example = type === undefined ? '' : `; for example \`${type}\`${target ? ` on \`${target}\`` : ''} is decided by ${quoted(shadow)}`;
      out.push(at(rule, { code: 'lint.unreachable', severity: 'warning',
        message: `rule ${quoted(rule)} is unreachable: rule ${quoted(shadow)}${shadow.location ? ` (line ${shadow.location.line})` : ''} comes first and matches every action it matches`
          + (same ? '' : ` (deciding ${shadow.approval}/${shadow.riskLevel} instead of ${rule.approval}/${rule.riskLevel})`) + example,
        hint: same ? 'remove it, or make it more general' : `move it above ${quoted(shadow)} if it is meant as an exception` }));
    }
  });
  return out;
}

/** True when `earlier` decides every action `later` could match (first match wins). */
export function shadows(earlier: RuleModel, later: RuleModel): boolean {
  return conditionsImplied(earlier.conditions, later.conditions)
    && globCovers(earlier.type, later.type)
    && globCovers(earlier.target, later.target)
    && (earlier.agent === '*' || (later.agent !== '*' && globCovers(earlier.agent, later.agent)));
}

/** Whenever `later`'s conditions hold, do `earlier`'s? (Every entry of earlier appears in later.) */
function conditionsImplied(earlier: unknown, later: unknown): boolean {
  if (!isMapping(earlier) || !Object.keys(earlier).length) return true;
  if (!isMapping(later)) return false;
  // A window that wraps midnight holds when EITHER bound does, so one shared bound no longer
  // implies it: only the same pair of bounds does.
  const wrapsLater = windowWraps(later);
  return Object.entries(earlier).every(([key, value]) => {
    if (!Object.prototype.hasOwnProperty.call(later, key)) return false;
    if (wrapsLater && (key === 'time_after' || key === 'time_before')) {
      return sameValue(earlier['time_after'], later['time_after']) && sameValue(earlier['time_before'], later['time_before']);
    }
    const other = later[key];
    if (key.startsWith('param_') && isMapping(value) && isMapping(other)) {
      return Object.entries(value).every(([p, v]) => Object.prototype.hasOwnProperty.call(other, p) && sameValue(v, other[p]));
    }
    return sameValue(value, other);
  });
}

function windowWraps(conditions: Record<string, unknown>): boolean {
  const after = typeof conditions['time_after'] === 'string' ? parseTimeOfDay(conditions['time_after']) : undefined;
  const before = typeof conditions['time_before'] === 'string' ? parseTimeOfDay(conditions['time_before']) : undefined;
  return typeof after === 'number' && typeof before === 'number' && after > before;
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return ka.length === kb.length && ka.every((k) => sameValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

interface Bounds { lo: number; loOpen: boolean; hi: number; hiOpen: boolean }

/** Why a rule's conditions can never all hold, or undefined when they can (or we cannot tell). */
export function conditionsNeverHold(conditions: unknown): string | undefined {
  if (!isMapping(conditions)) return undefined;
  const c = conditions;

  if (Array.isArray(c['weekdays'])) {
    const days = c['weekdays'].filter((d) => Number.isInteger(d) && (d as number) >= 1 && (d as number) <= 7);
    if (!days.length) return c['weekdays'].length ? 'weekdays lists no day from 1 (Monday) to 7 (Sunday)' : 'the weekdays list is empty';
  }

  const after = typeof c['time_after'] === 'string' ? parseTimeOfDay(c['time_after']) : undefined;
  const before = typeof c['time_before'] === 'string' ? parseTimeOfDay(c['time_before']) : undefined;
  if (typeof after === 'number' && typeof before === 'number' && after === before) {
    return `the time window ${String(c['time_after']).trim()}–${String(c['time_before']).trim()} is empty (from a time until the same time)`;
  }
  if (typeof before === 'number' && before === 0 && after === undefined) return 'time_before "00:00": no time of day is earlier than midnight';

  const eq = isMapping(c['param_eq']) ? c['param_eq'] : {};
  for (const [name, value] of Object.entries(eq)) if (value === null) return `param_eq ${name}: null never matches`;

  const bounds = new Map<string, Bounds>();
  const textCompared = new Map<string, string>();
  const tighten = (name: string, value: number, side: 'lo' | 'hi', open: boolean) => {
    const b = bounds.get(name) ?? { lo: -Infinity, loOpen: false, hi: Infinity, hiOpen: false };
    if (side === 'lo' && (value > b.lo || (value === b.lo && open))) { b.lo = value; b.loOpen = open; }
    if (side === 'hi' && (value < b.hi || (value === b.hi && open))) { b.hi = value; b.hiOpen = open; }
    bounds.set(name, b);
  };
  const OPS: [string, 'lo' | 'hi', boolean][] = [['param_gt', 'lo', true], ['param_gte', 'lo', false], ['param_lt', 'hi', true], ['param_lte', 'hi', false]];
  for (const [key, side, open] of OPS) {
    const spec = c[key];
    if (!isMapping(spec)) continue;
    for (const [name, value] of Object.entries(spec)) {
      if (isNumber(value)) tighten(name, value, side, open);
      else if (typeof value === 'string') textCompared.set(name, key);
    }
  }
  for (const [name, value] of Object.entries(eq)) {
    if (isNumber(value)) { tighten(name, value, 'lo', false); tighten(name, value, 'hi', false); }
    if (typeof value === 'string' && bounds.has(name)) {
      return `param_eq requires ${name} to be the text "${value}", but a numeric comparison on ${name} then fails closed`;
    }
    if (isNumber(value) && textCompared.has(name)) {
      return `param_eq requires ${name} to be the number ${value}, but ${textCompared.get(name)} compares it with text and fails closed`;
    }
  }
  for (const [name, b] of bounds) {
    if (b.lo > b.hi || (b.lo === b.hi && (b.loOpen || b.hiOpen))) {
      return `no value of ${name} is ${b.loOpen ? 'above' : 'at least'} ${b.lo} and ${b.hiOpen ? 'below' : 'at most'} ${b.hi}`;
    }
  }
  return undefined;
}
