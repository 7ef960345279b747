/**
 * Scores a text with one or more learned heads: the text is cut into windows, each window is
 * normalized and hashed once, every head scores every window, and each head keeps its strongest
 * window. The winning window is then re-hashed with a trace to name the n-grams that pushed the
 * score up.
 *
 * @example
 *   const head = await loadHead('injection');
 *   const r = scoreText('Ignore all previous instructions and …', head);
 *   // r.score ∈ [0, 1], r.window = [start, end) in the original text, r.topFeatures = [...]
 */

import { extractFeatures, maxFeatureCount, type FeatureTrace } from './features.ts';
import { guessLanguage, type ScriptLanguage } from './language.ts';
import { windowLogit, type HeadName, type LearnedHead } from './model.ts';
import { normalizeWindow } from './normalize.ts';
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
  logit: number;
  /** The strongest window, [start, end) UTF-16 offsets into the original text. */
  window: [number, number];
  /** Script-based language of the strongest window (selects thresholds). */
  language: ScriptLanguage;
  topFeatures: FeatureContribution[];
}

export interface ScoreOptions {
  /** How many contributing features to report (default 5; 0 skips the explanation pass). */
  topFeatures?: number;
}

let buffer = new Int32Array(4096);

function bucketsFor(normalized: string, bits: number): number {
  const need = maxFeatureCount(normalized.length);
  if (buffer.length < need) buffer = new Int32Array(need * 2);
  return extractFeatures(normalized, bits, buffer);
}

/** Scores `text` with every head in `heads` (which must share one bucket count). */
export function scoreTextAll(text: string, heads: readonly LearnedHead[], options: ScoreOptions = {}): LearnedScore[] {
  const first = heads[0];
  if (!first) return [];
  const bits = first.bits;
  for (const h of heads) if (h.bits !== bits || h.windowLength !== first.windowLength) throw new Error('learned heads disagree on feature settings');
  const best = heads.map((h) => ({ logit: -Infinity, start: 0, end: 0, normalized: '', head: h }));
  for (const [start, end] of splitWindows(text, first.windowLength)) {
    const normalized = normalizeWindow(text.slice(start, end));
    if (normalized.length === 0) continue;
    const count = bucketsFor(normalized, bits);
    for (const b of best) {
      const z = windowLogit(b.head, buffer, count);
      if (z > b.logit) Object.assign(b, { logit: z, start, end, normalized });
    }
  }
  const k = options.topFeatures ?? 5;
  return best.map((b) => {
    const logit = b.logit === -Infinity ? b.head.bias : b.logit;
    return {
      head: b.head.name,
      score: sigmoid(logit),
      logit,
      window: [b.start, b.end],
      language: guessLanguage(b.normalized),
      topFeatures: k > 0 && b.normalized ? explain(b.normalized, b.head, k) : [],
    };
  });
}

/** Scores `text` with one head. */
export function scoreText(text: string, head: LearnedHead, options: ScoreOptions = {}): LearnedScore {
  return scoreTextAll(text, [head], options)[0]!;
}

/** The `k` features of a window with the largest positive summed contribution to the logit. */
export function explain(normalized: string, head: LearnedHead, k: number): FeatureContribution[] {
  const trace: FeatureTrace = { kinds: [], starts: [], ends: [] };
  const buckets = new Int32Array(maxFeatureCount(normalized.length));
  const count = extractFeatures(normalized, head.bits, buckets, trace);
  const per = count > 0 ? head.scale / Math.sqrt(count) : 0;
  const padded = ' ' + normalized + ' ';
  const byFeature = new Map<string, FeatureContribution>();
  for (let i = 0; i < count; i++) {
    const kind = trace.kinds[i]!;
    const feature = padded.slice(trace.starts[i]! + 1, trace.ends[i]! + 1);
    const key = kind + '\u0000' + feature;
    const entry = byFeature.get(key) ?? { feature, kind, contribution: 0 };
    entry.contribution += head.weights[buckets[i]!]! * per;
    byFeature.set(key, entry);
  }
  return [...byFeature.values()]
    .filter((f) => f.contribution > 0 && f.feature.trim().length > 0)
    .sort((a, b) => b.contribution - a.contribution || (a.feature < b.feature ? -1 : 1))
    .slice(0, k);
}
