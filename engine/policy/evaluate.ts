/**
 * A policy compiled to a decision function. Rules are indexed by the literal prefix of their type
 * glob, and the list of rules whose type glob accepts a given action type is memoised (it depends
 * on nothing else), so a decision usually costs one map lookup plus a target test per candidate
 * rule. Decisions for rules are preallocated and frozen: the common case allocates nothing.
 */
import type { ActionInput, Decision, DecisionError } from '../types.ts';
import type { EvalEnv, EvalInput } from './conditions.ts';
import { compileGlob, parseGlob, type Atom, type CompiledGlob } from './glob.ts';
import type { PolicyModel, RuleModel } from './model.ts';
import { civilClock, type CivilTime } from './time.ts';

export interface EvaluateContext {
  /**
   * The instant to decide at: a valid Date or a finite number of epoch milliseconds; default: the
   * clock's now. Anything else (an ISO string, NaN, an invalid Date) blocks with `evaluate.invalid-now`.
   */
  now?: Date | number;
}

export type Clock = () => number;

interface CompiledRule {
  readonly model: RuleModel;
  readonly type: CompiledGlob;
  readonly target: CompiledGlob;
  readonly agent: CompiledGlob | null;
  readonly decision: Decision;
}

const TYPE_CACHE_LIMIT = 8192;
/** The largest distance from the epoch, in milliseconds, that a Date can hold (100,000,000 days). */
const MAX_INSTANT_MS = 8.64e15;
const NONE: readonly number[] = [];
const EMPTY_PARAMS: Record<string, unknown> = Object.freeze({}) as Record<string, unknown>;

export class DecisionFunction {
  private readonly rules: CompiledRule[];
  private readonly exact = new Map<string, number[]>();
  private readonly byFirstUnit = new Map<number, number[]>();
  private readonly byLastUnit = new Map<number, number[]>();
  private readonly wild: number[] = [];
  private readonly typeCache = new Map<string, Int32Array>();
  private readonly defaultDecision: Decision;
  private readonly civil: (ms: number) => CivilTime;

  constructor(readonly model: PolicyModel, private readonly clock: Clock) {
    this.rules = model.rules.map((rule, index) => ({
      model: rule,
      type: compileGlob(rule.type),
      target: compileGlob(rule.target),
      agent: rule.agent === '*' ? null : compileGlob(rule.agent),
      decision: Object.freeze({
        riskLevel: rule.riskLevel, approval: rule.approval, allowed: rule.approval !== 'block', matchedRule: rule.label, ruleIndex: index,
      }),
    }));
    // Each rule lands in exactly one index: exact type, the code units a match must start with,
    // the code units it must end with (`*_2`, `[abc]*x`), or — when neither is pinned — the wild list.
    this.rules.forEach((rule, i) => {
      const g = rule.type;
      if (g.exact) return push(this.exact, g.literalPrefix, i);
      const atoms = parseGlob(g.source);
      const first = edgeUnits(atoms[0], 'first');
      if (first) return first.forEach((u) => push(this.byFirstUnit, u, i));
      const last = edgeUnits(atoms[atoms.length - 1], 'last');
      if (last) return last.forEach((u) => push(this.byLastUnit, u, i));
      this.wild.push(i);
    });
    this.defaultDecision = Object.freeze({
      riskLevel: model.defaults.riskLevel, approval: model.defaults.approval, allowed: model.defaults.approval !== 'block', matchedRule: '<default>',
    });
    this.civil = civilClock(model.timezone);
  }

  /** Indices of rules whose type glob accepts `type`, in policy order. */
  candidates(type: string): Int32Array {
    let hit = this.typeCache.get(type);
    if (hit) return hit;
    hit = this.scanCandidates(type);
    // Once full the memo stops growing: the types seen first (in practice the agent's vocabulary)
    // stay cached, and a stream of one-off types pays only the indexed scan, never a rebuild.
    if (this.typeCache.size < TYPE_CACHE_LIMIT) this.typeCache.set(type, hit);
    return hit;
  }

  /** Merge the four sorted, disjoint index lists, keeping the rules whose type glob accepts `type`. */
  private scanCandidates(type: string): Int32Array {
    const exact = this.exact.get(type) ?? NONE;
    const lists = [exact, this.byFirstUnit.get(type.charCodeAt(0)) ?? NONE, this.byLastUnit.get(type.charCodeAt(type.length - 1)) ?? NONE, this.wild];
    const at = [0, 0, 0, 0];
    const out: number[] = [];
    for (;;) {
      let best = -1;
      let next = Infinity;
      for (let l = 0; l < 4; l++) {
        const v = lists[l]![at[l]!];
        if (v !== undefined && v < next) { next = v; best = l; }
      }
      if (best < 0) break;
      at[best]!++;
      // Exact-glob rules matched by the map lookup itself; the others still need their glob.
      if (best === 0 || this.rules[next]!.type.test(type)) out.push(next);
    }
    return Int32Array.from(out);
  }

  evaluate(action: ActionInput, context?: EvaluateContext): Decision {
    try {
      return this.decide(action, context);
    } catch (err) {
      if (err instanceof DecisionFault) return blocked(err.error);
      return blocked({ code: 'evaluate.internal', message: `internal error while deciding: ${String((err as Error)?.message ?? err)}` });
    }
  }

