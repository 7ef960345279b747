/**
 * The pluggable tier of autopolicy: a generator the user supplies (typically an LLM) turns the
 * description into a policy, and we check what it returns before trusting it. Its output must
 * load without errors, pass the linter without errors, and must not be more permissive than the
 * deterministic grammar's reading of the same text on the things that matter most (a more
 * permissive default, or a critical probe finding the grammar's policy does not have).
 * Otherwise the grammar's result is returned, with the reasons as diagnostics.
 */
import { stringify } from 'yaml';
import { hasErrors } from '../policy/diagnostics.ts';
import { lint } from '../policy/lint.ts';
import { Policy } from '../policy/policy.ts';
import { probe } from '../probe/probe.ts';
import { APPROVAL_RANK, type Diagnostic } from '../types.ts';
import { autopolicy, type AutopolicyResult } from './autopolicy.ts';
import type { GeneratedRule } from './build.ts';

export interface PolicyGenerator {
  /**
   * A policy for the description: YAML text, plain policy data, or `{ yaml | policy, rules?:
   * [{ phrase }] }` to say which phrase each rule came from.
   */
  generate(description: string): unknown;
}

export interface GeneratedPolicy extends AutopolicyResult {
  /** Who wrote the policy: the generator (validated) or the built-in grammar (fallback). */
  source: 'generator' | 'grammar';
  /** Why the generator's policy was refused, and warnings about the one accepted. */
  diagnostics: Diagnostic[];
}

/** Probes whose critical findings mark a generated policy as broader than the text. */
const SAFETY_PROBES = ['destructive-coverage', 'default-fallthrough', 'overly-permissive'];
const isMapping = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Wrap a generator: the returned function asks it, validates the answer, and falls back to the grammar. */
export function autopolicyWith(generator: PolicyGenerator): (text: string) => Promise<GeneratedPolicy> {
  return async (text) => {
    let output: unknown;
    try {
      output = await generator.generate(text);
    } catch (err) {
      return fallback(text, [{ code: 'autopolicy.generator-failed', severity: 'error', message: `the generator failed: ${String((err as Error)?.message ?? err)}` }]);
    }
    return validateGenerated(text, output);
  };
}

/** Check a generator's answer for `text`. Synchronous, so a worker host can call it directly. */
export function validateGenerated(text: string, output: unknown): GeneratedPolicy {
  const reject = (code: string, message: string, more: Diagnostic[] = []) => fallback(text, [...more, { code, severity: 'error', message }]);

  let yamlText: string | undefined;
  let data: unknown;
  let phrases: unknown[] = [];
  if (typeof output === 'string') yamlText = output;
  else if (isMapping(output) && (typeof output['yaml'] === 'string' || isMapping(output['policy']))) {
    if (typeof output['yaml'] === 'string') yamlText = output['yaml'];
    else data = output['policy'];
    if (Array.isArray(output['rules'])) phrases = output['rules'].map((r) => (isMapping(r) ? r['phrase'] : undefined));
  } else data = output;
  if (yamlText === undefined && !isMapping(data)) return reject('autopolicy.generator-shape', 'the generator returned neither policy YAML nor policy data');

  const parsed = yamlText !== undefined ? Policy.parse(yamlText) : Policy.parseObject(data);
  if (!parsed.policy || hasErrors(parsed.diagnostics)) {
    return reject('autopolicy.generator-invalid', 'the generated policy does not load', parsed.diagnostics.filter((d) => d.severity === 'error'));
  }
  const policy = parsed.policy;
  const lintErrors = lint(policy).filter((d) => d.severity === 'error');
  if (lintErrors.length) return reject('autopolicy.generator-invalid', 'the generated policy has rules that can never apply', lintErrors);

  const grammar = autopolicy(text);
  const reference = Policy.fromYaml(grammar.yaml);
  if (APPROVAL_RANK[policy.defaults.approval] < APPROVAL_RANK[reference.defaults.approval]) {
    return reject('autopolicy.generator-broader', `the generated default approval "${policy.defaults.approval}" is more permissive than the text asks for ("${reference.defaults.approval}")`);
  }
  const critical = (p: Policy) => new Set(probe(p, { probes: SAFETY_PROBES }).findings.filter((f) => f.severity === 'critical').map((f) => `${f.probe}:${f.action.type}`));
  const allowedByText = critical(reference);
  const extra = [...critical(policy)].filter((k) => !allowedByText.has(k));
  if (extra.length) {
    return reject('autopolicy.generator-broader', `the generated policy auto-approves dangerous actions the text does not allow: ${extra.map((k) => k.split(':')[1]).join(', ')}`);
  }

  const object = policy.toObject();
  const rules: GeneratedRule[] = (object['rules'] as Record<string, unknown>[]).map((rule, i) => ({
    rule, phrase: typeof phrases[i] === 'string' ? phrases[i] : '', explanation: 'written by the generator',
  }));
  return {
    yaml: yamlText ?? stringify(object, { defaultStringType: 'QUOTE_DOUBLE', defaultKeyType: 'PLAIN', lineWidth: 0 }),
    rules, unparsed: [], reasons: [], policy: object, source: 'generator',
    diagnostics: parsed.diagnostics.filter((d) => d.severity === 'warning'),
  };
}

function fallback(text: string, diagnostics: Diagnostic[]): GeneratedPolicy {
  return { ...autopolicy(text), source: 'grammar', diagnostics };
}
