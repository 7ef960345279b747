/**
 * Shapes shared by the guardrails: findings (what the public `check` returns), the recognizer
 * interface every detector implements (pattern packs, PII validators, decoders, and later a
 * learned scorer), and the configuration accepted by `createGuardrails`.
 */
import type { ScanContext } from './scan-context.ts';

export type GuardrailName = 'injection' | 'pii' | 'toxicity' | 'prompt_leak';
export type FindingAction = 'block' | 'mask' | 'warn' | 'log';
export type Sensitivity = 'low' | 'medium' | 'high';
export type Direction = 'input' | 'output';

export const GUARDRAIL_NAMES: readonly GuardrailName[] = ['injection', 'pii', 'toxicity', 'prompt_leak'];

/** What the learned tier adds to a finding's explanation (narrowed in `learned/recognizer.ts`). */
export interface LearnedFindingDetail {
  head: string;
  action: 'block' | 'warn';
  /** sigmoid of the strongest window's logit. */
  score: number;
  logit: number;
  /** The logit threshold crossed (from the head's calibration for this language and level). */
  threshold: number;
  language: string;
  window: [number, number];
  topFeatures: { feature: string; kind: string; contribution: number }[];
  /** Already subtracted from `logit`: the text has more windows than calibration saw. */
  lengthDiscount?: number;
}

/**
 * Non-enumerable key on an explanation whose `pattern` is computed on first read (the learned
 * tier's): the part of `pattern` that comes before what is computed lazily. Explanations of one
 * recognizer with different prefixes have different patterns, so grouping by pattern can use the
 * prefix and leave the rest uncomputed. Absent (deleted) once the pattern has been computed.
 */
export const LAZY_PATTERN_PREFIX: unique symbol = Symbol('aegis.lazyPatternPrefix');

/** How a finding came about, so every verdict explains itself. */
export interface Explanation {
  /** Rule or pattern name inside the recognizer. */
  pattern?: string;
  /** Score before context adjustments. */
  baseScore: number;
  /** Outcome of a checksum/shape validator (Luhn, mod-97, RRN checksum…). */
  validator?: 'valid' | 'invalid' | 'not-applicable';
  /** Added (or, when negative, removed) by context words near the match. */
  contextBoost?: number;
  contextWord?: string;
  /** Which text view matched: the plain normalized text, its de-obfuscated form, or a decoded segment. */
  tier: 'pattern' | 'deobfuscated' | 'decoded' | 'echo' | 'learned';
  /** For decoded findings: the decoder chain, e.g. `base64` or `url>base64`. */
  decoder?: string;
  /** For learned-tier findings: which head fired, its score and threshold, the window and the n-grams that pushed it. */
  learned?: LearnedFindingDetail;
}

/** One detection, reported against the ORIGINAL text (UTF-16 offsets). */
export interface Finding {
  guardrail: GuardrailName;
  category: string;
  span: [number, number];
  score: number;
  action: FindingAction;
  recognizer: string;
  explanation: Explanation;
}

/** A recognizer's raw output: a finding before the guardrail's action and threshold are applied. */
export type Detection = Omit<Finding, 'action'>;

/**
 * A detector. Pattern packs, PII validators, the prompt-echo check and a learned scorer all
 * implement this; the registry holds them and the scanner runs those whose guardrail is enabled.
 */
export interface Recognizer {
  readonly id: string;
  readonly guardrail: GuardrailName;
  /** Categories it can report (for listing and filtering). */
  readonly categories: readonly string[];
  /** Directions it applies to; both when absent. */
  readonly directions?: readonly Direction[];
  /** Whether decoded segments (base64, hex, URL, ROT13) should also be fed to it. */
  readonly scansDecoded?: boolean;
  /** `learned` for model-based scorers; `patternTierOnly` runs leave those out. Default `pattern`. */
  readonly tier?: 'pattern' | 'learned';
  scan(ctx: ScanContext): Detection[];
}

export interface GuardrailSettings {
  enabled?: boolean;
  action?: FindingAction;
  sensitivity?: Sensitivity;
  /** Only report these categories (all when absent). */
  categories?: string[];
}

export interface GuardrailsConfig {
  injection?: GuardrailSettings;
  pii?: GuardrailSettings & { maskChar?: string };
  toxicity?: GuardrailSettings;
  prompt_leak?: GuardrailSettings & { minEchoLength?: number };
  /** Texts longer than this (UTF-16 units) are scanned in overlapping windows of this size. */
  windowSize?: number;
  /**
   * Weak cues of a guardrail combine (noisy-OR) only with cues that start within this many
   * UTF-16 units of each other (default 2,000; `Infinity`: the whole text, as before 2026-11-22).
   * One cue that reaches the threshold fires wherever it is.
   */
  evidenceSpan?: number;
  /** Run only the deterministic pattern tier (recognizers whose tier is not `learned`). */
  patternTierOnly?: boolean;
  /** Recognizers to add to the defaults (e.g. a learned scorer). */
  extraRecognizers?: Recognizer[];
}

export interface CheckOptions {
  direction?: Direction;
  systemPrompts?: string[];
}

export interface GuardrailVerdict {
  fired: boolean;
  /** Highest finding score, 0 when nothing was found. */
  score: number;
  action: FindingAction;
  findings: Finding[];
}

export interface GuardrailReport {
  allowed: boolean;
  /** The text after masking (PII with action `mask`). */
  text: string;
  findings: Finding[];
}

/** The report plus one verdict per guardrail (what the eval and the playground use). */
export interface DetailedGuardrailReport extends GuardrailReport {
  guardrails: Record<GuardrailName, GuardrailVerdict>;
}

export interface Guardrails {
  check(text: string, options?: CheckOptions): GuardrailReport;
  checkDetailed(text: string, options?: CheckOptions): DetailedGuardrailReport;
  readonly config: Readonly<GuardrailsConfig>;
}
