// aegis validate POLICY…: load, report diagnostics (file:line:col) and lint findings, list the rules.
import { lint } from '../../engine/policy/lint.ts';
import type { Diagnostic } from '../../engine/types.ts';
import { JSON_OPTION, type Command } from '../command.ts';
import { EXIT_FINDINGS, EXIT_OK, UsageError } from '../errors.ts';
import { formatDiagnostic, green, line, printJson, red, warn } from '../output.ts';
import { loadPolicyFile } from '../policy-file.ts';

export const validate: Command = {
  name: 'validate',
  summary: 'check policy files: errors and warnings with file:line:col, lint findings, the rules',
  usage: 'aegis validate POLICY... [--strict] [--no-lint] [--json]',
  options: { ...JSON_OPTION, strict: { type: 'boolean' }, 'no-lint': { type: 'boolean' } },
  run(values, files) {
    if (!files.length) throw new UsageError('give at least one policy file\nusage: aegis validate POLICY...');
    const reports = files.map((file) => {
      const loaded = loadPolicyFile(file);
      const diagnostics = [...loaded.diagnostics];
      if (loaded.policy && loaded.ok && !values['no-lint']) {
        // The loader and the linter word some findings differently ("the policy is empty" / "has no rules"): same code, same place, same finding.
        const where = (d: Diagnostic) => `${d.code}|${d.line ?? ''}|${(d.path ?? []).join('.')}`;
        const seen = new Set(diagnostics.map(where));
        for (const d of lint(loaded.policy)) if (!seen.has(where(d))) diagnostics.push(d);
      }
      const errors = diagnostics.filter((d) => d.severity === 'error').length;
      const warnings = diagnostics.length - errors;
      const rules = loaded.policy?.rules.map((r) => ({ name: r.label, type: r.type, target: r.target, agent: r.agent, risk_level: r.riskLevel, approval: r.approval })) ?? [];
      return { file, valid: loaded.ok, errors, warnings, diagnostics, rules, defaults: loaded.policy?.defaults };
    });
    const failed = reports.some((r) => !r.valid || (values['strict'] === true && r.warnings > 0));
    if (values['json']) {
      printJson(files.length === 1 ? reports[0] : reports);
      return failed ? EXIT_FINDINGS : EXIT_OK;
    }
    for (const r of reports) {
      for (const d of r.diagnostics) (d.severity === 'error' ? warn : line)(formatDiagnostic(r.file, d));
      if (!r.valid) {
        warn(`${r.file}: ${red('invalid')} (${r.errors} error${r.errors === 1 ? '' : 's'})`);
        continue;
      }
      line(`${r.file}: ${green('valid')} — ${r.rules.length} rule${r.rules.length === 1 ? '' : 's'}, defaults ${r.defaults!.riskLevel.toUpperCase()}/${r.defaults!.approval}${r.warnings ? `, ${r.warnings} warning${r.warnings === 1 ? '' : 's'}` : ''}`);
      for (const rule of r.rules) line(`  ${String(rule.name)}: ${rule.type}@${rule.target}${rule.agent !== '*' ? ` (agent ${rule.agent})` : ''} -> ${rule.risk_level.toUpperCase()}/${rule.approval}`);
      if (!r.rules.length) line('  no rules: every action gets the defaults');
    }
    return failed ? EXIT_FINDINGS : EXIT_OK;
  },
};
