// aegis simulate POLICY type:target…: decide each action and summarise (auto / approval / blocked).
import { toWireDecision } from '../../engine/wire.ts';
import { parseActionSpec } from '../action-spec.ts';
import { JSON_OPTION, str, type Command } from '../command.ts';
import { EXIT_OK, UsageError } from '../errors.ts';
import { formatDiagnostic, green, line, printJson, red, table, warn, yellow } from '../output.ts';
import { requirePolicy } from '../policy-file.ts';

export const simulate: Command = {
  name: 'simulate',
  summary: 'decide actions against a policy without running them',
  usage: 'aegis simulate POLICY type:target... [--agent ID] [--json]',
  options: { ...JSON_OPTION, agent: { type: 'string' } },
  run(values, [file, ...specs]) {
    if (!file || !specs.length) throw new UsageError('usage: aegis simulate POLICY type:target...');
    const policy = requirePolicy(file, (l) => l.diagnostics.forEach((d) => warn(formatDiagnostic(file, d))));
    const agent = str(values, 'agent');
    const decisions = specs.map(parseActionSpec).map((action) => {
      const a = agent ? { ...action, agentId: agent } : action;
      return toWireDecision(a, policy.evaluate(a));
    });
    const summary = {
      total: decisions.length,
      auto: decisions.filter((d) => d.approval === 'auto').length,
      approval: decisions.filter((d) => d.approval === 'approve').length,
      blocked: decisions.filter((d) => d.approval === 'block').length,
    };
    if (values['json']) {
      printJson({ decisions, summary });
      return EXIT_OK;
    }
    const colourOf = (a: string) => (a === 'auto' ? green(a) : a === 'block' ? red(a) : yellow(a));
    line(table(['ACTION', 'TARGET', 'RISK', 'APPROVAL', 'RULE'], decisions.map((d) => [d.action_type, d.target, d.risk_level, colourOf(d.approval), String(d.matched_rule)])));
    line(`\n${summary.total} action${summary.total === 1 ? '' : 's'}: ${summary.auto} auto, ${summary.approval} need approval, ${summary.blocked} blocked`);
    return EXIT_OK;
  },
};
