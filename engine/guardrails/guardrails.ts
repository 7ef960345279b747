/**
 * `createGuardrails(config)`: the public entry point. It assembles the default registry (plus
 * any extra recognizers), scans a text (in overlapping windows when it is long), turns
 * detections into findings with actions, decides per guardrail whether it fired (weak cues
 * combine with the cues near them, `evidence.ts`), and masks PII.
 *
 * @example
 * const g = createGuardrails();
 * g.check('mail me at ann@example.com'); // { allowed: true, text: 'mail me at a**@example.com', findings: [...] }
 */
import { createDefaultRegistry } from './default-registry.ts';
import { DEFAULT_EVIDENCE_SPAN, weighEvidence } from './evidence.ts';
import { applyMasks } from './mask.ts';
import type { RecognizerRegistry } from './registry.ts';
import { scanText } from './scan.ts';
import {
  GUARDRAIL_NAMES,
  type CheckOptions,
  type Detection,
  type DetailedGuardrailReport,
  type Finding,
  type FindingAction,
  type GuardrailName,
  type GuardrailReport,
  type Guardrails,
  type GuardrailsConfig,
  type GuardrailVerdict,
  type Sensitivity,
} from './types.ts';

/** Score a guardrail's evidence must reach to act, by sensitivity. */
export const THRESHOLDS: Readonly<Record<Sensitivity, number>> = { low: 0.8, medium: 0.6, high: 0.4 };
export const DEFAULT_WINDOW = 32_768;
const WINDOW_OVERLAP = 1_024;

const DEFAULT_ACTIONS: Record<GuardrailName, FindingAction> = { injection: 'block', pii: 'mask', toxicity: 'block', prompt_leak: 'block' };

/** PII spans must not overlap: keep the higher score, then the longer span. */
function resolvePiiOverlaps(ds: Detection[]): Detection[] {
  const sorted = [...ds].sort((a, b) => b.score - a.score || (b.span[1] - b.span[0]) - (a.span[1] - a.span[0]) || a.span[0] - b.span[0]);
  const kept: Detection[] = [];
  if (sorted.some((d) => d.span[1] < d.span[0])) {
    // Reversed spans (only a custom recognizer could make one) break the ordering used below.
    for (const d of sorted) {
      if (kept.some((k) => d.span[0] < k.span[1] && k.span[0] < d.span[1])) continue;
      kept.push(d);
    }
    return kept.sort((a, b) => a.span[0] - b.span[0]);
  }
  // The kept spans in (start, end) order. They never overlap, so their ends rise too: the
  // first kept span ending after d starts is the only one that can overlap d, and d goes
  // right before it.
  const byStart: (readonly [number, number])[] = [];
  for (const d of sorted) {
    const [start, end] = d.span;
    let lo = 0;
    let hi = byStart.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (byStart[mid]![1] > start) hi = mid;
      else lo = mid + 1;
    }
    if (lo < byStart.length && byStart[lo]![0] < end) continue;
    kept.push(d);
    byStart.splice(lo, 0, d.span);
  }
  return kept.sort((a, b) => a.span[0] - b.span[0]);
}

const DETECTION_KEYS = ['guardrail', 'category', 'span', 'score', 'recognizer', 'explanation'] as const;

/**
 * `{ ...d, action }`. Every built-in recognizer makes detections with the same six keys in the
 * same order; those are copied field by field, which is several times faster than a spread.
 * Anything else (extra keys, another order, symbols) is spread as before.
 */
function withAction(d: Detection, action: FindingAction): Finding {
  const keys = Object.keys(d);
  if (keys.length === 6 && DETECTION_KEYS.every((k, i) => keys[i] === k) && Object.getOwnPropertySymbols(d).length === 0) {
    return { guardrail: d.guardrail, category: d.category, span: d.span, score: d.score, recognizer: d.recognizer, explanation: d.explanation, action };
  }
  return { ...d, action };
}

/** The detections of each guardrail, in their order (one pass instead of a filter per guardrail). */
function partitionByGuardrail(ds: readonly Detection[]): Map<string, Detection[]> {
  const out = new Map<string, Detection[]>();
  for (const d of ds) {
    const list = out.get(d.guardrail);
    if (list) list.push(d);
    else out.set(d.guardrail, [d]);
  }
  return out;
}

