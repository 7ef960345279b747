/**
 * Scores a text with one or more learned heads: the text is cut into windows, each window is
 * normalized and hashed once (into a reused code-unit buffer, no substrings), every head scores
 * every window, and each head keeps its strongest window. The winning window is then re-hashed
 * with a trace to name the n-grams that pushed the score up.
 *
 * Heads scored together are fused: their int8 weights are packed two per Int32 entry
 * (`packWeights`), so one feature reads four heads' weights with two loads from one cache line.
 * Sums are exact integers, so the fused path gives exactly the logits of scoring each head alone.
 *
 * @example
 *   const head = await loadHead('injection');
 *   const r = scoreText('Ignore all previous instructions and …', head);
 *   // r.score ∈ [0, 1], r.window = [start, end) in the original text, r.topFeatures = [...]
 */

import { extractFeatures, maxFeatureCount, packWeights, sumUnits, type FeatureTrace } from './features.ts';
import { guessLanguageOf, pairLanguage, type ScriptLanguage } from './language.ts';
import type { HeadName, LearnedHead } from './model.ts';
import { normalizedUnits, normalizeSpan, normalizeWindow } from './normalize.ts';
import { lengthDiscount } from './length.ts';
import { sigmoid } from './sigmoid.ts';
import { splitWindows } from './windows.ts';

/** An n-gram (or word) that raised the score, with its summed contribution to the logit. */
export interface FeatureContribution {
  feature: string;
  kind: string;
  contribution: number;
}

export interface LearnedScore {
  head: HeadName;
  /** sigmoid(logit) of the strongest window, in [0, 1]. */
  score: number;
  /** The strongest window's logit, less `lengthDiscount` for a long text. */
  logit: number;
  /** Subtracted from the logit because the text has more windows than calibration saw (`length.ts`). */
  lengthDiscount?: number;
  /** The strongest window, [start, end) UTF-16 offsets into the original text. */
  window: [number, number];
  /** Script-based language of the strongest window (selects thresholds). */
  language: ScriptLanguage;
  topFeatures: FeatureContribution[];
  /**
   * True when no window had anything to score (empty, or written in scripts the heads do not
   * read): the score is the head's bias and no decision is made on it.
   */
  empty?: boolean;
}

export interface ScoreOptions {
  /** How many contributing features to report (default 5; 0 skips the explanation pass). */
  topFeatures?: number;
}

/** Heads interleaved for one-pass scoring (at most 4 per table; more heads use several). */
interface Fused {
  heads: readonly LearnedHead[];
  table: Int32Array;
}

const fusedOf = new WeakMap<LearnedHead, Fused[]>();

/** Reused per-group buffers of `scoreTextAll` (it never re-enters itself). */
const scratch: { sums: Float64Array; held: Float64Array }[] = [];

function fuse(heads: readonly LearnedHead[]): Fused {
  const first = heads[0]!;
  const known = fusedOf.get(first) ?? [];
  const hit = known.find((f) => f.heads.length === heads.length && f.heads.every((h, i) => h === heads[i]));
  if (hit) return hit;
  const fused = { heads: [...heads], table: packWeights(heads.map((h) => h.weights), first.bits) };
  known.push(fused);
  fusedOf.set(first, known);
  return fused;
}

/**
 * Scores `text` with every head in `heads` (which must share one bucket count and window length).
 *
 * A head with `windowSpan` 1 scores every window alone. A head with `windowSpan` 2 scores the
 * windows in consecutive pairs (0+1, 2+3, …; an odd last window, or a text of one window, alone):
 * a pair's logit is `bias + scale · (S₀ + S₁) / √(n₀ + n₁)` from the two windows' weight sums and
 * feature counts, its language `pairLanguage` of theirs. Short windows keep an instruction
 * planted in a document from being diluted by the table rows around it (the indirect head);
 * pairs give the prompt heads the longer context they were trained on. Both come from one
 * hashing pass.
 */
