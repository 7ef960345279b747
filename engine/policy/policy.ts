import type { ActionInput, Decision, Diagnostic } from '../types.ts';
import { hasErrors, PolicyError } from './diagnostics.ts';
import { DecisionFunction, type Clock, type EvaluateContext } from './evaluate.ts';
import { loadPolicyData, type LoadOptions } from './load.ts';
import type { PolicyModel, RuleModel } from './model.ts';
import { readYaml } from './yaml-source.ts';

export interface PolicyOptions extends LoadOptions {
  /** Where "now" comes from when `evaluate` is not given one (epoch ms). Default: the system clock. */
  clock?: Clock;
}

export interface ParseResult {
  /** Absent when the text cannot be loaded at all (syntax errors, wrong shapes the reference also rejects). */
  policy?: Policy;
  diagnostics: Diagnostic[];
}

const systemClock: Clock = () => Date.now();

/**
 * A loaded, compiled policy. Immutable: editing means loading again.
 *
 * `Policy.parse` is forgiving and never throws: it returns a policy whenever the reference could
 * load the text, with every problem as a diagnostic; conditions it reports as errors fail closed
 * at decision time. `Policy.fromYaml` / `fromObject` are strict: any error diagnostic throws.
 */
export class Policy {
  private readonly decider: DecisionFunction;

  private constructor(
    readonly model: PolicyModel,
    readonly diagnostics: readonly Diagnostic[],
    private readonly options: PolicyOptions,
    /** The YAML text this policy was loaded from, when it came from text. */
    readonly source?: string,
  ) {
    this.decider = new DecisionFunction(model, options.clock ?? systemClock);
  }

  static parse(text: string, options: PolicyOptions = {}): ParseResult {
    try {
      const yaml = readYaml(text);
      const diagnostics = [...yaml.diagnostics];
      if (hasErrors(diagnostics) || !yaml.documents.length) {
        if (!yaml.documents.length && !hasErrors(diagnostics)) {
          const empty = loadPolicyData(null, () => undefined, options);
          return { policy: new Policy(empty.model!, [...diagnostics, ...empty.diagnostics], options, text), diagnostics: [...diagnostics, ...empty.diagnostics] };
        }
        return { diagnostics };
      }
      const models: PolicyModel[] = [];
      for (const doc of yaml.documents) {
        const loaded = loadPolicyData(doc.data, doc.locate, options);
        diagnostics.push(...loaded.diagnostics);
        if (loaded.model) models.push(loaded.model);
      }
      if (models.length !== yaml.documents.length) return { diagnostics };
      const model = models.length === 1 ? models[0]! : mergeModels(models);
      return { policy: new Policy(model, diagnostics, options, text), diagnostics };
    } catch (err) {
      return { diagnostics: [{ code: 'policy.internal', severity: 'error', message: `internal error while loading: ${String((err as Error)?.message ?? err)}` }] };
    }
  }

  static fromYaml(text: string, options: PolicyOptions = {}): Policy {
    const { policy, diagnostics } = Policy.parse(text, options);
    if (!policy || hasErrors(diagnostics)) throw new PolicyError(diagnostics);
    return policy;
  }

  static fromObject(data: unknown, options: PolicyOptions = {}): Policy {
    const { model, diagnostics } = loadPolicyData(data, () => undefined, options);
    if (!model || hasErrors(diagnostics)) throw new PolicyError(diagnostics);
    return new Policy(model, diagnostics, options);
  }

  /** Like `fromObject` but forgiving, as `parse` is for text. */
  static parseObject(data: unknown, options: PolicyOptions = {}): ParseResult {
    const { model, diagnostics } = loadPolicyData(data, () => undefined, options);
    return model ? { policy: new Policy(model, diagnostics, options), diagnostics } : { diagnostics };
  }

  /** Rules of each policy in order; defaults, version and time zone of the first. */
  static merge(...policies: Policy[]): Policy {
    if (!policies.length) return Policy.fromObject(null);
    const model = mergeModels(policies.map((p) => p.model));
    return new Policy(model, policies.flatMap((p) => p.diagnostics), policies[0]!.options);
  }

  /** Decide an action. Never throws: a problem while deciding gives `block` with `error`. */
  evaluate(action: ActionInput, context?: EvaluateContext): Decision {
    return this.decider.evaluate(action, context);
  }

  get rules(): readonly RuleModel[] {
    return this.model.rules;
  }

  get defaults(): PolicyModel['defaults'] {
    return this.model.defaults;
  }

  /** The same clock and condition options, applied to new text (used by editors and reloads). */
  withText(text: string): ParseResult {
    return Policy.parse(text, this.options);
  }

  /** The policy as plain data in the YAML shape (rule order and explicit fields preserved). */
  toObject(): Record<string, unknown> {
    const m = this.model;
    const out: Record<string, unknown> = { version: String(m.version) };
    if (m.description !== undefined) out['description'] = m.description;
    if (m.timezone !== undefined) out['timezone'] = m.timezone;
    out['defaults'] = { risk_level: m.defaults.riskLevel, approval: m.defaults.approval };
    out['rules'] = m.rules.map(ruleToObject);
    return out;
  }
}

export function ruleToObject(rule: RuleModel): Record<string, unknown> {
  const match: Record<string, string> = { type: rule.type };
  if (rule.target !== '*') match['target'] = rule.target;
  if (rule.agent !== '*') match['agent'] = rule.agent;
  const out: Record<string, unknown> = {};
  if (rule.name !== undefined) out['name'] = rule.name;
  out['match'] = match;
  if (rule.conditions !== undefined) out['conditions'] = rule.conditions;
  if (rule.explicitRisk) out['risk_level'] = rule.riskLevel;
  if (rule.explicitApproval) out['approval'] = rule.approval;
  if (rule.description !== undefined) out['description'] = rule.description;
  return out;
}

function mergeModels(models: PolicyModel[]): PolicyModel {
  const first = models[0]!;
  let index = 0;
  const rules = models.flatMap((m) => m.rules.map((r) => ({ ...r, index: index++ })));
  return { ...first, rules, extra: { ...first.extra } };
}
