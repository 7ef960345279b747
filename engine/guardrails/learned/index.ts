// The learned detection tier: hashed n-gram linear heads, windowed scoring, calibrated decisions.
// Re-exports only.

export { scoreText, scoreTextAll, explain } from './score.ts';
export { decide, operatingPoint } from './decide.ts';
export { loadHead, loadHeads, loadLearnedRecognizers, HEAD_NAMES } from './load.ts';
export { decodeHead, windowLogit, HEAD_FORMAT } from './model.ts';
export { createLearnedRecognizers, LearnedScorer, BLOCK_SCORE, WARN_SCORE } from './recognizer.ts';
export { splitWindows, WINDOW_LENGTH } from './windows.ts';
export { normalizeWindow, normalizeSpan, normalizedUnits } from './normalize.ts';
export { guessLanguage, guessLanguageOf } from './language.ts';

export type { LearnedScore, ScoreOptions, FeatureContribution } from './score.ts';
export type { LearnedAction } from './decide.ts';
export type { LoadLearnedOptions } from './load.ts';
export type { LearnedDetail, LearnedExplanation } from './recognizer.ts';
export type { HeadFile, HeadName, LearnedHead, OperatingPoint, Sensitivity, ThresholdTable } from './model.ts';
export type { ScriptLanguage } from './language.ts';
export type { WindowSpan } from './windows.ts';
