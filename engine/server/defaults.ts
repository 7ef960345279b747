/** The engine's own tools and guardrails, wired in when `createApp` is not given others. */
import { diffPolicies } from '../policy/diff.ts';
import type { GuardrailChecker } from '../runtime/screen.ts';
import { DEFAULT_GUARDRAIL_INFO, type ServerGuardrails } from './guardrails.ts';
import type { ServerTools } from './options.ts';

export function defaultTools(): ServerTools {
  return { diff: (before, after, actions) => diffPolicies(before, after, actions) };
}

/** The default guardrails (all four families), or null while the engine has none to offer. */
export function defaultGuardrails(): ServerGuardrails | null {
  return null;
}

export function asServerGuardrails(value: ServerGuardrails | GuardrailChecker): ServerGuardrails {
  return 'checker' in value ? value : { checker: value, active: DEFAULT_GUARDRAIL_INFO };
}
