/**
 * The logistic function computed with + - * / only. ECMAScript lets `Math.exp` differ in the
 * last bit between engines; basic arithmetic is IEEE-754 exact, so this gives bit-identical
 * scores in V8, JavaScriptCore and SpiderMonkey.
 */

export const LN2 = 0.6931471805599453;
const INV_LN2 = 1.4426950408889634;

/** e^x for |x| ≤ 40: x = k·ln2 + r with |r| ≤ ln2/2, e^r by a degree-13 Taylor polynomial. */
export function deterministicExp(x: number): number {
  const k = Math.round(x * INV_LN2);
  const r = x - k * LN2;
  let term = 1;
  let sum = 1;
  for (let i = 1; i <= 13; i++) {
    term = (term * r) / i;
    sum += term;
  }
  // 2^k by repeated doubling or halving: exact for the small |k| used here.
  let scale = 1;
  const step = k >= 0 ? 2 : 0.5;
  for (let i = Math.abs(k); i > 0; i--) scale *= step;
  return sum * scale;
}

/** 1 / (1 + e^-z), with z clamped to [-40, 40]. */
export function sigmoid(z: number): number {
  const clamped = z > 40 ? 40 : z < -40 ? -40 : z;
  return 1 / (1 + deterministicExp(-clamped));
}

/** The inverse of `sigmoid` for thresholds given as probabilities (used offline only). */
export function logit(p: number): number {
  return Math.log(p / (1 - p));
}
