/**
 * Plain policy data → PolicyModel + diagnostics. The reference's load-time failures (bad risk or
 * approval, a `match` that is not a mapping, non-string globs, rules that are not a list) are
 * errors that stop the load; everything the reference only discovers while deciding is reported
 * here as an error diagnostic and compiled to fail closed.
 */
import { APPROVALS, RISK_LEVELS, type Approval, type Diagnostic, type RiskLevel } from '../types.ts';
import { compileConditions, type ConditionOptions } from './conditions.ts';
import { didYouMean, hasErrors } from './diagnostics.ts';
import type { PolicyModel, RuleModel } from './model.ts';
import { isValidTimeZone } from './time.ts';
import type { Locator } from './yaml-source.ts';

export interface LoadOptions extends ConditionOptions {
  /** Overrides the policy's own `timezone`. */
  timezone?: string;
}

const TOP_KEYS = ['version', 'defaults', 'rules', 'timezone', 'description', 'name'];
const COMPAT_TOP_KEYS = ['scope', 'scope_id', 'plan_rules'];
const DEFAULT_KEYS = ['risk_level', 'approval'];
const RULE_KEYS = ['name', 'match', 'conditions', 'risk_level', 'approval', 'description'];
const MATCH_KEYS = ['type', 'target', 'agent'];

const isMapping = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
/** Python truthiness of plain data: the reference treats falsy values as absent in several places. */
const pyFalsy = (v: unknown): boolean =>
  v === undefined || v === null || v === false || v === 0 || v === '' ||
  (Array.isArray(v) && v.length === 0) || (isMapping(v) && Object.keys(v).length === 0);
const show = (v: unknown) => (typeof v === 'string' ? `"${v}"` : JSON.stringify(v) ?? String(v));

