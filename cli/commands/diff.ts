// aegis diff OLD NEW [--replay AUDIT]: rule changes, order changes, and what the change does to
// actions from an audit file. Exit 1 when the policies differ (like `diff`).
import { diffPolicies } from '../../engine/policy/diff.ts';
import type { ActionInput } from '../../engine/types.ts';
import { toWireDecision } from '../../engine/wire.ts';
import { readAuditRows } from '../audit-file.ts';
import { JSON_OPTION, str, type Command } from '../command.ts';
import { EXIT_FINDINGS, EXIT_OK, UsageError } from '../errors.ts';
import { formatDiagnostic, green, line, printJson, red, warn, yellow } from '../output.ts';
import { requirePolicy } from '../policy-file.ts';

export const diff: Command = {
  name: 'diff',
  summary: 'compare two policies; --replay re-decides the actions of an audit file under both',
  usage: 'aegis diff OLD NEW [--replay AUDIT] [--json]\n--replay takes an audit log directory (aegis serve --audit-db) or an exported .jsonl file',
  options: { ...JSON_OPTION, replay: { type: 'string' } },
  async run(values, [oldFile, newFile]) {
    if (!oldFile || !newFile) throw new UsageError('usage: aegis diff OLD NEW [--replay AUDIT]');
    const print = (f: string) => (l: { diagnostics: Parameters<typeof formatDiagnostic>[1][] }) => l.diagnostics.forEach((d) => warn(formatDiagnostic(f, d)));
    const before = requirePolicy(oldFile, print(oldFile));
    const after = requirePolicy(newFile, print(newFile));
    const replay = str(values, 'replay');
    let actions: ActionInput[] | undefined;
    if (replay) {
      const seen = new Set<string>();
      actions = [];
      for (const r of await readAuditRows(replay)) {
        const a: ActionInput = { type: r.action_type, target: r.action_target, params: r.action_params ?? {}, ...(r.agent_id ? { agentId: r.agent_id } : {}) };
        const key = JSON.stringify(a);
        if (!seen.has(key)) seen.add(key), actions.push(a);
      }
    }
    const result = diffPolicies(before, after, actions);
    const changed = result.added.length + result.removed.length + result.modified.length > 0 || result.reordered || Object.keys(result.defaultsChanged).length > 0;
    const impacted = result.impact?.filter((i) => i.change !== 'unchanged') ?? [];
    if (values['json']) {
      printJson({
        ...result,
        impact: result.impact?.map((i) => ({ ...i, action: i.action, before: toWireDecision(i.action, i.before), after: toWireDecision(i.action, i.after) })),
      });
      return changed ? EXIT_FINDINGS : EXIT_OK;
    }
    line(result.summary);
    for (const n of result.added) line(green(`+ ${n}`));
    for (const n of result.removed) line(red(`- ${n}`));
    for (const c of result.changes) {
      line(yellow(`~ ${c.name}`));
      for (const [field, { before: b, after: a }] of Object.entries(c.fields)) line(`    ${field}: ${JSON.stringify(b)} -> ${JSON.stringify(a)}`);
    }
    if (result.reordered) line(yellow(`order changed: ${result.moved.join(', ')}`));
    for (const [k, v] of Object.entries(result.defaultsChanged)) line(yellow(`defaults.${k}: ${JSON.stringify(v!.before)} -> ${JSON.stringify(v!.after)}`));
    if (result.impact) {
      line(`\nreplayed ${result.impact.length} distinct action${result.impact.length === 1 ? '' : 's'} from ${replay}: ${impacted.length} decision${impacted.length === 1 ? '' : 's'} change`);
      for (const i of impacted) {
        const tag = i.change === 'restricted' ? red('restricted') : yellow('promoted');
        line(`  ${tag} ${i.action.type}@${i.action.target ?? ''}: ${i.before.approval}/${i.before.riskLevel} (${String(i.before.matchedRule)}) -> ${i.after.approval}/${i.after.riskLevel} (${String(i.after.matchedRule)})`);
      }
    }
    return changed ? EXIT_FINDINGS : EXIT_OK;
  },
};
