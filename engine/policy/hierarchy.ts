/**
 * Org → team → agent policies evaluated together. Every present layer decides on its own; the
 * combined approval is the strictest (auto < approve < block) and the combined risk the highest,
 * so any layer can tighten and none can loosen. `matchedRule` names the layer and rule that
 * supplied the approval (ties go to the outermost layer). Layers that disagree — on approval or
 * on risk — are reported as conflicts. With no layer at all the result fails closed (block).
 */
import { APPROVAL_RANK, RISK_VALUE, type ActionInput, type Decision } from '../types.ts';
import type { EvaluateContext } from './evaluate.ts';
import type { Policy } from './policy.ts';

export type LayerName = 'org' | 'team' | 'agent';
export const LAYERS: readonly LayerName[] = ['org', 'team', 'agent'];

export interface HierarchyConflict {
  field: 'approval' | 'risk';
  decisions: { layer: LayerName; decision: Decision }[];
  resolution: 'most_restrictive';
}

export interface HierarchyDecision extends Decision {
  layer?: LayerName;
  layers: { layer: LayerName; decision: Decision }[];
  conflicts: HierarchyConflict[];
}

export class PolicyHierarchy {
  constructor(readonly layers: Partial<Record<LayerName, Policy>>) {}

  evaluate(action: ActionInput, context?: EvaluateContext): HierarchyDecision {
    const layers = LAYERS.filter((l) => this.layers[l]).map((layer) => ({ layer, decision: this.layers[layer]!.evaluate(action, context) }));
    if (!layers.length) {
      return { riskLevel: 'critical', approval: 'block', allowed: false, matchedRule: '<no-policy>', layers, conflicts: [],
        error: { code: 'hierarchy.empty', message: 'no policy layer is configured' } };
    }
    let approvalFrom = layers[0]!;
    let risk = layers[0]!.decision.riskLevel;
    for (const entry of layers) {
      if (APPROVAL_RANK[entry.decision.approval] > APPROVAL_RANK[approvalFrom.decision.approval]) approvalFrom = entry;
      if (RISK_VALUE[entry.decision.riskLevel] > RISK_VALUE[risk]) risk = entry.decision.riskLevel;
    }
    const conflicts: HierarchyConflict[] = [];
    if (new Set(layers.map((l) => l.decision.approval)).size > 1) conflicts.push({ field: 'approval', decisions: layers, resolution: 'most_restrictive' });
    if (new Set(layers.map((l) => l.decision.riskLevel)).size > 1) conflicts.push({ field: 'risk', decisions: layers, resolution: 'most_restrictive' });
    const error = layers.find((l) => l.decision.error)?.decision.error;
    return {
      riskLevel: risk, approval: approvalFrom.decision.approval, allowed: approvalFrom.decision.approval !== 'block',
      matchedRule: approvalFrom.decision.matchedRule, layer: approvalFrom.layer, layers, conflicts, ...(error ? { error } : {}),
    };
  }
}
