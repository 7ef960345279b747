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

/** Texts screened one by one, each named by its field; later ones are screened together. */
const MAX_FIELDS = 256;
/** Strings nested deeper than this are screened together too (their field names grow long). */
const MAX_DEPTH = 8;
/** The field name of the text that joins the strings past those limits. */
const OVERFLOW_FIELD = 'params (the rest)';

/**
 * Every non-empty string the action carries: its description, then string params (nested too).
 * None is skipped: past MAX_FIELDS texts or MAX_DEPTH levels, the remaining strings are joined into
 * one more text, because an unscreened string is a way around the guardrails.
 */
export function screenableTexts(action: Action): { field: string; text: string }[] {
  const out: { field: string; text: string }[] = [];
  if (typeof action.description === 'string' && action.description.trim() !== '') out.push({ field: 'description', text: action.description });
  const rest: string[] = [];
  const seen = new WeakSet<object>();
  // Depth-first in document order, with an explicit stack: params may nest deeper than the call stack.
  const stack: { value: unknown; path: string; depth: number }[] = [{ value: action.params, path: 'params', depth: 0 }];
  while (stack.length) {
    const { value, path, depth } = stack.pop()!;
    if (typeof value === 'string') {
      if (value.trim() === '') continue;
      if (out.length < MAX_FIELDS && depth <= MAX_DEPTH) out.push({ field: path, text: value });
      else rest.push(value);
    } else if (value !== null && typeof value === 'object' && !seen.has(value)) {
      seen.add(value);
      const children = Array.isArray(value) ? value.map((v, i) => [`${path}[${i}]`, v] as const) : Object.entries(value).map(([k, v]) => [`${path}.${k}`, v] as const);
      for (let i = children.length - 1; i >= 0; i--) stack.push({ value: children[i]![1], path: children[i]![0], depth: depth + 1 });
    }
  }
  if (rest.length) out.push({ field: OVERFLOW_FIELD, text: rest.join('\n\n') });
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
