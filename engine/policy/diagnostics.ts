import type { Diagnostic } from '../types.ts';

/** Every diagnostic code the policy loader and linter emit. */
export type PolicyDiagnosticCode =
  | 'yaml.syntax'
  | 'yaml.duplicate-key'
  | 'yaml.too-large'
  | 'yaml.alias-limit'
  | 'yaml.too-deep'
  | 'yaml.warning'
  | 'policy.not-a-mapping'
  | 'policy.multi-document'
  | 'policy.unknown-key'
  | 'policy.version'
  | 'policy.timezone'
  | 'defaults.not-a-mapping'
  | 'defaults.unknown-key'
  | 'rules.not-a-list'
  | 'rule.not-a-mapping'
  | 'rule.unknown-key'
  | 'rule.name-type'
  | 'match.not-a-mapping'
  | 'match.unknown-key'
  | 'match.glob-type'
  | 'risk.invalid'
  | 'approval.invalid'
  | 'conditions.not-a-mapping'
  | 'condition.unknown'
  | 'condition.value-type'
  | 'condition.time-format'
  | 'condition.weekday'
  | 'condition.regex-invalid'
  | 'condition.regex-unsafe'
  | 'condition.regex-translated'
  | 'condition.null-never-matches'
  | 'condition.window-wraps'
  | 'lint.implicit-approval'
  | 'lint.implicit-risk'
  | 'lint.unreachable'
  | 'lint.duplicate-name'
  | 'lint.condition-never-holds'
  | 'lint.no-rules';

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}

/** Thrown by `Policy.fromYaml` / `Policy.fromObject` when a policy has error diagnostics. */
export class PolicyError extends Error {
  readonly code: string;
  readonly diagnostics: Diagnostic[];
  constructor(diagnostics: Diagnostic[]) {
    const errors = diagnostics.filter((d) => d.severity === 'error');
    const first = errors[0] ?? diagnostics[0];
    const where = first?.line ? ` (line ${first.line}, column ${first.column})` : '';
    const more = errors.length > 1 ? ` (and ${errors.length - 1} more error${errors.length > 2 ? 's' : ''})` : '';
    super(first ? `${first.message}${where}${more}` : 'invalid policy');
    this.name = 'PolicyError';
    this.code = first?.code ?? 'policy.invalid';
    this.diagnostics = diagnostics;
  }
}

/** Levenshtein distance, bounded: small words only, used for "did you mean" hints. */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  if (Math.abs(a.length - b.length) > 3 || a.length > 64 || b.length > 64) return Infinity;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length]!;
}

/** The closest known word to `word`, if it is close enough to be a likely typo. */
export function didYouMean(word: string, known: readonly string[]): string | undefined {
  const lower = word.toLowerCase();
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of known) {
    const d = candidate.startsWith(lower) || lower.startsWith(candidate) ? 1.5 : editDistance(lower, candidate);
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  const limit = Math.max(2, Math.floor(word.length / 3));
  return bestDistance <= limit ? best : undefined;
}