export function scoreTextAll(text: string, heads: readonly LearnedHead[], options: ScoreOptions = {}): LearnedScore[] {
  const first = heads[0];
  if (!first) return [];
  const bits = first.bits;
  for (const h of heads) if (h.bits !== bits || h.windowLength !== first.windowLength) throw new Error('learned heads disagree on feature settings');
  const groups: Fused[] = [];
  for (let i = 0; i < heads.length; i += 4) groups.push(fuse(heads.slice(i, i + 4)));
  // Per-window sums of every head (4 per fused group) and those of the first window of a pair
  // still waiting for its second (with its count, span and language below): reused buffers.
  while (scratch.length < groups.length) scratch.push({ sums: new Float64Array(4), held: new Float64Array(4) });
  const anyPair = heads.some((h) => h.windowSpan === 2);
  let heldCount = 0;
  let heldStart = 0;
  let heldEnd = 0;
  let heldLanguage: ScriptLanguage = 'other';
  let holding = false;
  const bestLogit = heads.map(() => -Infinity);
  const bestStart = heads.map(() => 0);
  const bestEnd = heads.map(() => 0);
  const bestLanguage: ScriptLanguage[] = heads.map(() => 'other');
  const offer = (at: number, z: number, start: number, end: number, language: ScriptLanguage) => {
    bestLogit[at] = z;
    bestStart[at] = start;
    bestEnd[at] = end;
    bestLanguage[at] = language;
  };
  let scored = 0;
  for (const [start, end] of splitWindows(text, first.windowLength)) {
    const length = normalizeSpan(text, start, end);
    if (length === 0) continue;
    scored++;
    // A window's language is guessed only when it (or its pair) leads, or when it is held as the
    // first of a pair (its code units are gone by the time the pair is scored).
    let language: ScriptLanguage | null = null;
    let count = 0;
    for (let gi = 0; gi < groups.length; gi++) count = sumUnits(normalizedUnits(), length + 2, bits, groups[gi]!.table, scratch[gi]!.sums);
    const root = Math.sqrt(count);
    const pairRoot = holding ? Math.sqrt(heldCount + count) : 0;
    for (let at = 0; at < heads.length; at++) {
      const h = heads[at]!;
      if (h.windowSpan === 2) {
        if (!holding) continue;
        const { sums, held } = scratch[at >> 2]!;
        const z = h.bias + (h.scale * (held[at & 3]! + sums[at & 3]!)) / pairRoot;
        if (z > bestLogit[at]!) {
          if (language === null) language = guessLanguageOf(normalizedUnits(), 1, length + 1);
          offer(at, z, heldStart, end, pairLanguage(heldLanguage, language));
        }
        continue;
      }
      const z = h.bias + (h.scale * scratch[at >> 2]!.sums[at & 3]!) / root;
      if (z > bestLogit[at]!) {
        if (language === null) language = guessLanguageOf(normalizedUnits(), 1, length + 1);
        offer(at, z, start, end, language);
      }
    }
    if (!anyPair) continue;
    if (holding) holding = false;
    else {
      for (let gi = 0; gi < groups.length; gi++) scratch[gi]!.held.set(scratch[gi]!.sums);
      heldCount = count;
      heldStart = start;
      heldEnd = end;
      heldLanguage = language ?? guessLanguageOf(normalizedUnits(), 1, length + 1);
      holding = true;
    }
  }
  if (holding) {
    const root = Math.sqrt(heldCount);
    for (let at = 0; at < heads.length; at++) {
      const h = heads[at]!;
      if (h.windowSpan !== 2) continue;
      const z = h.bias + (h.scale * scratch[at >> 2]!.held[at & 3]!) / root;
      if (z > bestLogit[at]!) offer(at, z, heldStart, heldEnd, heldLanguage);
    }
  }
  const k = options.topFeatures ?? 5;
  // A winning window is normalized once more as a string only to be explained (a pair as one
  // stretch of text: its n-grams are the pair's, give or take those across the seam).
  const normalizedOf = new Map<string, string>();
  return heads.map((head, i) => {
    const found = bestLogit[i] !== -Infinity;
    // Scoring units: windows, or pairs of them (an odd last window alone); see `length.ts`.
    const discount = lengthDiscount(head.windowSpan === 2 ? Math.ceil(scored / 2) : scored);
    const logit = found ? bestLogit[i]! - discount : head.bias;
    const window: [number, number] = [bestStart[i]!, bestEnd[i]!];
    if (!found) return { head: head.name, score: sigmoid(logit), logit, window, language: 'other', topFeatures: [], empty: true };
    let normalized = '';
    if (k > 0) {
      const key = `${window[0]}:${window[1]}`;
      normalized = normalizedOf.get(key) ?? normalizeWindow(text.slice(window[0], window[1]));
      normalizedOf.set(key, normalized);
    }
    const score: LearnedScore = {
      head: head.name,
      score: sigmoid(logit),
      logit,
      window,
      language: bestLanguage[i]!,
      topFeatures: k > 0 ? explain(normalized, head, k) : [],
    };
    // Set after the literal, not spread into it: an object spread takes V8's slow path (a third
    // of scoring a short text).
    if (discount > 0) score.lengthDiscount = discount;
    return score;
  });
}

