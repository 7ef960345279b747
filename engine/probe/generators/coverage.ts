/**
 * Coverage probes: destructive actions on sensitive targets, sensitive actions nobody wrote a
 * rule for (compared against the `<default>` marker, which the reference's probe never matched),
 * and risky actions on sensitive targets.
 */
import { decidedBy } from '../cases.ts';
import type { ProbeGenerator } from '../types.ts';

export const destructiveCoverage: ProbeGenerator = {
  id: 'destructive-coverage',
  generate: ({ vocabulary }) =>
    vocabulary.destructiveTypes.flatMap((type) =>
      vocabulary.destructiveTargets.map((target) => ({ action: { type, target }, group: type, details: { type, target } }))),
  judge: ({ action }, decision) => {
    const what = `\`${action.type}\` on \`${action.target}\``;
    if (decision.approval === 'auto') return { severity: 'critical', description: `${what} is auto-approved by ${decidedBy(decision)}` };
    if (decision.approval === 'approve' && decision.matchedRule === '<default>') {
      return { severity: 'medium', group: 'defaults', description: `no rule covers ${what}: only the policy default (approve) stands in the way` };
    }
    return null;
  },
};

export const defaultFallthrough: ProbeGenerator = {
  id: 'default-fallthrough',
  generate: ({ vocabulary }) =>
    vocabulary.sensitiveTypes.map((type) => ({ action: { type, target: vocabulary.fallthroughTarget }, group: 'defaults', details: { type } })),
  judge: ({ action }, decision) =>
    decision.matchedRule === '<default>' && decision.approval === 'auto'
      ? { severity: 'high', description: `the sensitive action \`${action.type}\` matches no rule and the default auto-approves it` }
      : null,
};

export const targetGap: ProbeGenerator = {
  id: 'target-gap',
  generate: ({ vocabulary }) =>
    vocabulary.sensitiveTargets.flatMap((target) =>
      vocabulary.riskyTypes.map((type) => ({ action: { type, target }, group: target, details: { type, target } }))),
  judge: ({ action }, decision) =>
    decision.approval === 'auto'
      ? { severity: 'high', description: `\`${action.type}\` on the sensitive target \`${action.target}\` is auto-approved by ${decidedBy(decision)}` }
      : null,
};
