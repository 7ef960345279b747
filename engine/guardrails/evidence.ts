/**
 * How the detections of one guardrail (injection, toxicity, prompt leak) become a decision.
 * The strongest score of each distinct pattern (recognizer + pattern) combines by noisy-OR
 * (`1 − Π(1 − sᵢ)`), so several weak cues add up while one weak cue does not fire — but only
 * cues near each other: within `span` UTF-16 units of the first one. An attack states its cues
 * together ("hypothetically… ignore your rules… silently"); a 40 KB manual that says "purely for"
 * on one page, "silently" on another and "### New features" in a heading is not one. Combined
 * over a whole text, such cues blocked 1 in 12 ordinary documentation pages read as tool output.
 */
import { LAZY_PATTERN_PREFIX, type Detection } from './types.ts';

/** Default distance within which weak cues combine (`GuardrailsConfig.evidenceSpan`). */
export const DEFAULT_EVIDENCE_SPAN = 2_000;

export interface Evidence {
  /** The best combination of nearby cues. */
  score: number;
  /** Whether it reaches the threshold. */
  fired: boolean;
  /** Per detection (same order as given): part of a group of cues that reaches the threshold. */
  firing: boolean[];
}

/**
 * Slot of each detection: detections share a slot when they have the same recognizer and
 * pattern. Returns the slot per detection and the number of slots.
 */
function patternSlots(ds: readonly Detection[]): { slots: number[]; count: number } {
  const slotOf: number[] = new Array(ds.length);
  let count = 0;
  if (ds.some((d) => typeof d.recognizer !== 'string' || d.recognizer.includes('/'))) {
    const slot = new Map<string, number>();
    ds.forEach((d, k) => {
      const key = `${d.recognizer}/${d.explanation.pattern}`;
      let i = slot.get(key);
      if (i === undefined) slot.set(key, (i = count++));
      slotOf[k] = i;
    });
    return { slots: slotOf, count };
  }
  // Without '/' in recognizer ids, (recognizer, pattern) names the same slots as the joined key,
  // without building a string per detection.
  const slots = new Map<string, Map<string, number>>();
  const lazy = lazyPrefixKeys(ds);
  for (let k = 0; k < ds.length; k++) {
    const d = ds[k]!;
    let inner = slots.get(d.recognizer);
    if (!inner) slots.set(d.recognizer, (inner = new Map()));
    const pattern = lazy?.[k] ?? `${d.explanation.pattern}`;
    let i = inner.get(pattern);
    if (i === undefined) inner.set(pattern, (i = count++));
    slotOf[k] = i;
  }
  return { slots: slotOf, count };
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

/** Noisy-OR of the best score per slot, over detections `order[from..to)`. */
function noisyOr(ds: readonly Detection[], slots: readonly number[], order: readonly number[], from: number, to: number, best: Float64Array, touched: number[]): number {
  touched.length = 0;
  for (let i = from; i < to; i++) {
    const k = order[i]!;
    const s = slots[k]!;
    // Slots start at -1 (unseen) so that a score of 0 still counts as seen.
    if (best[s]! < 0) {
      best[s] = ds[k]!.score;
      touched.push(s);
    } else if (ds[k]!.score > best[s]!) best[s] = ds[k]!.score;
  }
  let miss = 1;
  // In order of first appearance, as the whole-text product always was.
  for (const s of touched) {
    miss *= 1 - best[s]!;
    best[s] = -1;
  }
  return 1 - miss;
}

/**
 * The decision for one guardrail's detections: the best noisy-OR over groups of detections whose
 * starts lie within `span` units of the group's first start (every such window is tried, one per
 * detection start). A text whose detections all lie within `span` is one group, as before.
 */
export function weighEvidence(ds: readonly Detection[], threshold: number, span: number = DEFAULT_EVIDENCE_SPAN): Evidence {
  const n = ds.length;
  if (n === 0) return { score: 0, fired: false, firing: [] };
  const { slots, count } = patternSlots(ds);
  const best = new Float64Array(count).fill(-1);
  const touched: number[] = [];
  let lo = Infinity;
  let hi = -Infinity;
  for (const d of ds) {
    lo = Math.min(lo, d.span[0]);
    hi = Math.max(hi, d.span[0]);
  }
  const identity = Array.from({ length: n }, (_, k) => k);
  // NaN spans (only a custom recognizer could make one) fall back to one group: fail closed.
  if (!(hi - lo < span) && Number.isFinite(hi - lo)) {
    const order = identity.sort((a, b) => ds[a]!.span[0] - ds[b]!.span[0] || a - b);
    const firing = new Array<boolean>(n).fill(false);
    let score = 0;
    let end = 0;
    // Difference marks over positions in `order`: +1 where a firing group starts, −1 after it.
    const marks = new Int32Array(n + 1);
    for (let first = 0; first < n; first++) {
      // Only a window that starts at a new start position can differ from the previous one.
      if (first > 0 && ds[order[first]!]!.span[0] === ds[order[first - 1]!]!.span[0]) continue;
      const limit = ds[order[first]!]!.span[0] + span;
      if (end < first) end = first;
      while (end < n && ds[order[end]!]!.span[0] < limit) end++;
      const s = noisyOr(ds, slots, order, first, end, best, touched);
      if (s > score) score = s;
      if (s >= threshold) {
        marks[first]!++;
        marks[end]!--;
      }
    }
    let open = 0;
    for (let i = 0; i < n; i++) {
      open += marks[i]!;
      if (open > 0) firing[order[i]!] = true;
    }
    return { score, fired: score >= threshold, firing };
  }
  const score = noisyOr(ds, slots, identity, 0, n, best, touched);
  const fired = score >= threshold;
  return { score, fired, firing: new Array<boolean>(n).fill(fired) };
}
