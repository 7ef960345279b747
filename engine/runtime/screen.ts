/**
 * Guardrail screening of an action's free text (its description, string params and param keys)
 * before it is approved or executed. Typed against a minimal port so any checker with the
 * engine's `guardrails.check` shape plugs in.
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
  /** `description`, `params.<path>` (a string value), `key of params.<path>` (an object key) or `params (the rest)`. */
  field: string;
  /** Set when the text is made of object keys only (one key, or a remainder of keys). */
  key?: true;
  report: GuardrailReport;
}

export interface ScreenableText {
  field: string;
  text: string;
  /** Set when the text is made of object keys only. */
  key?: true;
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
 * Every non-empty string the action carries: its description, then the params' string values and
 * object keys (nested too), each key just before its value. Keys are screened because an agent
 * controls them as much as the values: `{"Ignore all previous instructions…": 1}` is text the
 * executor may read. None is skipped: past MAX_FIELDS texts or MAX_DEPTH levels, the remaining
 * strings are joined into one more text, because an unscreened string is a way around the guardrails.
 */
export function screenableTexts(action: Action): ScreenableText[] {
  const out: ScreenableText[] = [];
  if (typeof action.description === 'string' && action.description.trim() !== '') out.push({ field: 'description', text: action.description });
  const rest: string[] = [];
  let restHasValue = false;
  const seen = new WeakSet<object>();
  // Depth-first in document order, with an explicit stack: params may nest deeper than the call stack.
  // A `key` entry carries an object key as its value; it is screened like a string value at the same depth.
  const stack: { value: unknown; path: string; depth: number; key?: true }[] = [{ value: action.params, path: 'params', depth: 0 }];
  while (stack.length) {
    const { value, path, depth, key } = stack.pop()!;
    if (typeof value === 'string') {
      if (value.trim() === '') continue;
      if (out.length < MAX_FIELDS && depth <= MAX_DEPTH) out.push(key ? { field: `key of ${path}`, text: value, key } : { field: path, text: value });
      else {
        rest.push(value);
        restHasValue ||= !key;
      }
    } else if (value !== null && typeof value === 'object' && !seen.has(value)) {
      seen.add(value);
      if (Array.isArray(value)) {
        for (let i = value.length - 1; i >= 0; i--) stack.push({ value: value[i], path: `${path}[${i}]`, depth: depth + 1 });
      } else {
        const entries = Object.entries(value);
        for (let i = entries.length - 1; i >= 0; i--) {
          const [k, v] = entries[i]!;
          stack.push({ value: v, path: `${path}.${k}`, depth: depth + 1 });
          stack.push({ value: k, path: `${path}.${k}`, depth: depth + 1, key: true });
        }
      }
    }
  }
  if (rest.length) out.push({ field: OVERFLOW_FIELD, text: rest.join('\n\n'), ...(restHasValue ? {} : { key: true as const }) });
  return out;
}

/** Runs the checker on each text; the action passes only if every text passes. */
export async function screenAction(checker: GuardrailChecker, action: Action): Promise<ScreenResult> {
  const screened: ScreenedText[] = [];
  for (const { field, text, key } of screenableTexts(action)) {
    screened.push({ field, ...(key ? { key } : {}), report: await checker.check(text, { direction: 'input' }) });
  }
  return { allowed: screened.every((s) => s.report.allowed), screened };
}
