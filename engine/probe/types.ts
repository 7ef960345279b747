/** Shapes shared by the probe runner and its generators. */
import type { ActionInput, Decision } from '../types.ts';
import type { RuleModel } from '../policy/model.ts';
import type { Policy } from '../policy/policy.ts';
import type { Random } from './random.ts';
import type vocabularyData from './vocabulary.json';

export type FindingSeverity = 'low' | 'medium' | 'high' | 'critical';
export type Vocabulary = typeof vocabularyData;

/** Probe metadata, as listed in `probes.json`. */
export interface ProbeMeta {
  id: string;
  category: string;
  title: string;
  goal: string;
  tags: string[];
  /** A template: `{name}` placeholders are filled from the finding's details. */
  recommendation: string;
}

/** One generated action and what it tries. */
export interface ProbeCase {
  action: ActionInput;
  /** Findings of one probe with the same group are reported once (the worst, with a count). */
  group: string;
  /** The rule the case tries to get around, when there is one. */
  rule?: RuleModel;
  /** What kind of variant this is (e.g. `prefix`, `homoglyph`). */
  variant?: string;
  /** Placeholder values for the recommendation template. */
  details?: Record<string, string>;
}

export interface ProbeContext {
  readonly policy: Policy;
  readonly random: Random;
  readonly vocabulary: Vocabulary;
}

export interface Verdict {
  severity: FindingSeverity;
  description: string;
  /** Overrides the case's group (e.g. to report every default-decided case once). */
  group?: string;
}

/** A probe's deterministic generator and its judge. */
export interface ProbeGenerator {
  readonly id: string;
  generate(context: ProbeContext): ProbeCase[];
  /** A verdict when the decision shows a weakness, null when the policy holds. */
  judge(probeCase: ProbeCase, decision: Decision, context: ProbeContext): Verdict | null;
}

export interface ProbeFinding {
  category: string;
  severity: FindingSeverity;
  /** The counterexample: an action the policy decides too weakly. */
  action: ActionInput;
  decision: Decision;
  recommendation: string;
  probe: string;
  description: string;
  rule?: string;
  variant?: string;
  /** How many generated actions showed the same weakness (this one is the first of the worst). */
  occurrences: number;
  /** When the policy has time conditions: the instant (ISO 8601, UTC) at which the action got this decision. */
  at?: string;
}

export interface ProbeProgress {
  probe: string;
  /** Actions evaluated so far, out of `total`. */
  done: number;
  total: number;
}

export interface ProbeOptions {
  /**
   * Seed of the generators (default 1): the same seed gives the same report. An integer; only its
   * low 32 bits are used (`aegis probe --seed` accepts 0 to 4294967295). Anything else (NaN, a
   * fraction, a string) throws `ProbeError` (`probe.invalid-seed`).
   */
  seed?: number;
  /**
   * Instants each action is evaluated at; the weakest decision counts (time rules can be waited out).
   * Valid Dates or epoch milliseconds; an empty list or an invalid instant throws `ProbeError`
   * (`probe.invalid-instant`).
   */
  instants?: (Date | number)[];
  /** Only these probe ids (default: all). */
  probes?: string[];
  onProgress?: (event: ProbeProgress) => void;
}

export interface ProbeReport {
  /** 100 minus 20 per critical, 10 per high, 5 per medium, 2 per low finding; at least 0. */
  score: number;
  findings: ProbeFinding[];
  /** Actions generated and evaluated. */
  totalProbes: number;
  counts: Record<FindingSeverity, number>;
  seed: number;
}
