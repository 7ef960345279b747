/** The reference's JSON shapes (snake_case, upper-case risk) for REST, worker messages and audit export. */
import type { ActionInput, Decision } from './types.ts';

export interface WireAction {
  action_type?: string;
  type?: string;
  target?: string;
  params?: Record<string, unknown>;
  agent_id?: string;
  description?: string;
}

export interface WireDecision {
  action_type: string;
  target: string;
  risk_level: string;
  approval: string;
  is_allowed: boolean;
  matched_rule: string | number;
  error?: { code: string; message: string };
}

export function toWireDecision(action: ActionInput, decision: Decision): WireDecision {
  return {
    action_type: String(action.type),
    target: action.target ?? '',
    risk_level: decision.riskLevel.toUpperCase(),
    approval: decision.approval,
    is_allowed: decision.allowed,
    matched_rule: decision.matchedRule,
    ...(decision.error ? { error: decision.error } : {}),
  };
}

export function fromWireAction(wire: WireAction): ActionInput {
  const out: ActionInput = { type: (wire.action_type ?? wire.type) as string, target: wire.target ?? '' };
  if (wire.params !== undefined) out.params = wire.params;
  if (wire.agent_id !== undefined) out.agentId = wire.agent_id;
  if (wire.description !== undefined) out.description = wire.description;
  return out;
}

export function toWireAction(action: ActionInput): WireAction {
  return {
    action_type: action.type, target: action.target ?? '', params: action.params ?? {},
    ...(action.agentId ? { agent_id: action.agentId } : {}), ...(action.description ? { description: action.description } : {}),
  };
}
