/** Guardrails as the server shows them: the reference's per-guardrail results `{name, passed, severity, details}`. */
import type { GuardrailChecker, GuardrailFinding, ScreenedText } from '../runtime/screen.ts';

export interface GuardrailInfo {
  name: string;
  description: string;
}

export interface ServerGuardrails {
  checker: GuardrailChecker;
  /** What `/health` and `GET /api/v1/guardrails` list. */
  active: GuardrailInfo[];
}

export interface WireGuardrailResult {
  name: string;
  passed: boolean;
  severity: 'none' | 'low' | 'medium' | 'high' | 'critical';
  details: string;
}

export const DEFAULT_GUARDRAIL_INFO: GuardrailInfo[] = [
  { name: 'prompt_injection', description: 'instruction overrides, role hijacking, jailbreaks, delimiter and encoded payloads' },
  { name: 'pii', description: 'personal data: e-mail, cards, national ids, phone numbers, IBAN, API keys, credentials in URLs' },
  { name: 'toxicity', description: 'threats, harassment, hate and profanity' },
  { name: 'prompt_leak', description: 'echoes of the system prompt and leaked secrets' },
];

/** The engine names the injection guardrail `injection`; the reference calls it `prompt_injection`. */
export function wireGuardrailName(guardrail: string): string {
  return guardrail === 'injection' ? 'prompt_injection' : guardrail;
}

function severityOf(findings: GuardrailFinding[]): WireGuardrailResult['severity'] {
  if (!findings.length) return 'none';
  const top = Math.max(...findings.map((f) => f.score));
  return top >= 0.9 ? 'critical' : top >= 0.7 ? 'high' : top >= 0.4 ? 'medium' : 'low';
}

/** One result per active guardrail over every screened text; a guardrail fails when one of its findings blocks. */
export function guardrailResults(screened: readonly ScreenedText[], active: readonly GuardrailInfo[]): WireGuardrailResult[] {
  const named = new Map<string, { field: string; finding: GuardrailFinding }[]>();
  for (const { field, report } of screened) {
    for (const finding of report.findings) {
      const name = wireGuardrailName(finding.guardrail);
      named.set(name, [...(named.get(name) ?? []), { field, finding }]);
    }
  }
  const names = [...new Set([...active.map((g) => g.name), ...named.keys()])];
  return names.map((name) => {
    const hits = named.get(name) ?? [];
    const findings = hits.map((h) => h.finding);
    const passed = !findings.some((f) => f.action === 'block');
    const where = (h: { field: string; finding: GuardrailFinding }) => `${h.finding.category} (${h.finding.action}${screened.length > 1 || h.field !== 'content' ? ` in ${h.field}` : ''})`;
    const details = hits.length ? `${hits.length} finding${hits.length > 1 ? 's' : ''}: ${hits.map(where).join(', ')}` : 'no findings';
    return { name, passed, severity: severityOf(findings), details };
  });
}
