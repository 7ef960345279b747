/**
 * Long texts: the strongest of many windows. A head's block points are calibrated on texts of
 * up to a few dozen scoring units (windows, or pairs of windows): clean BIPIA documents have at
 * most 29 windows, and 99% of the development split's rows at most 21. The strongest window of a
 * 40 KB manual is the maximum of ~250, and a window score that is rare in one document turns up
 * in most long ones: read as tool output, the indirect head blocked 14% of 485 documentation
 * pages (41 KB on average) at a per-window rate of 0.09%.
 *
 * Beyond `CALIBRATED_UNITS`, the row's logit is lowered by ln(units / CALIBRATED_UNITS): if the
 * chance of a benign window scoring above t falls like e^-t (in the tail it falls faster, about
 * e^-1.5t on those pages), n windows scoring above t + ln(n / N) are no likelier than N windows
 * above t. Training applies the same discount to every row before choosing thresholds, so the
 * cross-validated rates include it.
 */

import { LN2 } from './sigmoid.ts';

/** Texts with at most this many scoring units are scored as they are. */
export const CALIBRATED_UNITS = 32;

/**
 * ln(x) for x > 0 with + - * / only (bit-identical in every engine, unlike `Math.log`):
 * x = m·2^k with m in [1, 2), ln m = 2·atanh((m - 1) / (m + 1)) by its series.
 */
export function deterministicLn(x: number): number {
  if (!(x > 0) || !Number.isFinite(x)) return Number.NaN;
  let k = 0;
  while (x >= 2) {
    x /= 2;
    k++;
  }
  while (x < 1) {
    x *= 2;
    k--;
  }
  const t = (x - 1) / (x + 1);
  const t2 = t * t;
  let term = t;
  let sum = 0;
  // t ≤ 1/3, so 20 odd terms leave less than 9^-20 relative error.
  for (let n = 1; n <= 41; n += 2) {
    sum += term / n;
    term *= t2;
  }
  return 2 * sum + k * LN2;
}

/** What a text of `units` scoring units subtracts from its strongest logit. */
export function lengthDiscount(units: number): number {
  return units > CALIBRATED_UNITS ? deterministicLn(units / CALIBRATED_UNITS) : 0;
}