export function loadPolicyData(data: unknown, locate: Locator, options: LoadOptions = {}): { model?: PolicyModel; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const report = (d: Diagnostic & { key?: boolean }) => {
    const { key, ...rest } = d;
    const loc = d.path ? locate(d.path, key) : undefined;
    diagnostics.push(loc ? { ...rest, line: loc.line, column: loc.column, span: loc.span } : rest);
  };

  if (data === null || data === undefined) {
    report({ code: 'lint.no-rules', severity: 'warning', message: 'the policy is empty: every action gets the default decision (block)' });
    return { model: { version: 1, defaults: { riskLevel: 'medium', approval: 'block', explicitApproval: false }, rules: [], extra: {} }, diagnostics };
  }
  if (!isMapping(data)) {
    report({ code: 'policy.not-a-mapping', severity: 'error', path: [], message: `a policy must be a mapping with "version", "defaults" and "rules"; got ${Array.isArray(data) ? 'a list' : typeof data}` });
    return { diagnostics };
  }

  const extra: Record<string, unknown> = {};
  for (const key of Object.keys(data)) {
    if (TOP_KEYS.includes(key)) continue;
    if (COMPAT_TOP_KEYS.includes(key)) {
      extra[key] = data[key];
      report({ code: 'policy.unknown-key', severity: 'warning', path: [key], key: true, message: `"${key}" is accepted for compatibility but does not affect decisions` });
      continue;
    }
    extra[key] = data[key];
    const hint = didYouMean(key, TOP_KEYS);
    report({ code: 'policy.unknown-key', severity: 'warning', path: [key], key: true, message: `unknown top-level key "${key}" is ignored`, hint: hint ? `did you mean "${hint}"?` : undefined });
  }

  let version = 1;
  if (Object.prototype.hasOwnProperty.call(data, 'version')) {
    const raw = data['version'];
    // Python's int(): numbers truncate, booleans are 0/1, integer strings may carry spaces; nothing else converts.
    const n = typeof raw === 'number' && Number.isFinite(raw) ? Math.trunc(raw)
      : typeof raw === 'boolean' ? Number(raw)
      : typeof raw === 'string' && /^\s*[+-]?\d+\s*$/.test(raw) ? Number(raw) : NaN;
    if (Number.isNaN(n)) {
      report({ code: 'policy.version', severity: 'error', path: ['version'], message: `version ${show(raw)} is not a whole number; write version: "1"` });
    } else {
      version = n;
      if (n !== 1) report({ code: 'policy.version', severity: 'warning', path: ['version'], message: `version ${show(raw)}: this engine reads version "1" policies; loading it as version 1` });
    }
  }

  let timezone: string | undefined = options.timezone;
  if (timezone === undefined && data['timezone'] !== undefined && data['timezone'] !== null) {
    const tz = data['timezone'];
    if (typeof tz !== 'string' || !isValidTimeZone(tz)) {
      report({ code: 'policy.timezone', severity: 'error', path: ['timezone'], message: `timezone ${show(tz)} is not an IANA time zone name such as "Europe/Paris" or "UTC"` });
    } else timezone = tz;
  } else if (timezone !== undefined && !isValidTimeZone(timezone)) {
    report({ code: 'policy.timezone', severity: 'error', message: `timezone option "${timezone}" is not an IANA time zone name` });
  }

  let defaultRisk: RiskLevel = 'medium';
  let defaultApproval: Approval = 'block';
  let explicitDefaultApproval = false;
  const defaults = data['defaults'];
  if (!pyFalsy(defaults)) {
    if (!isMapping(defaults)) {
      report({ code: 'defaults.not-a-mapping', severity: 'error', path: ['defaults'], message: `defaults must be a mapping with risk_level and approval; got ${Array.isArray(defaults) ? 'a list' : typeof defaults}` });
    } else {
      for (const key of Object.keys(defaults)) {
        if (DEFAULT_KEYS.includes(key)) continue;
        const hint = didYouMean(key, DEFAULT_KEYS);
        report({ code: 'defaults.unknown-key', severity: 'warning', path: ['defaults', key], key: true, message: `unknown key "${key}" in defaults is ignored`, hint: hint ? `did you mean "${hint}"?` : undefined });
      }
      if (defaults['risk_level'] !== undefined) defaultRisk = readRisk(defaults['risk_level'], ['defaults', 'risk_level'], report) ?? defaultRisk;
      if (defaults['approval'] !== undefined) {
        explicitDefaultApproval = true;
        defaultApproval = readApproval(defaults['approval'], ['defaults', 'approval'], report) ?? defaultApproval;
      }
    }
  }

  const rules: RuleModel[] = [];
  const rawRules = data['rules'];
  if (!pyFalsy(rawRules)) {
    if (!Array.isArray(rawRules)) {
      report({ code: 'rules.not-a-list', severity: 'error', path: ['rules'], message: `rules must be a list (each rule starts with "- "); got ${typeof rawRules === 'object' ? 'a mapping' : typeof rawRules}` });
    } else {
      rawRules.forEach((raw, i) => {
        const rule = loadRule(raw, i, report, locate, options);
        if (rule) rules.push(rule);
      });
    }
  }

  if (hasErrors(diagnostics.filter((d) => !d.code.startsWith('condition') && !d.code.startsWith('conditions')))) return { diagnostics };
  const description = typeof data['description'] === 'string' ? data['description'] : undefined;
  return {
    model: { version, defaults: { riskLevel: defaultRisk, approval: defaultApproval, explicitApproval: explicitDefaultApproval }, rules, timezone, description, extra },
    diagnostics,
  };
}

type Reporter = (d: Diagnostic & { key?: boolean }) => void;

function readRisk(value: unknown, path: (string | number)[], report: Reporter): RiskLevel | undefined {
  // Upper-cased then looked up by name, as the reference does (so `Critical` and `HIGH` work).
  const upper = typeof value === 'string' ? value.toUpperCase() : undefined;
  const found = RISK_LEVELS.find((r) => r.toUpperCase() === upper);
  if (found) return found;
  const hint = typeof value === 'string' ? didYouMean(value.trim(), RISK_LEVELS) : undefined;
  report({ code: 'risk.invalid', severity: 'error', path, message: `risk_level ${show(value)} is not one of ${RISK_LEVELS.join(', ')}`, hint: hint ? `did you mean "${hint}"?` : undefined });
  return undefined;
}

