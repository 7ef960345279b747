/**
 * Turns a head's score into an action at a sensitivity level, using the thresholds calibrated
 * by cross-validation (stored in the head's weights file): `block` when the strongest window's
 * logit exceeds the level's block threshold, `warn` above the looser warn threshold, otherwise
 * nothing. Thresholds are per script language where the data supported it, `*` otherwise. A
 * text with nothing to score (see `LearnedScore.empty`) gets no action.
 */

import type { LearnedHead, OperatingPoint, Sensitivity } from './model.ts';
import type { LearnedScore } from './score.ts';

export type LearnedAction = 'block' | 'warn' | null;

/** The operating point used for a score's language at `level`. */
export function operatingPoint(head: LearnedHead, language: string, level: Sensitivity): OperatingPoint {
  const table = head.thresholds[language] ?? head.thresholds['*'];
  const point = table?.[level];
  if (!point) throw new Error(`learned head \`${head.name}\` has no thresholds for \`${level}\``);
  return point;
}

/** block, warn or nothing for `score` (from this head) at `level`. */
export function decide(head: LearnedHead, score: LearnedScore, level: Sensitivity): LearnedAction {
  if (score.empty) return null;
  const point = operatingPoint(head, score.language, level);
  if (point.block !== null && score.logit > point.block) return 'block';
  if (point.warn !== null && score.logit > point.warn) return 'warn';
  return null;
}
