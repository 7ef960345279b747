// Threshold selection on out-of-fold logits. For each head and sensitivity level, the block
// threshold is the lowest logit at which every negative group stays within its false-positive
// target; the warn threshold uses looser targets. Targets are set below the project's limits
// (e.g. 0.25% where the limit is 0.5%, 8% where it is 10%) because thresholds chosen on the same
// rows they are measured on are optimistic; train.mjs prints a nested scoreboard (thresholds
// chosen without the scored fold) to check that the margin holds.

const LANGUAGES = ['en', 'ko', 'zh', 'ja'];

/** Negative groups and false-positive targets per head: [group][level] = { block, warn }. */
export const TARGETS = {
  injection: {
    perLanguage: true,
    groups: {
      benign: (r) => r.suite === 'benign' && !r.label,
      benign_long: (r) => r.suite === 'benign_long' && !r.label,
      hard_negatives: (r) => r.suite === 'injection_hard_negatives',
    },
    levels: {
      low: { benign: [0.001, 0.005], benign_long: [0.001, 0.005], hard_negatives: [0.02, 0.05] },
      medium: { benign: [0.0025, 0.01], benign_long: [0.0025, 0.01], hard_negatives: [0.03, 0.08] },
      high: { benign: [0.005, 0.02], benign_long: [0.005, 0.02], hard_negatives: [0.05, 0.1] },
    },
  },
  indirect: {
    perLanguage: false,
    groups: {
      documents: (r) => r.suite === 'indirect_injection' && !r.label,
      benign_long: (r) => r.suite === 'benign_long' && !r.label,
      hard_negatives: (r) => r.suite === 'injection_hard_negatives',
    },
    levels: {
      low: { documents: [0.01, 0.03], benign_long: [0.005, 0.01], hard_negatives: [0.03, 0.05] },
      medium: { documents: [0.025, 0.05], benign_long: [0.01, 0.02], hard_negatives: [0.05, 0.08] },
      high: { documents: [0.03, 0.08], benign_long: [0.02, 0.04], hard_negatives: [0.08, 0.1] },
    },
  },
  toxicity: {
    perLanguage: true,
    groups: {
      toxicity_negatives: (r) => r.suite === 'toxicity' && !r.label,
      benign: (r) => (r.suite === 'benign' || r.suite === 'benign_long') && !r.label,
      hard_negatives: (r) => r.suite === 'injection_hard_negatives',
    },
    levels: {
      low: { toxicity_negatives: [0.05, 0.1], benign: [0.0005, 0.005], hard_negatives: [0.02, 0.05] },
      medium: { toxicity_negatives: [0.08, 0.15], benign: [0.0015, 0.01], hard_negatives: [0.03, 0.08] },
      high: { toxicity_negatives: [0.1, 0.2], benign: [0.003, 0.02], hard_negatives: [0.05, 0.1] },
    },
  },
  harmful: {
    perLanguage: true,
    groups: {
      toxicity_negatives: (r) => r.suite === 'toxicity' && !r.label,
      benign: (r) => (r.suite === 'benign' || r.suite === 'benign_long') && !r.label,
      hard_negatives: (r) => r.suite === 'injection_hard_negatives',
    },
    levels: {
      low: { toxicity_negatives: [0.01, 0.03], benign: [0.0005, 0.005], hard_negatives: [0.01, 0.05] },
      medium: { toxicity_negatives: [0.02, 0.05], benign: [0.001, 0.01], hard_negatives: [0.02, 0.08] },
      high: { toxicity_negatives: [0.03, 0.08], benign: [0.002, 0.02], hard_negatives: [0.03, 0.1] },
    },
  },
};

/** Lowest threshold t (fire when logit > t) keeping the false-positive rate of `logits` ≤ alpha. */
function thresholdFor(logits, alpha) {
  if (logits.length === 0) return -Infinity;
  const sorted = [...logits].sort((a, b) => b - a);
  return sorted[Math.min(sorted.length - 1, Math.floor(alpha * sorted.length))];
}

function pointFor(rows, logits, indices, spec, level) {
  const point = { block: -Infinity, warn: -Infinity };
  for (const [group, test] of Object.entries(spec.groups)) {
    const negatives = indices.filter((i) => test(rows[i])).map((i) => logits[i]);
    const [blockAlpha, warnAlpha] = spec.levels[level][group];
    point.block = Math.max(point.block, thresholdFor(negatives, blockAlpha));
    point.warn = Math.max(point.warn, thresholdFor(negatives, warnAlpha));
  }
  const round = (z) => (z === -Infinity ? null : Math.round(z * 1e6) / 1e6);
  return { block: round(point.block), warn: round(Math.min(point.warn, point.block)) };
}

/**
 * Thresholds per language (the best window's script language, as the engine guesses it at
 * inference) and `*` for everything else, from out-of-fold logits.
 */
export function calibrate(head, rows, logits, languages, subset = null) {
  const spec = TARGETS[head];
  const all = subset ?? rows.map((_, i) => i);
  const table = { '*': {} };
  for (const level of ['low', 'medium', 'high']) table['*'][level] = pointFor(rows, logits, all, spec, level);
  if (spec.perLanguage) {
    for (const lang of LANGUAGES) {
      const indices = all.filter((i) => languages[i] === lang);
      table[lang] = {};
      for (const level of ['low', 'medium', 'high']) table[lang][level] = pointFor(rows, logits, indices, spec, level);
    }
  }
  return table;
}

/** The engine's decision rule, mirrored for reports: block, warn or nothing. */
export function decide(table, lang, level, logit) {
  const point = (table[lang] ?? table['*'])[level];
  if (point.block !== null && logit > point.block) return 'block';
  if (point.warn !== null && logit > point.warn) return 'warn';
  return null;
}
