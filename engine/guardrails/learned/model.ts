/**
 * A learned head: a linear model over hashed features, shipped as a JSON data file
 * (`weights/<head>.json`) with int8-quantised weights in base64, a bias, a scale, the feature
 * settings it was trained with, and its calibrated thresholds.
 *
 * A window's logit is `bias + scale · Σ q[bucket] / √count` over its `count` emitted features
 * (the sum is an exact integer; the √count normalisation keeps short and long windows on one
 * scale). Repetition inside one window does add up (a phrase said four times counts twice), which
 * the window size bounds; across windows only the strongest counts, so a long text scores no
 * higher than its strongest window. The score is `sigmoid(logit)`.
 */

import { CHAR_MAX, CHAR_MIN, JAMO_ORDER, MAX_WORD } from './features.ts';

export const HEAD_FORMAT = 'aegis-learned-head/3';

export type HeadName = 'injection' | 'indirect' | 'toxicity' | 'harmful';
export type Sensitivity = 'low' | 'medium' | 'high';

/** Logit thresholds of one operating level; `null` means the head never acts at this level. */
export interface OperatingPoint {
  block: number | null;
  warn: number | null;
}

/** Thresholds per language (`*` = any other) and sensitivity level. */
export type ThresholdTable = Record<string, Record<Sensitivity, OperatingPoint>>;

/** The JSON shape of a weights file. */
export interface HeadFile {
  format: string;
  head: HeadName;
  bits: number;
  windowLength: number;
  /** How many consecutive windows one scored span covers (1 or 2, see score.ts); default 1. */
  windowSpan?: number;
  features: { charMin: number; charMax: number; maxWord: number; initials?: boolean; jamo?: number };
  bias: number;
  scale: number;
  weights: string;
  thresholds: ThresholdTable;
  /** Cross-validated rates behind the thresholds, kept for documentation. */
  calibration?: unknown;
}

/** A decoded head, ready to score. */
export interface LearnedHead {
  name: HeadName;
  bits: number;
  windowLength: number;
  /** 1: each window is scored alone; 2: windows are scored in pairs (0+1, 2+3, …; see score.ts). */
  windowSpan: number;
  bias: number;
  scale: number;
  weights: Int8Array;
  thresholds: ThresholdTable;
}

function decodeBase64(text: string): Int8Array {
  const binary = atob(text);
  const out = new Int8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = (binary.charCodeAt(i) << 24) >> 24;
  return out;
}

/** Validates and decodes a weights file; throws on a file this engine cannot score with. */
export function decodeHead(file: HeadFile): LearnedHead {
  const f = file.features;
  if (file.format !== HEAD_FORMAT) throw new Error(`unsupported learned head format \`${file.format}\``);
  if (f.charMin !== CHAR_MIN || f.charMax !== CHAR_MAX || f.maxWord !== MAX_WORD || f.initials !== true || f.jamo !== JAMO_ORDER) {
    throw new Error(`learned head \`${file.head}\` was trained with other feature settings`);
  }
  const span = file.windowSpan ?? 1;
  if (span !== 1 && span !== 2) throw new Error(`learned head \`${file.head}\` has an unsupported window span ${span}`);
  const weights = decodeBase64(file.weights);
  if (weights.length !== 1 << file.bits) throw new Error(`learned head \`${file.head}\` has a truncated weight table`);
  return {
    name: file.head,
    bits: file.bits,
    windowLength: file.windowLength,
    windowSpan: span,
    bias: file.bias,
    scale: file.scale,
    weights,
    thresholds: file.thresholds,
  };
}

/** The logit of one window from its feature buckets. */
export function windowLogit(head: LearnedHead, buckets: Int32Array, count: number): number {
  if (count === 0) return head.bias;
  const w = head.weights;
  let sum = 0;
  for (let i = 0; i < count; i++) sum += w[buckets[i]!]!;
  return head.bias + (head.scale * sum) / Math.sqrt(count);
}