function readApproval(value: unknown, path: (string | number)[], report: Reporter): Approval | undefined {
  if (typeof value === 'string' && (APPROVALS as string[]).includes(value)) return value as Approval;
  const hint = typeof value === 'string' ? didYouMean(value.trim(), APPROVALS) : undefined;
  report({ code: 'approval.invalid', severity: 'error', path, message: `approval ${show(value)} is not one of ${APPROVALS.join(', ')} (lower case)`, hint: hint ? `did you mean "${hint}"?` : undefined });
  return undefined;
}

function loadRule(raw: unknown, i: number, report: Reporter, locate: Locator, options: LoadOptions): RuleModel | undefined {
  const path = ['rules', i];
  if (!isMapping(raw)) {
    report({ code: 'rule.not-a-mapping', severity: 'error', path, message: `rule ${i + 1} must be a mapping with match, risk_level and approval; got ${Array.isArray(raw) ? 'a list' : raw === null ? 'nothing' : typeof raw}` });
    return undefined;
  }
  for (const key of Object.keys(raw)) {
    if (RULE_KEYS.includes(key)) continue;
    const hint = didYouMean(key, RULE_KEYS);
    report({ code: 'rule.unknown-key', severity: 'warning', path: [...path, key], key: true, message: `unknown key "${key}" in rule ${i + 1} is ignored`, hint: hint ? `did you mean "${hint}"?` : undefined });
  }
  let ok = true;
  const globs = { type: '*', target: '*', agent: '*' };
  if (Object.prototype.hasOwnProperty.call(raw, 'match')) {
    const match = raw['match'];
    if (!isMapping(match)) {
      report({ code: 'match.not-a-mapping', severity: 'error', path: [...path, 'match'], message: `match must be a mapping like {type: "read*", target: "crm"}; got ${match === null ? 'nothing' : Array.isArray(match) ? 'a list' : typeof match}` });
      ok = false;
    } else {
      for (const key of Object.keys(match)) {
        if (MATCH_KEYS.includes(key)) continue;
        const hint = didYouMean(key, MATCH_KEYS);
        report({ code: 'match.unknown-key', severity: 'warning', path: [...path, 'match', key], key: true, message: `unknown key "${key}" in match is ignored`, hint: hint ? `did you mean "${hint}"?` : undefined });
      }
      for (const key of MATCH_KEYS as (keyof typeof globs)[]) {
        const v = match[key];
        if (v === undefined) continue;
        if (typeof v !== 'string') {
          report({ code: 'match.glob-type', severity: 'error', path: [...path, 'match', key], message: `match.${key} must be a glob in quotes, like "${key === 'type' ? 'read*' : 'prod*'}"; got ${show(v)}` });
          ok = false;
        } else globs[key] = v;
      }
    }
  }
  const explicitRisk = raw['risk_level'] !== undefined;
  const explicitApproval = raw['approval'] !== undefined;
  const riskLevel = explicitRisk ? readRisk(raw['risk_level'], [...path, 'risk_level'], report) : 'medium';
  const approval = explicitApproval ? readApproval(raw['approval'], [...path, 'approval'], report) : 'approve';
  if (!riskLevel || !approval) ok = false;

  const name = raw['name'];
  if (name !== undefined && name !== null && typeof name !== 'string' && typeof name !== 'number') {
    report({ code: 'rule.name-type', severity: 'warning', path: [...path, 'name'], message: `rule name should be text; got ${show(name)}` });
  }
  const label: string | number = name === undefined ? `rule_${i}`
    : pyFalsy(name) ? `${globs.type}@${globs.target}`
    : typeof name === 'number' ? name : typeof name === 'string' ? name : JSON.stringify(name);

  const compiled = compileConditions(raw['conditions'], [...path, 'conditions'], (d) => report(d), options);
  if (!ok) return undefined;
  const description = typeof raw['description'] === 'string' ? raw['description'] : undefined;
  return {
    index: i, name, label, ...globs, riskLevel: riskLevel!, approval: approval!, explicitRisk, explicitApproval,
    conditions: raw['conditions'], description, checks: compiled?.checks ?? null, usesTime: compiled?.usesTime ?? false,
    location: locate(path),
  };
}