  private decide(action: ActionInput, context?: EvaluateContext): Decision {
    if (action === null || typeof action !== 'object') return blocked({ code: 'action.invalid', message: `an action must be an object with a string "type"; got ${action === null ? 'null' : typeof action}` });
    const type = action.type;
    if (typeof type !== 'string') return blocked({ code: 'action.invalid-type', message: `action.type must be a string; got ${type === undefined ? 'nothing' : typeof type}` });
    const target = action.target ?? '';
    if (typeof target !== 'string') return blocked({ code: 'action.invalid-target', message: `action.target must be a string; got ${typeof target}` });
    const agentId = action.agentId ?? '';
    if (typeof agentId !== 'string') return blocked({ code: 'action.invalid-agent', message: `action.agentId must be a string; got ${typeof agentId}` });
    const rawParams = action.params ?? EMPTY_PARAMS;
    if (rawParams === null || typeof rawParams !== 'object' || Array.isArray(rawParams)) return blocked({ code: 'action.invalid-params', message: 'action.params must be an object' });
    // Checked whether or not a time condition is reached: a caller passing a bad instant has a bug
    // that must show on every decision, not only on the ones a time rule happens to look at.
    const now = context?.now;
    let nowMs: number | undefined;
    if (now !== undefined) {
      const read = instantOf(now, 'now');
      if (typeof read !== 'number') return blocked(read);
      nowMs = read;
    }

    const candidates = this.candidates(type);
    let input: EvalInput | undefined;
    let env: EvalEnv | undefined;
    for (let k = 0; k < candidates.length; k++) {
      const rule = this.rules[candidates[k]!]!;
      if (!rule.target.test(target)) continue;
      if (rule.agent !== null && !rule.agent.test(agentId === '' ? '*' : agentId)) continue;
      const checks = rule.model.checks;
      if (checks !== null) {
        input ??= { action, params: rawParams };
        env ??= this.env(nowMs);
        let holds = true;
        for (const check of checks) {
          const r = check(input, env);
          if (r === true) continue;
          if (r === false) { holds = false; break; }
          return blocked(r, rule.model.label, rule.model.index);
        }
        if (!holds) continue;
      }
      return rule.decision;
    }
    return this.defaultDecision;
  }

  /** The clock is read only when a time condition asks, and checked like a `now` option. */
  private env(nowMs: number | undefined): EvalEnv {
    let civil: CivilTime | undefined;
    return {
      civil: () => {
        if (civil) return civil;
        let ms = nowMs;
        if (ms === undefined) {
          const read = instantOf(this.clock(), "the policy's clock");
          if (typeof read !== 'number') throw new DecisionFault(read);
          ms = read;
        }
        return (civil = this.civil(ms));
      },
    };
  }
}

/** Thrown from inside a check to end the decision with a specific error (not `evaluate.internal`). */
class DecisionFault extends Error {
  constructor(readonly error: DecisionError) {
    super(error.message);
  }
}

/**
 * Epoch milliseconds of an instant to decide at, or why it is not one. DESIGN.md types `now` as
 * `Date | number`, so only a Date with a valid time or a finite number of epoch milliseconds within
 * a Date's range is accepted. Strings are refused, not parsed: date-only and offset-less ISO forms
 * parse differently across runtimes, and a time condition read at the wrong instant decides
 * wrongly without a trace. `what` names the source in the message.
 */
function instantOf(value: unknown, what: string): number | DecisionError {
  let ms = NaN;
  if (typeof value === 'number') ms = value;
  else if (value !== null && typeof value === 'object') {
    // getTime's own brand check accepts Dates from any realm (a worker, an iframe) and nothing else.
    try {
      ms = Date.prototype.getTime.call(value);
    } catch {
      return invalidNow(what, Array.isArray(value) ? 'an array' : 'an object that is not a Date');
    }
  }
  if (Math.abs(ms) <= MAX_INSTANT_MS) return ms;
  if (typeof value === 'string') {
    const shown = value.length > 40 ? `${value.slice(0, 40)}…` : value;
    return invalidNow(what, `the string ${JSON.stringify(shown)}; strings are not parsed: convert it first with new Date(text) and check the result`);
  }
  if (typeof value === 'number') return invalidNow(what, Number.isNaN(value) ? 'NaN' : `${value}, outside the range a Date can hold (±8.64e15 ms around 1970)`);
  if (value !== null && typeof value === 'object') return invalidNow(what, 'an invalid Date (its time is NaN)');
  return invalidNow(what, value === null ? 'null' : `a ${typeof value}`);
}

function invalidNow(what: string, got: string): DecisionError {
  return { code: 'evaluate.invalid-now', message: `${what} must be a valid Date or a finite number of epoch milliseconds; got ${got}` };
}

const MAX_EDGE_UNITS = 32;

/**
 * The UTF-16 code units a glob's first (or last) atom can produce at that edge of a match, or
 * undefined when that is not a small fixed set (a wildcard, a negated or wide class, astral ranges).
 */
function edgeUnits(atom: Atom | undefined, edge: 'first' | 'last'): number[] | undefined {
  if (!atom) return undefined;
  const unitOf = (cp: number) => {
    const s = String.fromCodePoint(cp);
    return edge === 'first' ? s.charCodeAt(0) : s.charCodeAt(s.length - 1);
  };
  if (atom.kind === 'char') return [unitOf(atom.cp)];
  if (atom.kind !== 'class' || atom.negate) return undefined;
  const units = new Set<number>();
  for (const cp of atom.singles) units.add(unitOf(cp));
  for (const [lo, hi] of atom.ranges) {
    if (hi > 0xffff || hi - lo >= MAX_EDGE_UNITS) return undefined;
    for (let cp = lo; cp <= hi; cp++) units.add(cp);
  }
  return units.size <= MAX_EDGE_UNITS ? [...units] : undefined;
}

function push<K>(map: Map<K, number[]>, key: K, value: number) {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** A fail-closed decision: block, critical, with the reason. */
export function blocked(error: DecisionError, matchedRule: string | number = '<error>', ruleIndex?: number): Decision {
  return { riskLevel: 'critical', approval: 'block', allowed: false, matchedRule, ...(ruleIndex === undefined ? {} : { ruleIndex }), error };
}
