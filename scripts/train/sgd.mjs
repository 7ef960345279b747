// Logistic regression over hashed window features, trained with AdaGrad as a multiple-instance
// problem: a row is positive when its strongest window is, so each step updates the row's
// highest-scoring window (for a benign row, that is the window most likely to be a false
// positive: hard-negative mining for free). The first epoch has no meaningful "strongest window"
// yet, so positives spread their update over all their windows.
import { mulberry32, shuffle } from './random.mjs';

/**
 * @param data   featurize() output
 * @param items  [{ row, y, w }] training instances
 * @param opts   { bits, epochs, rate, l2, seed }
 * @returns { weights: Float64Array, bias }
 */
export function train(data, items, opts) {
  const { bits, epochs, rate, l2, seed } = opts;
  const focal = opts.focal ?? 0;
  const size = 1 << bits;
  const w = new Float64Array(size);
  const g2 = new Float64Array(size).fill(1e-8);
  let bias = 0;
  let biasG2 = 1e-8;
  const random = mulberry32(seed);
  const order = items.map((_, i) => i);
  const { winStart, featBegin, featEnd, invSqrt, feat } = data;

  const logitOf = (win) => {
    let s = 0;
    for (let f = featBegin[win]; f < featEnd[win]; f++) s += w[feat[f]];
    return bias + s * invSqrt[win];
  };
  const step = (win, grad) => {
    const scaled = grad * invSqrt[win];
    for (let f = featBegin[win]; f < featEnd[win]; f++) {
      const j = feat[f];
      const g = scaled + l2 * w[j];
      g2[j] += g * g;
      w[j] -= (rate * g) / Math.sqrt(g2[j]);
    }
    biasG2 += grad * grad;
    bias -= (rate * grad) / Math.sqrt(biasG2);
  };

  for (let epoch = 0; epoch < epochs; epoch++) {
    shuffle(order, random);
    for (const i of order) {
      const { row, y, w: weight } = items[i];
      const first = winStart[row];
      const last = winStart[row + 1];
      if (first === last) continue;
      if (epoch === 0 && y === 1) {
        const share = weight / (last - first);
        for (let win = first; win < last; win++) step(win, (sigmoid(logitOf(win)) - 1) * share);
        continue;
      }
      let best = first;
      let bestZ = -Infinity;
      for (let win = first; win < last; win++) {
        const z = logitOf(win);
        if (z > bestZ) {
          bestZ = z;
          best = win;
        }
      }
      // Negatives the model already scores high are up-weighted (a focal-style tail emphasis):
      // the operating points sit at false-positive rates of a fraction of a percent.
      const p = sigmoid(bestZ);
      step(best, (p - y) * weight * (y === 0 && focal > 0 ? 1 + focal * p : 1));
    }
  }
  return { weights: w, bias };
}

function sigmoid(z) {
  return 1 / (1 + Math.exp(-z));
}

/** int8 quantisation: scale from the 99.99th percentile of |w|, values beyond it clipped. */
export function quantize(weights) {
  const magnitudes = Float64Array.from(weights, Math.abs).sort();
  const top = magnitudes[Math.floor(magnitudes.length * 0.9999)] || 1;
  const scale = top / 127;
  const q = new Int8Array(weights.length);
  for (let i = 0; i < weights.length; i++) q[i] = Math.max(-127, Math.min(127, Math.round(weights[i] / scale)));
  return { q, scale };
}

/** Row logits (strongest window) of a quantised head, exactly as the engine computes them. */
export function rowLogits(data, rows, head) {
  const { winStart, featBegin, featEnd, feat } = data;
  const total = winStart.length - 1;
  const out = new Float64Array(total);
  const bestWin = new Int32Array(total).fill(-1);
  for (const r of rows) {
    let best = -Infinity;
    for (let win = winStart[r]; win < winStart[r + 1]; win++) {
      let s = 0;
      for (let f = featBegin[win]; f < featEnd[win]; f++) s += head.q[feat[f]];
      const n = featEnd[win] - featBegin[win];
      const z = n === 0 ? head.bias : head.bias + (head.scale * s) / Math.sqrt(n);
      if (z > best) {
        best = z;
        bestWin[r] = win;
      }
    }
    // A row with nothing to score (no window, or only windows in scripts the heads do not read)
    // gets no action from the engine (decide.ts): -Infinity exceeds no threshold. A long row's
    // strongest window is discounted as in the engine (learned/length.ts).
    out[r] = best - (head.discount ? head.discount(winStart[r + 1] - winStart[r]) : 0);
  }
  return { logits: out, bestWin };
}
