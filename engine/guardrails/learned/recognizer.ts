/**
 * The learned tier as guardrail recognizers (`Recognizer` of ../types.ts): one for injection,
 * one for toxicity. Each scores the text once per call with the heads it needs and reports a
 * detection only when a head's calibrated operating point says so:
 *   - `block` → score BLOCK_SCORE, above every sensitivity threshold: the learned tier alone
 *     makes the guardrail fire;
 *   - `warn`  → score WARN_SCORE, below every threshold: alone it never fires, but combined with
 *     pattern findings (noisy-OR in guardrails.ts) it raises the guardrail's score.
 * Direction `input` (prompts) uses the injection head; `output` (model or tool output, read as a
 * document) uses the indirect-injection head, calibrated on documents. Toxicity fires on the
 * stronger of the toxicity (abusive language) and harmful (requests for harm) heads.
 *
 * @example
 *   const g = createGuardrails({ extraRecognizers: createLearnedRecognizers(await loadHeads()) });
 */

import type { ScanContext } from '../scan-context.ts';
import type { Detection, GuardrailName, Recognizer } from '../types.ts';
import { decide, type LearnedAction } from './decide.ts';
import type { HeadName, LearnedHead, Sensitivity } from './model.ts';
import { normalizeWindow } from './normalize.ts';
import { explain, scoreTextAll, type LearnedScore } from './score.ts';

export const BLOCK_SCORE = 0.95;
export const WARN_SCORE = 0.35;

/** What a learned detection explains: the head, its score and window, the n-grams behind it. */
function detection(guardrail: GuardrailName, id: string, score: LearnedScore, action: Exclude<LearnedAction, null>): Detection {
  const features = score.topFeatures.map((f) => JSON.stringify(f.feature)).join(', ');
  return {
    guardrail,
    category: `learned_${score.head}`,
    span: score.window,
    score: action === 'block' ? BLOCK_SCORE : WARN_SCORE,
    recognizer: id,
    explanation: {
      pattern: `${score.head} head ${action} (score ${score.score.toFixed(3)}, ${score.language}); top n-grams: ${features}`,
      baseScore: score.score,
      tier: 'learned',
    },
  };
}

class LearnedRecognizer implements Recognizer {
  readonly tier = 'learned' as const;
  readonly scansDecoded = false;

  constructor(
    readonly id: string,
    readonly guardrail: GuardrailName,
    readonly categories: readonly string[],
    private readonly headsFor: (ctx: ScanContext) => LearnedHead[],
  ) {}

  scan(ctx: ScanContext): Detection[] {
    const heads = this.headsFor(ctx);
    const level: Sensitivity = ctx.options.sensitivity[this.guardrail];
    let best: Detection | null = null;
    // Explanations cost more than scoring: only a window that leads to a detection is explained.
    for (const score of scoreTextAll(ctx.original, heads, { topFeatures: 0 })) {
      const head = heads.find((h) => h.name === score.head)!;
      const action = decide(head, score, level);
      if (!action) continue;
      score.topFeatures = explain(normalizeWindow(ctx.original.slice(score.window[0], score.window[1])), head, 5);
      const d = detection(this.guardrail, this.id, score, action);
      if (!best || d.score > best.score) best = d;
    }
    return best ? [best] : [];
  }
}

/** The learned injection and toxicity recognizers over already-loaded heads. */
export function createLearnedRecognizers(heads: Record<HeadName, LearnedHead>): Recognizer[] {
  return [
    new LearnedRecognizer('learned-injection', 'injection', ['learned_injection', 'learned_indirect'], (ctx) =>
      ctx.options.direction === 'output' ? [heads.indirect] : [heads.injection],
    ),
    new LearnedRecognizer('learned-toxicity', 'toxicity', ['learned_toxicity', 'learned_harmful'], () => [heads.toxicity, heads.harmful]),
  ];
}
