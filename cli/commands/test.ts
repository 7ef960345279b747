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
  action: { type?: string; action_type?: string; target?: string; params?: Record<string, unknown>; agent?: string; agent_id?: string };
  expected_decision?: string;
  expected_risk_level?: string;
  expected_rule?: string;
  description?: string;
  /** The instant to decide at (ISO-8601), for time conditions. */
  now?: string;
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
      let suite: unknown;
      try {
        suite = parse(readTextFile(file, 'test suite'));
      } catch (err) {
        throw new UsageError(`${file}: not valid YAML: ${(err as Error).message}`);
      }
      if (!suite || typeof suite !== 'object' || !Array.isArray((suite as Record<string, unknown>)['tests'])) throw new UsageError(`${file}: a test suite needs a "tests" list`);
      const s = suite as Record<string, unknown>;
      const policyFile = policyPathOf(file, s, str(values, 'policy'));
      const policy = requirePolicy(policyFile, (l) => l.diagnostics.forEach((d) => warn(formatDiagnostic(policyFile, d))));
      const results = (s['tests'] as Case[]).map((c, i) => {
        const type = c?.action?.type ?? c?.action?.action_type;
        if (typeof type !== 'string') throw new UsageError(`${file}: tests[${i}].action needs a type`);
        const agent = c.action.agent ?? c.action.agent_id;
        const action: ActionInput = { type, target: c.action.target ?? '', ...(c.action.params ? { params: c.action.params } : {}), ...(agent ? { agentId: agent } : {}) };
        const at = c.now ?? (typeof s['now'] === 'string' ? s['now'] : undefined);
        const now = at === undefined ? undefined : Date.parse(at);
        if (now !== undefined && !Number.isFinite(now)) throw new UsageError(`${file}: tests[${i}].now must be an ISO-8601 date-time, got "${at}"`);
        const d = policy.evaluate(action, now === undefined ? {} : { now });
        const problems: string[] = [];
        if (c.expected_decision && c.expected_decision !== d.approval) problems.push(`decision ${d.approval}, expected ${c.expected_decision}`);
        if (c.expected_risk_level && c.expected_risk_level.toLowerCase() !== d.riskLevel) problems.push(`risk ${d.riskLevel}, expected ${c.expected_risk_level.toLowerCase()}`);
        if (c.expected_rule !== undefined && String(c.expected_rule) !== String(d.matchedRule)) problems.push(`rule ${String(d.matchedRule)}, expected ${c.expected_rule}`);
        return { index: i, action: `${type}@${action.target}${at ? ` at ${at}` : ''}`, description: c.description ?? null, passed: problems.length === 0, problems, matched_rule: d.matchedRule };
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

