/**
 * Agent gaps: a block aimed at some agents (`agent: "intern-*"`) does nothing for an action that
 * carries another agent id, or none at all; and an agent glob that accepts the text `*` (`?`,
 * `**`, `[*]`) also grants its permission to agent-less actions, which are matched as `*`.
 */
import { compileGlob } from '../../policy/glob.ts';
import { decidedBy, sampleOf } from '../cases.ts';
import type { ProbeCase, ProbeGenerator } from '../types.ts';

export const agentGap: ProbeGenerator = {
  id: 'agent-gap',
  generate: ({ policy, vocabulary }) => {
    const out: ProbeCase[] = [];
    for (const rule of policy.rules) {
      if (rule.agent === '*' || rule.checks !== null) continue;
      const type = sampleOf(rule.type, 'delete');
      const target = sampleOf(rule.target, 'production');
      if (type === undefined || target === undefined) continue;
      const rule_ = `"${String(rule.label)}"`;
      if (rule.approval === 'block') {
        for (const agentId of vocabulary.otherAgents) {
          if (compileGlob(rule.agent).test(agentId === '' ? '*' : agentId)) continue;
          out.push({ action: { type, target, agentId }, group: `rule:${rule.index}`, rule, variant: agentId ? 'other-agent' : 'no-agent',
            details: { type, target, rule: rule_, agentAdvice: `block \`${type}\` for every agent (drop match.agent from ${rule_}) or add a rule for the same type without an agent glob` } });
        }
      } else if (rule.approval === 'auto' && compileGlob(rule.agent).test('*')) {
        out.push({ action: { type, target }, group: `rule:${rule.index}`, rule, variant: 'agent-less',
          details: { type, target, rule: rule_, agentAdvice: `the agent glob of ${rule_} accepts the text "*", which is how agent-less actions are matched: use a glob such as "bot-*" that needs a real agent id` } });
      }
    }
    return out;
  },
  judge: ({ action, rule, variant }, decision) => {
    if (decision.approval !== 'auto') return null;
    if (variant === 'agent-less') {
      return decision.ruleIndex === rule?.index
        ? { severity: 'medium', description: `an action without an agent id gets the auto-approval of ${decidedBy(decision)}, meant for agents matching "${rule?.agent}"` }
        : null;
    }
    const who = action.agentId ? `agent \`${action.agentId}\`` : 'an action without an agent id';
    return { severity: variant === 'no-agent' ? 'high' : 'medium', description: `\`${action.type}\` is blocked for agents matching "${rule?.agent}" but ${who} gets it auto-approved by ${decidedBy(decision)}` };
  },
};
