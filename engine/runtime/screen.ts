/**
 * Guardrail screening of an action's free text (its description and string params) before it is
 * approved or executed. Typed against a minimal port so any checker with the engine's
 * `guardrails.check` shape plugs in.
 */
import type { Action } from './action.ts';

export type GuardrailName = 'injection' | 'pii' | 'toxicity' | 'prompt_leak';

export interface GuardrailFinding {
  guardrail: GuardrailName | string;
  category: string;
  span: [number, number];
  score: number;
  action: 'block' | 'mask' | 'warn' | 'log' | string;
}

export interface GuardrailReport {
  allowed: boolean;
  text: string;
  findings: GuardrailFinding[];
}

export interface GuardrailChecker {
  check(text: string, options?: { direction?: 'input' | 'output'; systemPrompts?: string[] }): GuardrailReport | Promise<GuardrailReport>;
}

export interface ScreenedText {
  /** `description` or `params.<path>`. */
  field: string;
  report: GuardrailReport;
}

export interface ScreenResult {
  allowed: boolean;
  screened: ScreenedText[];
}

const MAX_FIELDS = 256;

/** Every non-empty string the action carries: its description, then string params (nested too). */
export function screenableTexts(action: Action): { field: string; text: string }[] {
  const out: { field: string; text: string }[] = [];
  if (typeof action.description === 'string' && action.description.trim() !== '') out.push({ field: 'description', text: action.description });
  const walk = (value: unknown, path: string, depth: number) => {
    if (out.length >= MAX_FIELDS || depth > 8) return;
    if (typeof value === 'string') {
      if (value.trim() !== '') out.push({ field: path, text: value });
    } else if (Array.isArray(value)) {
      value.forEach((v, i) => walk(v, `${path}[${i}]`, depth + 1));
    } else if (value !== null && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) walk(v, `${path}.${k}`, depth + 1);
    }
  };
  if (action.params && typeof action.params === 'object') walk(action.params, 'params', 0);
  return out;
}

/** Runs the checker on each text; the action passes only if every text passes. */
export async function screenAction(checker: GuardrailChecker, action: Action): Promise<ScreenResult> {
  const screened: ScreenedText[] = [];
  for (const { field, text } of screenableTexts(action)) {
    screened.push({ field, report: await checker.check(text, { direction: 'input' }) });
  }
  return { allowed: screened.every((s) => s.report.allowed), screened };
}
