/**
 * `createGuardrails(config)`: the public entry point. It assembles the default registry (plus
 * any extra recognizers), scans a text (in overlapping windows when it is long), turns
 * detections into findings with actions, decides per guardrail whether it fired, and masks PII.
 *
 * @example
 * const g = createGuardrails();
 * g.check('mail me at ann@example.com'); // { allowed: true, text: 'mail me at a**@example.com', findings: [...] }
 */
import { createDefaultRegistry } from './default-registry.ts';
import { applyMasks } from './mask.ts';
import type { RecognizerRegistry } from './registry.ts';
import { scanText } from './scan.ts';
import {
  GUARDRAIL_NAMES,
  LAZY_PATTERN_PREFIX,
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

/** Noisy-OR over the strongest detection of each distinct pattern: several weak signals add up. */
function combinedScore(ds: readonly Detection[]): number {
  // Best score per `recognizer/pattern`, in order of first appearance (the product's order).
  const best: number[] = [];
  if (ds.some((d) => typeof d.recognizer !== 'string' || d.recognizer.includes('/'))) {
    const slot = new Map<string, number>();
    for (const d of ds) {
      const key = `${d.recognizer}/${d.explanation.pattern}`;
      let i = slot.get(key);
      if (i === undefined) slot.set(key, (i = best.push(0) - 1));
      best[i] = Math.max(best[i]!, d.score);
    }
  } else {
    // Without '/' in recognizer ids, (recognizer, pattern) names the same slots as the joined
    // key, without building a string per detection.
    const slots = new Map<string, Map<string, number>>();
    const lazy = lazyPrefixKeys(ds);
    for (let k = 0; k < ds.length; k++) {
      const d = ds[k]!;
      let inner = slots.get(d.recognizer);
      if (!inner) slots.set(d.recognizer, (inner = new Map()));
      const pattern = lazy?.[k] ?? `${d.explanation.pattern}`;
      let i = inner.get(pattern);
      if (i === undefined) inner.set(pattern, (i = best.push(0) - 1));
      best[i] = Math.max(best[i]!, d.score);
    }
  }
  let miss = 1;
  for (const s of best) miss *= 1 - s;
  return 1 - miss;
}

/**
 * For detections whose pattern is not computed yet (`LAZY_PATTERN_PREFIX`), a key standing in
 * for the pattern within its recognizer: the prefix, when every detection of that recognizer is
 * lazy and their prefixes are all different (then their patterns are all different too, as the
 * keys are). Anything else (undefined) reads the pattern itself. Undefined when nothing is lazy.
 */
function lazyPrefixKeys(ds: readonly Detection[]): (string | undefined)[] | undefined {
  let keys: (string | undefined)[] | undefined;
  for (let k = 0; k < ds.length; k++) {
    const prefix = (ds[k]!.explanation as { [LAZY_PATTERN_PREFIX]?: string })[LAZY_PATTERN_PREFIX];
    if (typeof prefix === 'string') (keys ??= [])[k] = prefix;
  }
  if (!keys) return undefined;
  // Recognizers where prefixes cannot stand in: one lazy prefix twice, or lazy and eager mixed.
  const prefixes = new Map<string, Set<string>>();
  const eager = new Set<string>();
  const unsafe = new Set<string>();
  for (let k = 0; k < ds.length; k++) {
    const r = ds[k]!.recognizer;
    const prefix = keys[k];
    if (prefix === undefined) {
      eager.add(r);
      continue;
    }
    let seen = prefixes.get(r);
    if (!seen) prefixes.set(r, (seen = new Set()));
    if (seen.has(prefix)) unsafe.add(r);
    seen.add(prefix);
  }
  for (const r of eager) if (prefixes.has(r)) unsafe.add(r);
  if (unsafe.size > 0) for (let k = 0; k < ds.length; k++) if (unsafe.has(ds[k]!.recognizer)) keys[k] = undefined;
  return keys;
}

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
        fired = ds.length > 0 && combinedScore(ds) >= threshold;
        gFindings = ds.map((d) => withAction(d, fired ? action : 'log'));
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
