// aegis probe POLICY: adversarial checks with counterexamples. Exit 1 when a finding reaches --fail-on.
// --seed picks the generators' variants (default 1, so a plain run is reproducible too).
import { probe as runProbe } from '../../engine/probe/probe.ts';
import { RISK_VALUE, type RiskLevel } from '../../engine/types.ts';
import { int, JSON_OPTION, str, type Command } from '../command.ts';
import { EXIT_FINDINGS, EXIT_OK, UsageError } from '../errors.ts';
import { formatDiagnostic, line, printJson, progress, progressDone, red, warn, yellow } from '../output.ts';
import { requirePolicy } from '../policy-file.ts';

export const probe: Command = {
  name: 'probe',
  summary: 'probe a policy for gaps (destructive actions allowed, bypasses, permissive defaults)',
  usage: 'aegis probe POLICY [--fail-on low|medium|high|critical] [--seed N] [--json]',
  options: { ...JSON_OPTION, 'fail-on': { type: 'string', default: 'high' }, seed: { type: 'string' } },
  run(values, [file]) {
    if (!file) throw new UsageError('usage: aegis probe POLICY');
    const failOn = str(values, 'fail-on') as RiskLevel;
    if (!(failOn in RISK_VALUE)) throw new UsageError('--fail-on must be low, medium, high or critical');
    // The generators keep 32 bits of seed: a wider range would make distinct seeds give the same report.
    // Without --seed the engine's default (1) applies, and the report says which seed it used.
    const seed = str(values, 'seed') === undefined ? undefined : int(values, 'seed', 0, 0, 0xffffffff);
    const policy = requirePolicy(file, (l) => l.diagnostics.forEach((d) => warn(formatDiagnostic(file, d))));
    progress(`probing ${file}…`);
    const report = runProbe(policy, seed === undefined ? {} : { seed });
    progressDone();
    const failing = report.findings.filter((f) => RISK_VALUE[f.severity] >= RISK_VALUE[failOn]);
    if (values['json']) {
      printJson(report);
      return failing.length ? EXIT_FINDINGS : EXIT_OK;
    }
    line(`${file}: score ${report.score}/100, ${report.findings.length} finding${report.findings.length === 1 ? '' : 's'} (seed ${report.seed})`);
    for (const f of report.findings) {
      const sev = f.severity === 'critical' || f.severity === 'high' ? red(f.severity) : yellow(f.severity);
      line(`  [${sev}] ${f.category}: ${f.action.type}@${f.action.target ?? ''} -> ${f.decision.approval} (${String(f.decision.matchedRule)})`);
      line(`      ${f.recommendation}`);
    }
    return failing.length ? EXIT_FINDINGS : EXIT_OK;
  },
};