/** Scores `text` with one head. */
export function scoreText(text: string, head: LearnedHead, options: ScoreOptions = {}): LearnedScore {
  return scoreTextAll(text, [head], options)[0]!;
}

/**
 * The `k` features of a window with the largest positive summed contribution to the logit.
 * Occurrences are merged by (kind, bucket): the same n-gram always lands in the same bucket, and
 * two n-grams sharing one are indistinguishable to the model anyway (the first one names it).
 */
export function explain(normalized: string, head: LearnedHead, k: number): FeatureContribution[] {
  const trace: FeatureTrace = { kinds: [], starts: [], ends: [] };
  const buckets = new Int32Array(maxFeatureCount(normalized.length));
  const count = extractFeatures(normalized, head.bits, buckets, trace);
  const per = count > 0 ? head.scale / Math.sqrt(count) : 0;
  const kindIds = new Map<string, number>();
  const byFeature = new Map<number, { first: number; contribution: number }>();
  for (let i = 0; i < count; i++) {
    const weight = head.weights[buckets[i]!]!;
    // A feature with weight ≤ 0 never contributes positively: skip it (about half the work).
    if (weight <= 0) continue;
    const kind = trace.kinds[i]!;
    let kindId = kindIds.get(kind);
    if (kindId === undefined) kindIds.set(kind, (kindId = kindIds.size));
    const key = buckets[i]! * 8 + kindId;
    const entry = byFeature.get(key);
    if (entry) entry.contribution += weight * per;
    else byFeature.set(key, { first: i, contribution: weight * per });
  }
  const padded = ' ' + normalized + ' ';
  const nameOf = (first: number) => padded.slice(trace.starts[first]! + 1, trace.ends[first]! + 1);
  // Strongest first; ties by name. Names are only built for the strongest few.
  const ranked = [...byFeature.values()].sort((a, b) => b.contribution - a.contribution);
  const out: FeatureContribution[] = [];
  for (let i = 0; i < ranked.length && out.length < k; ) {
    // All entries tied with ranked[i] are named and ordered together.
    let j = i;
    while (j < ranked.length && ranked[j]!.contribution === ranked[i]!.contribution) j++;
    const tied = ranked.slice(i, j).map((e) => ({ feature: nameOf(e.first), kind: trace.kinds[e.first]!, contribution: e.contribution }));
    tied.sort((a, b) => (a.feature < b.feature ? -1 : a.feature > b.feature ? 1 : 0));
    for (const f of tied) if (out.length < k && f.feature.trim().length > 0) out.push(f);
    i = j;
  }
  return out;
}
