/**
 * Rule conditions: validated once at load (diagnostics with positions), compiled into small
 * checks that run at decision time. A check answers true, false, or an error; the evaluator
 * turns an error into a fail-closed `block`. Order follows the reference: entries in mapping
 * order, stop at the first false, `semantic` last.
 */
import type { ActionInput, DecisionError, Diagnostic } from '../types.ts';
import { didYouMean } from './diagnostics.ts';
import { guardedMatcher } from './linear-regex.ts';
import { compilePythonRegex } from './regex.ts';
import { pyCompare, pyContains, pyEq, pyStr, PyTypeError, pyTypeName } from './python-values.ts';
import { keywordMatch, semanticKeywords, type SemanticEvaluator } from './semantic.ts';
import { parseTimeOfDay, type CivilTime } from './time.ts';

export const CONDITION_KEYS = [
  'time_after', 'time_before', 'weekdays', 'param_eq', 'param_gt', 'param_gte', 'param_lt', 'param_lte',
  'param_contains', 'param_matches', 'semantic',
] as const;

/** Longest parameter string `param_matches` will search; longer values fail closed. */
export const MAX_MATCH_INPUT = 100_000;

export interface EvalInput {
  readonly action: ActionInput;
  readonly params: Record<string, unknown>;
}

export interface EvalEnv {
  civil(): CivilTime;
}

export type CheckResult = boolean | DecisionError;
export type Check = (input: EvalInput, env: EvalEnv) => CheckResult;

export interface ConditionOptions {
  semanticEvaluator?: SemanticEvaluator;
}

type Report = (d: Omit<Diagnostic, 'line' | 'column' | 'span'> & { key?: boolean }) => void;

const fail = (code: string, message: string): DecisionError => ({ code, message });
const never: Check = () => false;
const isMapping = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const pyFalsy = (v: unknown) => v === null || v === undefined || v === false || v === 0 || v === '' || (Array.isArray(v) && v.length === 0) || (isMapping(v) && Object.keys(v).length === 0);
const own = (o: Record<string, unknown>, k: string) => Object.prototype.hasOwnProperty.call(o, k);

export interface CompiledConditions {
  checks: Check[];
  usesTime: boolean;
}

/** Validate and compile one rule's `conditions`. `path` is the path of the conditions node. */
export function compileConditions(raw: unknown, path: (string | number)[], report: Report, options: ConditionOptions): CompiledConditions | null {
  if (raw === undefined || raw === null) return null;
  if (!isMapping(raw)) {
    if (pyFalsy(raw)) {
      report({ code: 'conditions.not-a-mapping', severity: 'warning', path, message: `conditions should be a mapping; an empty ${pyTypeName(raw)} means "no conditions"` });
      return null;
    }
    const message = `conditions must be a mapping of condition names to values, not a ${pyTypeName(raw)}`;
    report({ code: 'conditions.not-a-mapping', severity: 'error', path, message,
      hint: Array.isArray(raw) ? 'remove the leading "- " so the conditions form one mapping' : undefined });
    return { checks: [() => fail('condition.invalid', message)], usesTime: false };
  }
  const entries = Object.entries(raw);
  if (!entries.length) return null;
  const checks: Check[] = [];
  let semanticCheck: Check | undefined;
  let usesTime = false;

  const after = raw['time_after'];
  const before = raw['time_before'];
  const afterMs = typeof after === 'string' ? parseTimeOfDay(after) : undefined;
  const beforeMs = typeof before === 'string' ? parseTimeOfDay(before) : undefined;
  const wraps = typeof afterMs === 'number' && typeof beforeMs === 'number' && afterMs > beforeMs;
  if (wraps) {
    report({ code: 'condition.window-wraps', severity: 'warning', path: [...path, 'time_after'],
      message: `the window ${String(after).trim()}–${String(before).trim()} crosses midnight: it holds from ${String(after).trim()} until ${String(before).trim()} the next day (the Python reference never matches such a window)` });
  }

  for (const [key, value] of entries) {
    const at = [...path, key];
    switch (key) {
      case 'time_after':
      case 'time_before': {
        usesTime = true;
        if (wraps) {
          if (key === 'time_after' || !own(raw, 'time_after')) {
            const from = afterMs as number;
            const to = beforeMs as number;
            checks.push((_, env) => {
              const t = env.civil().msOfDay;
              return t >= from || t < to;
            });
          }
          break;
        }
        checks.push(timeCheck(key, value, at, report));
        break;
      }
      case 'weekdays': {
        usesTime = true;
        checks.push(weekdayCheck(value, at, report));
        break;
      }
      case 'param_eq':
      case 'param_gt':
      case 'param_gte':
      case 'param_lt':
      case 'param_lte':
      case 'param_contains':
      case 'param_matches':
        checks.push(paramCheck(key, value, at, report));
        break;
      case 'semantic':
        if (value === null || value === undefined) {
          report({ code: 'condition.null-never-matches', severity: 'error', path: at, message: 'semantic needs a description (a string); an empty value never holds, so this rule can never match' });
          checks.push(never);
        } else {
          semanticCheck = semanticConditionCheck(value, at, report, options);
        }
        break;
      default: {
        const hint = didYouMean(key, CONDITION_KEYS);
        report({ code: 'condition.unknown', severity: 'error', path: at, key: true,
          message: `unknown condition "${key}": this rule could never match`,
          hint: hint ? `did you mean "${hint}"?` : `known conditions: ${CONDITION_KEYS.join(', ')}` });
        checks.push(never);
      }
    }
  }
  if (semanticCheck) checks.push(semanticCheck);
  return { checks, usesTime };
}

