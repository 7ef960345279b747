/** The engine's own tools and guardrails, wired in when `createApp` is not given others. */
import { autopolicy } from '../autopolicy/autopolicy.ts';
import { createGuardrails } from '../guardrails/guardrails.ts';
import type { Guardrails } from '../guardrails/types.ts';
import { diffPolicies } from '../policy/diff.ts';
import { probe } from '../probe/probe.ts';
import type { GuardrailChecker } from '../runtime/screen.ts';
import { DEFAULT_GUARDRAIL_INFO, type ServerGuardrails } from './guardrails.ts';
import type { ServerTools } from './options.ts';

export function defaultTools(): ServerTools {
  return {
    diff: (before, after, actions) => diffPolicies(before, after, actions),
    probe: (policy) => probe(policy),
    autopolicy: (text) => autopolicy(text),
  };
}

/** The engine's default guardrails (all four families), built on first use: loading the packs costs time. */
export function defaultGuardrails(): ServerGuardrails {
  let guardrails: Guardrails | undefined;
  return { checker: { check: (text, options) => (guardrails ??= createGuardrails()).check(text, options) }, active: DEFAULT_GUARDRAIL_INFO };
}

export function asServerGuardrails(value: ServerGuardrails | GuardrailChecker): ServerGuardrails {
  return 'checker' in value ? value : { checker: value, active: DEFAULT_GUARDRAIL_INFO };
}
