/** Shared public shapes of the engine (camelCase; the wire format lives in `wire.ts`). */

export type RiskLevel = 'low' | 'medium' | 'high' | 'critical';
export type Approval = 'auto' | 'approve' | 'block';

export const RISK_LEVELS: readonly RiskLevel[] = ['low', 'medium', 'high', 'critical'];
export const APPROVALS: readonly Approval[] = ['auto', 'approve', 'block'];

/** Numeric order of risk levels, as the reference's enum values (LOW = 1 … CRITICAL = 4). */
export const RISK_VALUE: Readonly<Record<RiskLevel, number>> = { low: 1, medium: 2, high: 3, critical: 4 };
/** Strictness of approvals: auto < approve < block. */
export const APPROVAL_RANK: Readonly<Record<Approval, number>> = { auto: 0, approve: 1, block: 2 };

/** An action an agent wants to take: a tool call. */
export interface ActionInput {
  type: string;
  target?: string;
  params?: Record<string, unknown>;
  agentId?: string;
  description?: string;
}

/** Why a decision could not be made normally; the decision is then `block`. */
export interface DecisionError {
  code: string;
  message: string;
}

export interface Decision {
  riskLevel: RiskLevel;
  approval: Approval;
  /** `approval !== 'block'`: an action that needs a human is still "allowed" to be asked for. */
  allowed: boolean;
  /** The rule's name, `rule_<i>` for an unnamed rule, `<type>@<target>` for an empty name, `<default>` when none matched. */
  matchedRule: string | number;
  /** 0-based index of the matched rule in the policy, absent for the default. */
  ruleIndex?: number;
  error?: DecisionError;
}

export type Severity = 'error' | 'warning';

export interface Diagnostic {
  code: string;
  severity: Severity;
  message: string;
  /** 1-based line and column in the YAML text, when known. */
  line?: number;
  column?: number;
  /** [start, end) character offsets in the YAML text, when known. */
  span?: [number, number];
  /** Path of the offending node, e.g. `['rules', 3, 'conditions', 'param_gt']`. */
  path?: (string | number)[];
  /** A suggestion, e.g. "did you mean `param_gt`?" */
  hint?: string;
}
