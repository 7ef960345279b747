/**
 * Rule-level differences between two policies, keyed by rule label. A stand-in with the same
 * result fields as the policy tools' `diffPolicies`, which replaces it when available.
 */
import type { Policy } from '../policy/policy.ts';
import { ruleToObject } from '../policy/policy.ts';
import { canonicalJson } from '../audit/canonical-json.ts';

export interface RuleDiff {
  added: string[];
  removed: string[];
  modified: string[];
  reordered: boolean;
}

export function diffRules(before: Policy, after: Policy): RuleDiff {
  const index = (p: Policy) => new Map(p.rules.map((r) => [String(r.label), canonicalJson(ruleToObject(r))]));
  const a = index(before);
  const b = index(after);
  const added = [...b.keys()].filter((k) => !a.has(k));
  const removed = [...a.keys()].filter((k) => !b.has(k));
  const modified = [...a.keys()].filter((k) => b.has(k) && a.get(k) !== b.get(k));
  const common = (m: Map<string, string>) => [...m.keys()].filter((k) => a.has(k) && b.has(k));
  return { added, removed, modified, reordered: common(a).join('\n') !== common(b).join('\n') };
}