function dedupe(ds: Detection[]): Detection[] {
  const seen = new Set<string>();
  return ds.filter((d) => {
    const key = `${d.recognizer}|${d.category}|${d.explanation.pattern}|${d.span[0]}|${d.span[1]}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export function createGuardrails(config: GuardrailsConfig = {}, registry?: RecognizerRegistry): Guardrails {
  const reg = registry ?? createDefaultRegistry();
  for (const r of config.extraRecognizers ?? []) reg.replace(r);
  const enabled = new Set<GuardrailName>(GUARDRAIL_NAMES.filter((g) => config[g]?.enabled !== false));
  const sensitivity = Object.fromEntries(GUARDRAIL_NAMES.map((g) => [g, config[g]?.sensitivity ?? 'medium'])) as Record<GuardrailName, Sensitivity>;
  const actions = Object.fromEntries(GUARDRAIL_NAMES.map((g) => [g, config[g]?.action ?? DEFAULT_ACTIONS[g]])) as Record<GuardrailName, FindingAction>;
  const windowSize = Math.max(1_024, config.windowSize ?? DEFAULT_WINDOW);
  // Not a positive number (NaN, 0, a string): the default, never a span in which nothing combines.
  const evidenceSpan = typeof config.evidenceSpan === 'number' && config.evidenceSpan > 0 ? config.evidenceSpan : DEFAULT_EVIDENCE_SPAN;

  function detect(text: string, options: CheckOptions): Detection[] {
    const req = {
      registry: reg,
      enabled,
      patternTierOnly: config.patternTierOnly === true,
      options: {
        direction: options.direction ?? 'input',
        systemPrompts: options.systemPrompts ?? [],
        sensitivity,
        minEchoLength: config.prompt_leak?.minEchoLength ?? 50,
        depth: 0,
      },
    } as const;
    if (text.length <= windowSize) return scanText(text, req);
    // Long input: overlapping windows, so a match across a window edge is still seen whole.
    const out: Detection[] = [];
    for (let start = 0; start < text.length; start += windowSize - WINDOW_OVERLAP) {
      let end = Math.min(text.length, start + windowSize);
      let s = start;
      // Never cut a surrogate pair.
      if (s > 0 && /[\udc00-\udfff]/.test(text[s] ?? '')) s--;
      if (end < text.length && /[\ud800-\udbff]/.test(text[end - 1] ?? '')) end++;
      for (const d of scanText(text.slice(s, end), req)) out.push({ ...d, span: [d.span[0] + s, d.span[1] + s] });
      if (end >= text.length) break;
    }
    return dedupe(out);
  }

  function checkDetailed(text: string, options: CheckOptions = {}): DetailedGuardrailReport {
    const input = typeof text === 'string' ? text : String(text);
    const detections = detect(input, options);
    const byGuardrail = partitionByGuardrail(detections);
    const findings: Finding[] = [];
    const guardrails = {} as Record<GuardrailName, GuardrailVerdict>;
    let allowed = true;
    for (const g of GUARDRAIL_NAMES) {
      const cats = config[g]?.categories;
      let ds = byGuardrail.get(g) ?? [];
      if (cats) ds = ds.filter((d) => cats.includes(d.category) || d.category === 'scan_error');
      const threshold = THRESHOLDS[sensitivity[g]];
      const action = actions[g];
      let fired: boolean;
      let gFindings: Finding[];
      if (g === 'pii') {
        // Each PII match stands on its own: report those that reach the threshold.
        ds = resolvePiiOverlaps(ds.filter((d) => d.score >= threshold - 0.1));
        gFindings = ds.map((d) => withAction(d, d.score >= threshold ? action : 'log'));
        fired = gFindings.some((f) => f.action !== 'log');
      } else {
        // Cues combine with the cues near them; only those in a group that reaches the
        // threshold take the guardrail's action (`evidence.ts`).
        const evidence = weighEvidence(ds, threshold, evidenceSpan);
        fired = evidence.fired;
        gFindings = ds.map((d, k) => withAction(d, evidence.firing[k] ? action : 'log'));
      }
      const score = ds.reduce((m, d) => Math.max(m, d.score), 0);
      guardrails[g] = { fired, score, action, findings: gFindings };
      if (fired && action === 'block') allowed = false;
      findings.push(...gFindings);
    }
    findings.sort((a, b) => a.span[0] - b.span[0] || a.span[1] - b.span[1]);
    const masked = applyMasks(input, findings, config.pii?.maskChar ?? '*');
    return { allowed, text: masked, findings, guardrails };
  }

  return {
    config,
    checkDetailed,
    check(text: string, options?: CheckOptions): GuardrailReport {
      const { allowed, text: out, findings } = checkDetailed(text, options);
      return { allowed, text: out, findings };
    },
  };
}
