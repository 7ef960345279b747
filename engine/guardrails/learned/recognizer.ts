/**
 * The learned tier as guardrail recognizers (`Recognizer` of ../types.ts): one for injection,
 * one for toxicity. Both read one shared scoring pass (every head, one hashing pass per window,
 * memoised for the text being checked), and report a detection only when a head's calibrated
 * operating point says so:
 *   - `block` → score BLOCK_SCORE, above every sensitivity threshold: the learned tier alone
 *     makes the guardrail fire;
 *   - `warn`  → score WARN_SCORE, below every threshold: alone it never fires, but combined with
 *     pattern findings (noisy-OR in guardrails.ts) a weak learned signal plus a weak pattern
 *     signal reach the guardrail's threshold.
 * Direction `input` (prompts) uses the injection head; `output` (model or tool output, read as a
 * document) uses the indirect-injection head, calibrated on documents. Toxicity fires on the
 * stronger of the toxicity (abusive language) and harmful (requests for harm) heads.
 *
 * Every learned detection carries `explanation.learned` (head, score, logit, the threshold it
 * crossed, language, window, top n-grams) for UIs such as the playground's guardrail panel.
 *
 * @example
 *   const g = createGuardrails({ extraRecognizers: await loadLearnedRecognizers() });
 */

import type { ScanContext } from '../scan-context.ts';
import { LAZY_PATTERN_PREFIX, type Detection, type Explanation, type GuardrailName, type LearnedFindingDetail, type Recognizer } from '../types.ts';
import { decide, operatingPoint, type LearnedAction } from './decide.ts';
import type { HeadName, LearnedHead, Sensitivity } from './model.ts';
import { normalizeWindow } from './normalize.ts';
import { explain, scoreTextAll, type FeatureContribution, type LearnedScore } from './score.ts';

export const BLOCK_SCORE = 0.95;
export const WARN_SCORE = 0.35;

/** What the learned tier adds to a finding's explanation, with the head and features typed. */
export interface LearnedDetail extends LearnedFindingDetail {
  head: HeadName;
  topFeatures: FeatureContribution[];
}

/** An explanation from the learned tier (`tier: 'learned'`) with its detail. */
export interface LearnedExplanation extends Explanation {
  learned: LearnedDetail;
}

/** One scoring pass of every head over a text, shared by the recognizers of one check. */
export class LearnedScorer {
  /**
   * By the check's scan context, not by text: memoised across checks, a repeated text was scored
   * once, which made the bench (the same 10 KB checked again and again) time the pattern tier
   * alone under the "patterns + learned" label.
   */
  private readonly byCheck = new WeakMap<ScanContext, readonly LearnedScore[]>();
  readonly heads: readonly LearnedHead[];

  constructor(heads: Partial<Record<HeadName, LearnedHead>>) {
    this.heads = Object.values(heads).filter((h): h is LearnedHead => h !== undefined);
  }

  /**
   * Every head's score of the checked text (without explanations), once per check; a text given
   * as a string is scored on every call.
   */
  scores(check: ScanContext | string): readonly LearnedScore[] {
    if (typeof check === 'string') return scoreTextAll(check, this.heads, { topFeatures: 0 });
    let scores = this.byCheck.get(check);
    if (!scores) this.byCheck.set(check, (scores = scoreTextAll(check.original, this.heads, { topFeatures: 0 })));
    return scores;
  }

  head(name: HeadName): LearnedHead | undefined {
    return this.heads.find((h) => h.name === name);
  }
}

/**
 * `{ pattern, baseScore, tier, learned }`, with `pattern` and `learned` computed on first read
 * (then stored as ordinary data properties, in the same key order); until then the explanation
 * carries its pattern's prefix under `LAZY_PATTERN_PREFIX` (head, action, score and language come
 * before the n-grams, and no language holds "); ", so different prefixes mean different patterns).
 * Explanations cost more than scoring and most checks never read them; JSON.stringify,
 * structured clone, spreads and property reads all see the same object as if it had been built
 * eagerly. The explanation keeps the checked text alive until it is read (as the report's
 * findings hold spans into it anyway).
 */
