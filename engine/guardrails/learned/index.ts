// The learned detection tier: hashed n-gram linear heads, windowed scoring, calibrated decisions.
// Re-exports only.

export { scoreText, scoreTextAll, explain } from './score.ts';
export { decide, operatingPoint } from './decide.ts';
export { loadHead, loadHeads, HEAD_NAMES } from './load.ts';
export { decodeHead, windowLogit, HEAD_FORMAT } from './model.ts';
export { createLearnedRecognizers, BLOCK_SCORE, WARN_SCORE } from './recognizer.ts';
export { splitWindows, WINDOW_LENGTH } from './windows.ts';
export { normalizeWindow } from './normalize.ts';
export { guessLanguage } from './language.ts';

export type { LearnedScore, ScoreOptions, FeatureContribution } from './score.ts';
export type { LearnedAction } from './decide.ts';
export type { HeadFile, HeadName, LearnedHead, OperatingPoint, Sensitivity, ThresholdTable } from './model.ts';
export type { ScriptLanguage } from './language.ts';
export type { WindowSpan } from './windows.ts';
