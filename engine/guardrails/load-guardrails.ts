/**
 * The default guardrails with both tiers. The learned tier's weights are data files loaded on
 * demand (an async import), so this is the async counterpart of `createGuardrails`: patterns plus
 * the learned heads, unless the config asks for the pattern tier alone.
 */
import { createGuardrails } from './guardrails.ts';
import { loadLearnedRecognizers } from './learned/index.ts';
import type { Guardrails, GuardrailsConfig } from './types.ts';

export async function loadGuardrails(config: GuardrailsConfig = {}): Promise<Guardrails> {
  if (config.patternTierOnly) return createGuardrails(config);
  const learned = await loadLearnedRecognizers();
  return createGuardrails({ ...config, extraRecognizers: [...(config.extraRecognizers ?? []), ...learned] });
}
