// Honest estimate of the shipped decision: the pattern tier plus the learned tier, combined by
// the guardrails (noisy-OR of findings: a learned `warn` plus a weak pattern finding can reach
// the threshold together). Each row is checked by guardrails whose learned heads were trained
// without the row's fold and whose thresholds were chosen without it (the nested thresholds).
// Needs a built engine (`npm run build` → dist/); `--combined DIR` points at it.
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const INDIRECT_SUITES = new Set(['indirect_injection', 'indirect_injection_payloads']);

/**
 * @param foldModels  { [head]: [{ q, scale, bias }] } one quantised model per fold
 * @param nested      { [head]: [thresholds] } thresholds chosen without each fold
 * @returns { combined: firedOf, pattern: firedOf } per-row fired flags of the two configurations
 */
export async function combinedFired(dist, rows, fold, k, foldModels, nested, bits, windowLength) {
  const base = resolve(dist, 'engine/guardrails');
  const { createGuardrails } = await import(pathToFileURL(`${base}/guardrails.js`).href);
  const { createLearnedRecognizers } = await import(pathToFileURL(`${base}/learned/recognizer.js`).href);
  const combined = new Array(rows.length);
  const pattern = new Array(rows.length);
  const patternOnly = createGuardrails({ patternTierOnly: true });
  for (let f = 0; f < k; f++) {
    const heads = {};
    for (const [name, models] of Object.entries(foldModels)) {
      const m = models[f];
      heads[name] = { name, bits, windowLength, windowSpan: m.windowSpan, bias: m.bias, scale: m.scale, weights: m.q, thresholds: nested[name][f] };
    }
    const guardrails = createGuardrails({ extraRecognizers: createLearnedRecognizers(heads) });
    rows.forEach((r, i) => {
      if (fold[i] !== f) return;
      const options = { direction: INDIRECT_SUITES.has(r.suite) ? 'output' : 'input' };
      if (typeof r.system === 'string' && r.system !== '') options.systemPrompts = [r.system];
      const text = String(r.text ?? '');
      const firedOf = (report) => Object.fromEntries(Object.entries(report.guardrails).map(([g, v]) => [g, v.fired]));
      combined[i] = firedOf(guardrails.checkDetailed(text, options));
      pattern[i] = firedOf(patternOnly.checkDetailed(text, options));
    });
  }
  return { combined: (i) => combined[i], pattern: (i) => pattern[i] };
}
