/** A plan: every action decided up front, with a summary a human can read before running it. */
import type { Policy } from '../policy/policy.ts';
import { RISK_VALUE, type Decision, type RiskLevel } from '../types.ts';
import type { Action } from './action.ts';

export interface PlannedAction {
  index: number;
  action: Action;
  decision: Decision;
}

export interface PlanSummary {
  total: number;
  auto: number;
  approve: number;
  block: number;
  /** The highest risk among the actions (`low` for an empty plan). */
  highestRisk: RiskLevel;
}

export interface Plan {
  actions: PlannedAction[];
  summary: PlanSummary;
  /** The policy the decisions came from; execution re-decides if the policy was reloaded since. */
  policy: Policy;
}

export function summarize(actions: readonly PlannedAction[]): PlanSummary {
  const summary: PlanSummary = { total: actions.length, auto: 0, approve: 0, block: 0, highestRisk: 'low' };
  for (const { decision } of actions) {
    summary[decision.approval]++;
    if (RISK_VALUE[decision.riskLevel] > RISK_VALUE[summary.highestRisk]) summary.highestRisk = decision.riskLevel;
  }
  return summary;
}