function timeCheck(key: 'time_after' | 'time_before', value: unknown, at: (string | number)[], report: Report): Check {
  if (typeof value !== 'string') {
    const message = `${key} must be a time in quotes, like "18:00"; got ${pyTypeName(value)} ${JSON.stringify(value)}`;
    report({ code: 'condition.value-type', severity: 'error', path: at, message });
    return () => fail('condition.invalid', message);
  }
  const ms = parseTimeOfDay(value);
  if (typeof ms === 'string') {
    report({ code: 'condition.time-format', severity: 'error', path: at, message: `${key}: ${ms}` });
    return () => fail('condition.invalid', `${key}: ${ms}`);
  }
  return key === 'time_after' ? (_, env) => env.civil().msOfDay >= ms : (_, env) => env.civil().msOfDay < ms;
}

function weekdayCheck(value: unknown, at: (string | number)[], report: Report): Check {
  if (!Array.isArray(value)) {
    const message = `weekdays must be a list of day numbers (Monday = 1 … Sunday = 7), like [1, 2, 3, 4, 5]; got ${pyTypeName(value)}`;
    report({ code: 'condition.value-type', severity: 'error', path: at, message });
  } else if (!value.length) {
    report({ code: 'condition.weekday', severity: 'warning', path: at, message: 'an empty weekdays list never holds: this rule can never match' });
  } else {
    value.forEach((day, i) => {
      if (typeof day !== 'number' || !Number.isInteger(day) || day < 1 || day > 7) {
        report({ code: 'condition.weekday', severity: 'error', path: [...at, i],
          message: `weekday ${JSON.stringify(day)} is not a day number from 1 (Monday) to 7 (Sunday)${typeof day === 'string' ? '; write it without quotes' : ''}` });
      }
    });
  }
  return (_, env) => {
    const result = pyContains(value, env.civil().isoWeekday);
    return result instanceof PyTypeError ? fail('condition.type-error', `weekdays: ${result.message}`) : result;
  };
}

type ParamOp = (actual: unknown, expected: unknown, name: string) => CheckResult;

const COMPARE: Record<string, [string, (c: number) => boolean]> = {
  param_gt: ['>', (c) => c > 0],
  param_gte: ['>=', (c) => c >= 0],
  param_lt: ['<', (c) => c < 0],
  param_lte: ['<=', (c) => c <= 0],
};

