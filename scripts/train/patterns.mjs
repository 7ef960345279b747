// The pattern tier's own decisions on every training row, per sensitivity level, so the learned
// heads' thresholds can be calibrated for the COMBINED decision (pattern OR learned): a row the
// pattern tier already blocks costs the learned tier nothing, and the pattern tier's false
// positives use up part of each false-positive budget (calibrate.mjs). The pattern tier does not
// depend on the folds, so one pass serves every fold. Needs a built engine (`node
// scripts/build.mjs --no-playground` → dist/).
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

export const INDIRECT_SUITES = new Set(['indirect_injection', 'indirect_injection_payloads']);

/** The check options the scoreboards use for a row (documents are tool output). */
export function checkOptions(r) {
  const options = { direction: INDIRECT_SUITES.has(r.suite) ? 'output' : 'input' };
  if (typeof r.system === 'string' && r.system !== '') options.systemPrompts = [r.system];
  return options;
}

/** @returns { [level]: [{ injection, toxicity, ... }] } the pattern tier's fired flags per row. */
export async function patternFired(dist, rows, levels = ['low', 'medium', 'high']) {
  const file = resolve(dist, 'engine/guardrails/guardrails.js');
  if (!existsSync(file)) throw new Error(`${file} not found: build the engine first (node scripts/build.mjs --no-playground), or pass --patterns none`);
  const { createGuardrails } = await import(pathToFileURL(file).href);
  const out = {};
  for (const level of levels) {
    const g = createGuardrails({ patternTierOnly: true, injection: { sensitivity: level }, toxicity: { sensitivity: level } });
    out[level] = rows.map((r) => {
      const report = g.checkDetailed(String(r.text ?? ''), checkOptions(r));
      return Object.fromEntries(Object.entries(report.guardrails).map(([name, v]) => [name, v.fired]));
    });
  }
  return out;
}
