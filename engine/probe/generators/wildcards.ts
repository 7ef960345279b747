/**
 * Overly permissive rules: a rule whose type glob matches everything and that auto-approves at
 * least one of a few dangerous types (so a wildcard shadowed by earlier blocks for all of them is
 * not reported).
 */
import { compileGlob } from '../../policy/glob.ts';
import { sampleOf } from '../cases.ts';
import type { ProbeCase, ProbeGenerator } from '../types.ts';

export const overlyPermissive: ProbeGenerator = {
  id: 'overly-permissive',
  generate: ({ policy, vocabulary }) => {
    const out: ProbeCase[] = [];
    for (const rule of policy.rules) {
      if (rule.approval !== 'auto' || !compileGlob(rule.type).matchesAll) continue;
      const target = sampleOf(rule.target, 'production');
      if (target === undefined) continue;
      const agentId = rule.agent === '*' ? undefined : sampleOf(rule.agent, 'agent');
      for (const type of vocabulary.wildcardProbeTypes) {
        out.push({ action: { type, target, ...(agentId ? { agentId } : {}) }, group: `rule:${rule.index}`, rule, details: { rule: `"${String(rule.label)}"`, type, target } });
      }
    }
    return out;
  },
  judge: ({ action, rule }, decision) => {
    if (!rule || decision.ruleIndex !== rule.index || decision.approval !== 'auto') return null;
    const everywhere = compileGlob(rule.target).matchesAll && rule.agent === '*' && rule.checks === null;
    return {
      severity: everywhere ? 'critical' : 'high',
      description: `rule "${String(rule.label)}" auto-approves every action type${everywhere ? '' : ` on targets matching "${rule.target}"`}, e.g. \`${action.type}\``,
    };
  },
};
