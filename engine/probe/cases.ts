/** Helpers the generators share: concrete strings for globs and how weak a decision is. */
import type { Decision } from '../types.ts';
import { compileGlob } from '../policy/glob.ts';
import { globSample } from '../policy/glob-cover.ts';
import type { RuleModel } from '../policy/model.ts';
import type { FindingSeverity, Verdict } from './types.ts';

/** A concrete value the glob matches; `fallback` when the glob matches everything (a realistic name reads better than ""). */
export function sampleOf(glob: string, fallback: string): string | undefined {
  if (compileGlob(glob).matchesAll) return fallback;
  return globSample(glob);
}

/** Who decided: a rule by name, or the defaults. */
export function decidedBy(decision: Decision): string {
  return decision.matchedRule === '<default>' ? `the policy default (${decision.approval})` : `rule "${String(decision.matchedRule)}" (${decision.approval})`;
}

/** Blocked rules the bypass probes try to get around: unconditional, with a type glob narrower than `*`. */
export function blockingRules(rules: readonly RuleModel[]): RuleModel[] {
  return rules.filter((r) => r.approval === 'block' && r.checks === null && !compileGlob(r.type).matchesAll);
}

/**
 * How bad it is that a variant of a blocked action was not blocked: auto-approved is high; sent
 * to a human by the defaults is `viaDefault` (a human still sees it); sent to a human by a rule
 * someone wrote for it is low.
 */
export function bypassVerdict(decision: Decision, what: string, viaDefault: FindingSeverity): Verdict | null {
  if (decision.approval === 'block') return null;
  if (decision.approval === 'auto') return { severity: 'high', description: `${what} is auto-approved by ${decidedBy(decision)}` };
  if (decision.matchedRule === '<default>') return { severity: viaDefault, description: `${what} escapes the block and only needs approval from ${decidedBy(decision)}` };
  return { severity: 'low', description: `${what} escapes the block; ${decidedBy(decision)} asks a human instead` };
}

/** Every letter as a two-case class: "delete*" → "[dD][eE][lL][eE][tT][eE]*". */
export function caseInsensitiveGlob(glob: string): string {
  return glob.replace(/[a-zA-Z]/g, (c) => `[${c.toLowerCase()}${c.toUpperCase()}]`);
}

/** The glob's sample without trailing separators, to build compounds like `read` + `_and_delete`. */
export function stem(sample: string): string {
  return sample.replace(/[_\-.\s]+$/, '');
}
