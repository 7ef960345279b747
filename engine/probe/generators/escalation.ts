/**
 * Escalation: compound action types that start with a harmless verb and end with a destructive
 * one. A prefix glob written for the harmless verb (`read*`, auto) also auto-approves
 * `read_and_delete`. Only auto-approval is a finding: asking a human is a working control (the
 * reference counted it as a gap).
 */
import { compileGlob } from '../../policy/glob.ts';
import { decidedBy, sampleOf, stem } from '../cases.ts';
import type { ProbeCase, ProbeGenerator } from '../types.ts';

export const escalation: ProbeGenerator = {
  id: 'escalation',
  generate: ({ policy, vocabulary }) => {
    const target = vocabulary.escalationTarget;
    const out: ProbeCase[] = vocabulary.escalationTypes.map((type) => ({ action: { type, target }, group: 'compound', details: { type, target, verb: 'delete', core: type.split('_')[0] ?? type } }));
    for (const rule of policy.rules) {
      const glob = compileGlob(rule.type);
      if (rule.approval !== 'auto' || rule.checks !== null || glob.matchesAll) continue;
      const core = stem(sampleOf(rule.type, '') ?? '');
      const ruleTarget = sampleOf(rule.target, target);
      if (!core || ruleTarget === undefined) continue;
      for (const verb of vocabulary.escalationVerbs) {
        for (const joiner of vocabulary.compoundJoiners) {
          const type = `${core}${joiner}${verb}`;
          if (!glob.test(type)) continue;
          out.push({ action: { type, target: ruleTarget }, group: `rule:${rule.index}`, rule, details: { type, target: ruleTarget, verb, core, rule: `"${String(rule.label)}"` } });
        }
      }
    }
    return out;
  },
  judge: ({ action }, decision) =>
    decision.approval === 'auto'
      ? { severity: 'medium', description: `the compound action \`${action.type}\` on \`${action.target}\` is auto-approved by ${decidedBy(decision)}` }
      : null,
};
