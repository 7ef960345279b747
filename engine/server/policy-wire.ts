/** The active policy in the reference's `GET /api/v1/policy` shape (plus `match_agent`). */
import type { Policy } from '../policy/policy.ts';
import type { Diagnostic } from '../types.ts';
import { ApiError } from './http.ts';

export function policyToWire(policy: Policy) {
  return {
    default_risk_level: policy.defaults.riskLevel.toUpperCase(),
    default_approval: policy.defaults.approval,
    rules: policy.rules.map((r) => ({
      name: r.label,
      match_type: r.type,
      match_target: r.target,
      match_agent: r.agent,
      risk_level: r.riskLevel.toUpperCase(),
      approval: r.approval,
      conditions: r.conditions ?? null,
    })),
  };
}

/** Diagnostics for JSON answers: only the fields a client can use. */
export function diagnosticsToWire(diagnostics: readonly Diagnostic[]) {
  return diagnostics.map((d) => ({
    code: d.code, severity: d.severity, message: d.message,
    ...(d.line !== undefined ? { line: d.line, column: d.column } : {}),
    ...(d.path ? { path: d.path } : {}),
    ...(d.hint ? { hint: d.hint } : {}),
  }));
}

/** The 400 for a policy that does not load: the first error and where it is, then every diagnostic. */
export function invalidPolicyError(diagnostics: readonly Diagnostic[], lead: string): ApiError {
  const first = diagnostics.find((d) => d.severity === 'error') ?? diagnostics[0];
  const where = first?.line ? ` (line ${first.line}, column ${first.column})` : '';
  return new ApiError(400, 'invalid_policy', `${lead}: ${first?.message ?? 'it could not be loaded'}${where}`, { diagnostics: diagnosticsToWire(diagnostics) });
}