function paramCheck(key: string, spec: unknown, at: (string | number)[], report: Report): Check {
  if (!isMapping(spec)) {
    const message = `${key} must map parameter names to values, like ${key}: {amount: 100}; got ${pyTypeName(spec)}`;
    report({ code: 'condition.value-type', severity: 'error', path: at, message });
    return () => fail('condition.invalid', message);
  }
  const entries = Object.entries(spec);
  const ops: [string, unknown, ParamOp][] = [];
  for (const [name, expected] of entries) {
    const here = [...at, name];
    let op: ParamOp;
    if (key === 'param_eq') {
      if (expected === null) report({ code: 'condition.null-never-matches', severity: 'warning', path: here, message: `param_eq ${name}: null never matches (a missing or null parameter makes the condition false)` });
      op = (actual, exp) => pyEq(actual, exp);
    } else if (key in COMPARE) {
      const [symbol, accept] = COMPARE[key]!;
      if (typeof expected !== 'number') {
        report({ code: 'condition.value-type', severity: typeof expected === 'string' || Array.isArray(expected) ? 'warning' : 'error', path: here,
          message: typeof expected === 'string'
            ? `${key} ${name}: comparing with the text "${expected}" orders values as text ("1.10" < "1.9"), and a numeric parameter makes the decision fail closed`
            : `${key} ${name}: expected a number, got ${pyTypeName(expected)}` });
      }
      op = (actual, exp, n) => {
        const c = pyCompare(actual, exp, symbol);
        return c instanceof PyTypeError ? fail('condition.type-error', `${key} ${n}: ${c.message}`) : accept(c);
      };
    } else if (key === 'param_contains') {
      op = (actual, exp, n) => {
        const r = pyContains(actual, exp);
        return r instanceof PyTypeError ? fail('condition.type-error', `param_contains ${n}: ${r.message}`) : r;
      };
    } else {
      const compiled = compilePythonRegex(pyStr(expected));
      if (compiled.error) {
        report({ code: compiled.error.code, severity: 'error', path: here, message: `param_matches ${name}: ${compiled.error.message}; the condition never holds` });
        op = () => false;
      } else {
        const regex = compiled.regex!;
        // Never a long backtrack when the pattern allows (no lookarounds): `.*.*x` took seconds
        // on a few thousand characters.
        const matches = guardedMatcher(regex, compiled.source!);
        op = (actual, _exp, n) => {
          const text = pyStr(actual);
          if (text.length > MAX_MATCH_INPUT) return fail('condition.input-too-long', `param_matches ${n}: the value is ${text.length} characters; the limit is ${MAX_MATCH_INPUT}`);
          return matches(text);
        };
      }
    }
    ops.push([name, expected, op]);
  }
  return ({ params }) => {
    for (const [name, expected, op] of ops) {
      if (!own(params, name)) return false;
      const actual = params[name];
      if (actual === null || actual === undefined) return false;
      const r = op(actual, expected, name);
      if (r !== true) return r;
    }
    return true;
  };
}

function semanticConditionCheck(value: unknown, at: (string | number)[], report: Report, options: ConditionOptions): Check {
  if (typeof value !== 'string') {
    const message = `semantic must be a description (a string), not a ${pyTypeName(value)}`;
    report({ code: 'condition.value-type', severity: 'error', path: at, message });
    return () => fail('condition.invalid', message);
  }
  const custom = options.semanticEvaluator;
  if (custom) {
    return ({ action }) => {
      try {
        return custom.evaluate(value, action) === true;
      } catch (err) {
        return fail('condition.semantic-failed', `the semantic evaluator failed: ${String((err as Error)?.message ?? err)}`);
      }
    };
  }
  const keywords = semanticKeywords(value);
  if (!keywords.size) report({ code: 'condition.null-never-matches', severity: 'warning', path: at, message: `semantic "${value}" has no keywords (only stop words): it never holds` });
  return ({ action }) => keywordMatch(keywords, action);
}
