import type { Approval, RiskLevel } from '../types.ts';
import type { Check } from './conditions.ts';
import type { Location } from './yaml-source.ts';

/** One rule after loading: raw fields kept for tools (lint, diff), compiled checks for evaluation. */
export interface RuleModel {
  /** Position among the policy's rules (0-based). */
  readonly index: number;
  /** The `name` field as written (a string, a number, null, or undefined when absent). */
  readonly name: unknown;
  /** What a decision reports as `matchedRule`. */
  readonly label: string | number;
  readonly type: string;
  readonly target: string;
  readonly agent: string;
  readonly riskLevel: RiskLevel;
  readonly approval: Approval;
  readonly explicitRisk: boolean;
  readonly explicitApproval: boolean;
  /** The `conditions` value as written (undefined when absent). */
  readonly conditions: unknown;
  readonly description?: string;
  /** Compiled condition checks, null when the rule has none. */
  readonly checks: readonly Check[] | null;
  readonly usesTime: boolean;
  /** Where the rule starts in its YAML source, when loaded from text. */
  readonly location?: Location;
}

export interface PolicyModel {
  readonly version: number;
  readonly defaults: { readonly riskLevel: RiskLevel; readonly approval: Approval; readonly explicitApproval: boolean };
  readonly rules: readonly RuleModel[];
  /** IANA time zone for time conditions; undefined means UTC. */
  readonly timezone?: string;
  readonly description?: string;
  /** Top-level keys kept for compatibility but not used in decisions (scope, plan_rules, …). */
  readonly extra: Readonly<Record<string, unknown>>;
}