function lazyExplanation(prefix: string, baseScore: number, compute: () => { pattern: string; learned: LearnedDetail }): LearnedExplanation {
  const e = {} as LearnedExplanation;
  let computed: { pattern: string; learned: LearnedDetail } | undefined;
  const data = (value: unknown): PropertyDescriptor => ({ value, writable: true, enumerable: true, configurable: true });
  const materialize = (): { pattern: string; learned: LearnedDetail } => {
    if (computed) return computed;
    computed = compute();
    // Reflect: on an object frozen meanwhile these fail quietly and the getters keep answering.
    Reflect.defineProperty(e, 'pattern', data(computed.pattern));
    Reflect.defineProperty(e, 'learned', data(computed.learned));
    Reflect.deleteProperty(e, LAZY_PATTERN_PREFIX);
    return computed;
  };
  const lazy = (key: 'pattern' | 'learned'): PropertyDescriptor => ({
    get: () => materialize()[key],
    set(v: unknown) {
      materialize();
      Reflect.defineProperty(e, key, data(v));
    },
    enumerable: true,
    configurable: true,
  });
  Object.defineProperty(e, 'pattern', lazy('pattern'));
  Object.defineProperty(e, 'baseScore', data(baseScore));
  Object.defineProperty(e, 'tier', data('learned'));
  Object.defineProperty(e, 'learned', lazy('learned'));
  Object.defineProperty(e, LAZY_PATTERN_PREFIX, { value: prefix, writable: false, enumerable: false, configurable: true });
  return e;
}

function detection(
  guardrail: GuardrailName,
  id: string,
  head: LearnedHead,
  score: LearnedScore,
  action: Exclude<LearnedAction, null>,
  level: Sensitivity,
  text: string,
): Detection {
  const prefix = `${score.head} head ${action} (score ${score.score.toFixed(3)}, ${score.language}); top n-grams: `;
  const explanation = lazyExplanation(prefix, score.score, () => {
    // Explanations cost more than scoring: only a window that leads to a detection is explained,
    // and only when the explanation is read.
    const topFeatures = explain(normalizeWindow(text.slice(score.window[0], score.window[1])), head, 5);
    const point = operatingPoint(head, score.language, level);
    const threshold = (action === 'block' ? point.block : point.warn) ?? Number.NaN;
    const features = topFeatures.map((f) => JSON.stringify(f.feature)).join(', ');
    return {
      pattern: prefix + features,
      learned: {
        head: head.name,
        action,
        score: score.score,
        logit: score.logit,
        threshold,
        language: score.language,
        window: score.window,
        topFeatures,
        ...(score.lengthDiscount !== undefined ? { lengthDiscount: score.lengthDiscount } : {}),
      },
    };
  });
  return {
    guardrail,
    category: `learned_${score.head}`,
    span: score.window,
    score: action === 'block' ? BLOCK_SCORE : WARN_SCORE,
    recognizer: id,
    explanation,
  };
}

class LearnedRecognizer implements Recognizer {
  readonly tier = 'learned' as const;
  readonly scansDecoded = false;

  constructor(
    readonly id: string,
    readonly guardrail: GuardrailName,
    readonly categories: readonly string[],
    private readonly scorer: LearnedScorer,
    private readonly headsFor: (ctx: ScanContext) => HeadName[],
  ) {}

  scan(ctx: ScanContext): Detection[] {
    const wanted = this.headsFor(ctx);
    const level: Sensitivity = ctx.options.sensitivity[this.guardrail];
    let best: Detection | null = null;
    for (const score of this.scorer.scores(ctx)) {
      if (!wanted.includes(score.head)) continue;
      const head = this.scorer.head(score.head)!;
      const action = decide(head, score, level);
      if (!action) continue;
      const d = detection(this.guardrail, this.id, head, score, action, level, ctx.original);
      if (!best || d.score > best.score) best = d;
    }
    return best ? [best] : [];
  }
}

/**
 * The learned injection and toxicity recognizers over already-loaded heads. Heads left out are
 * simply not consulted (e.g. toxicity only).
 */
export function createLearnedRecognizers(heads: Partial<Record<HeadName, LearnedHead>>): Recognizer[] {
  const scorer = new LearnedScorer(heads);
  const out: Recognizer[] = [];
  if (heads.injection || heads.indirect) {
    out.push(
      new LearnedRecognizer('learned-injection', 'injection', ['learned_injection', 'learned_indirect'], scorer, (ctx) =>
        ctx.options.direction === 'output' ? ['indirect'] : ['injection'],
      ),
    );
  }
  if (heads.toxicity || heads.harmful) {
    out.push(new LearnedRecognizer('learned-toxicity', 'toxicity', ['learned_toxicity', 'learned_harmful'], scorer, () => ['toxicity', 'harmful']));
  }
  return out;
}
