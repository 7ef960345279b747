// aegis test SUITE.yaml: policy test suites for CI — actions with the decision (and risk) they must get.
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parse } from 'yaml';
import type { ActionInput } from '../../engine/types.ts';
import { JSON_OPTION, str, type Command } from '../command.ts';
import { EXIT_FINDINGS, EXIT_OK, UsageError } from '../errors.ts';
import { formatDiagnostic, green, line, printJson, red, warn } from '../output.ts';
import { readTextFile, requirePolicy } from '../policy-file.ts';

interface Case {
  action: ActionInput;
  expected_decision?: string;
  expected_risk_level?: string;
  expected_rule?: unknown;
  description?: string;
  /** The instant to decide at (ISO-8601), for time conditions. */
  now?: string;
}

const isMapping = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** One entry of `tests`, checked: a wrong type is the suite's mistake (exit 2), not a failed test or a crash. */
function caseOf(raw: unknown, at: string): Case {
  if (!isMapping(raw)) throw new UsageError(`${at} must be a mapping with an "action", got ${JSON.stringify(raw)}`);
  const optionalString = (value: unknown, field: string, what = 'a string'): string | undefined => {
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'string') throw new UsageError(`${at}.${field} must be ${what}, got ${JSON.stringify(value)}`);
    return value;
  };
  const a = raw['action'];
  if (!isMapping(a)) throw new UsageError(`${at}.action needs a type`);
  const type = a['type'] ?? a['action_type'];
  if (typeof type !== 'string') throw new UsageError(`${at}.action needs a type`);
  const params = a['params'];
  if (params !== undefined && params !== null && !isMapping(params)) throw new UsageError(`${at}.action.params must be a mapping, got ${JSON.stringify(params)}`);
  const agent = optionalString(a['agent'] ?? a['agent_id'], 'action.agent');
  const action: ActionInput = { type, target: optionalString(a['target'], 'action.target') ?? '', ...(isMapping(params) ? { params } : {}), ...(agent ? { agentId: agent } : {}) };
  const c: Case = { action, expected_rule: raw['expected_rule'] };
  const decision = optionalString(raw['expected_decision'], 'expected_decision');
  const risk = optionalString(raw['expected_risk_level'], 'expected_risk_level');
  const description = optionalString(raw['description'], 'description');
  const now = optionalString(raw['now'], 'now', 'an ISO-8601 date-time string');
  return { ...c, ...(decision ? { expected_decision: decision } : {}), ...(risk ? { expected_risk_level: risk } : {}), ...(description ? { description } : {}), ...(now ? { now } : {}) };
}

/** The policy a suite tests: --policy, the suite's `policy:` key (relative to it), or X.yaml beside X.tests.yaml. */
function policyPathOf(suiteFile: string, suite: Record<string, unknown>, flag?: string): string {
  if (flag) return flag;
  if (typeof suite['policy'] === 'string') return resolve(dirname(suiteFile), suite['policy']);
  const sibling = suiteFile.replace(/\.tests?\.ya?ml$/, '.yaml');
  if (sibling !== suiteFile && existsSync(sibling)) return sibling;
  throw new UsageError(`${suiteFile}: say which policy to test with --policy FILE or a "policy:" key`);
}

export const test: Command = {
  name: 'test',
  summary: 'run policy test suites (expected decision and risk per action); exit 1 on any failure',
  usage: 'aegis test SUITE.yaml... [--policy POLICY] [--json]',
  options: { ...JSON_OPTION, policy: { type: 'string' } },
  run(values, files) {
    if (!files.length) throw new UsageError('usage: aegis test SUITE.yaml [--policy POLICY]');
    const reports = files.map((file) => {
      const text = readTextFile(file, 'test suite');
      let suite: unknown;
      try {
        suite = parse(text);
      } catch (err) {
        throw new UsageError(`${file}: not valid YAML: ${(err as Error).message}`);
      }
      if (!suite || typeof suite !== 'object' || !Array.isArray((suite as Record<string, unknown>)['tests'])) throw new UsageError(`${file}: a test suite needs a "tests" list`);
      const s = suite as Record<string, unknown>;
      const policyFile = policyPathOf(file, s, str(values, 'policy'));
      const policy = requirePolicy(policyFile, (l) => l.diagnostics.forEach((d) => warn(formatDiagnostic(policyFile, d))));
      if (s['now'] !== undefined && typeof s['now'] !== 'string') throw new UsageError(`${file}: now must be an ISO-8601 date-time string, got ${JSON.stringify(s['now'])}`);
      const suiteNow = s['now'] as string | undefined;
      const results = (s['tests'] as unknown[]).map((raw, i) => {
        const c = caseOf(raw, `${file}: tests[${i}]`);
        const { action } = c;
        const at = c.now ?? suiteNow;
        const now = at === undefined ? undefined : Date.parse(at);
        if (now !== undefined && !Number.isFinite(now)) throw new UsageError(`${file}: tests[${i}].now must be an ISO-8601 date-time, got "${at}"`);
        const d = policy.evaluate(action, now === undefined ? {} : { now });
        const problems: string[] = [];
        if (c.expected_decision && c.expected_decision !== d.approval) problems.push(`decision ${d.approval}, expected ${c.expected_decision}`);
        if (c.expected_risk_level && c.expected_risk_level.toLowerCase() !== d.riskLevel) problems.push(`risk ${d.riskLevel}, expected ${c.expected_risk_level.toLowerCase()}`);
        if (c.expected_rule !== undefined && String(c.expected_rule) !== String(d.matchedRule)) problems.push(`rule ${String(d.matchedRule)}, expected ${c.expected_rule}`);
        return { index: i, action: `${action.type}@${action.target}${at ? ` at ${at}` : ''}`, description: c.description ?? null, passed: problems.length === 0, problems, matched_rule: d.matchedRule };
      });
      return { suite: file, name: typeof s['name'] === 'string' ? s['name'] : file, policy: policyFile, passed: results.filter((r) => r.passed).length, failed: results.filter((r) => !r.passed).length, results };
    });
    const failed = reports.reduce((n, r) => n + r.failed, 0);
    if (values['json']) {
      printJson(files.length === 1 ? reports[0] : reports);
      return failed ? EXIT_FINDINGS : EXIT_OK;
    }
    for (const r of reports) {
      line(`${r.name} (${r.suite} against ${r.policy})`);
      for (const t of r.results) line(`  ${t.passed ? green('pass') : red('FAIL')} ${t.action}${t.description ? ` — ${t.description}` : ''}${t.passed ? '' : `: ${t.problems.join('; ')}`}`);
      line(`  ${r.passed} passed, ${r.failed} failed`);
    }
    return failed ? EXIT_FINDINGS : EXIT_OK;
  },
};

