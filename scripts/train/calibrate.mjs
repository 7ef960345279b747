// Threshold selection on out-of-fold logits, for the COMBINED decision (pattern tier OR learned
// tier). For each head and sensitivity level, the block threshold is the lowest logit at which
// every negative group stays within its budget:
//   - groups that a project metric counts (benign short / long "any block", NotInject, toxicity
//     per language, BIPIA documents) have a budget for the combined false-positive rate. Rows the
//     pattern tier already flags (`patternFlags`, from patterns.mjs, same level) are false
//     positives whatever the learned tier does: they are taken off the budget, and the threshold
//     is chosen on the remaining rows only. What is left is shared between the heads that can
//     fire on the group (`share`), so their union stays within the budget too. When the pattern
//     tier alone uses up a budget the head gets no block point there (it only warns);
//   - the other groups (proxies: the indirect head on prompts, toxicity heads on NotInject) keep
//     a plain false-positive target for the head alone.
// The warn threshold (below block; alone it never fires, it only raises the pattern score) uses
// the looser per-head targets, on all rows. Budgets sit below the project's limits (0.5% short,
// 2% long, 5% NotInject, 10% toxicity per language, 3% BIPIA at medium): the pattern part is exact
// (it does not depend on the folds), the learned part is optimistic on the rows it was chosen on;
// train.mjs prints a nested scoreboard (thresholds chosen without the scored fold) and, with
// --combined, the union with the real pattern tier to check that the margin holds.

import { DOCUMENT_FILES } from './roles.mjs';

const LANGUAGES = ['en', 'ko', 'zh', 'ja'];

/**
 * Combined false-positive budgets per metric group and level (pattern tier OR learned tier), and
 * the pattern-tier flag that already counts a row of the group as a false positive.
 */
export const BUDGETS = {
  // Short prompts: 0.3% at medium, not 0.4%: the pattern tier alone uses 0.34% (English and Korean
  // have nothing left either way), and Japanese prompts, the only language with budget left, leak
  // about twice their in-sample share out of fold: nested 0.48% / 0.53% (seeds 1 / 2) at 0.4%,
  // 0.49% / 0.52% at 0.35%, 0.49% / 0.47% at 0.3%.
  benign: { covered: (p) => p.injection || p.toxicity, low: 0.0025, medium: Number(process.env.AEGIS_BENIGN_MEDIUM ?? 0.003), high: 0.0075 },
  benign_long: { covered: (p) => p.injection || p.toxicity, low: 0.01, medium: 0.016, high: 0.03 },
  not_inject: { covered: (p) => p.injection, low: 0.02, medium: 0.04, high: 0.06 },
  toxicity_negatives: { covered: (p) => p.toxicity, low: 0.06, medium: 0.085, high: 0.12 },
  // Clean BIPIA documents: 1.5% at medium (was 2.5%; 1% low). The only English documents the
  // indirect head is calibrated on; with 2.5% (2%) it blocked 0.63% (0.58%) of 8,052 paragraphs of
  // package docs and READMEs (evaluation only, not in the split), with 1.5% 0.38%, nested BIPIA
  // recall 64.4 → 63.3%.
  documents: { covered: (p) => p.injection, low: 0.01, medium: Number(process.env.AEGIS_DOCUMENTS_MEDIUM ?? 0.015), high: 0.04 },
};

const isBenign = (r) => r.suite === 'benign' && !r.label;
const isBenignLong = (r) => r.suite === 'benign_long' && !r.label;
const isBenignDocument = (r) => isBenignLong(r) && DOCUMENT_FILES.has(r.file.split('__')[0]);
const isBenignLongPrompt = (r) => isBenignLong(r) && !DOCUMENT_FILES.has(r.file.split('__')[0]);
// Prompts bound the indirect head (which reads documents) loosely: long user prompts and NotInject
// at 10% (medium). With 5% they, not BIPIA's clean documents, set its threshold (57% at 0.3% FPR
// once it stopped learning languages as attacks, see roles.mjs).
const PROMPT_PROXY_TARGETS = [[0.05, 0.08], [0.1, 0.12], [0.15, 0.2]];
const LONG_PROMPT_TARGETS = process.env.AEGIS_LONG_PROMPT_TARGETS ? JSON.parse(process.env.AEGIS_LONG_PROMPT_TARGETS) : PROMPT_PROXY_TARGETS;
const INDIRECT_PROMPT_TARGETS = process.env.AEGIS_INDIRECT_NI_TARGETS ? JSON.parse(process.env.AEGIS_INDIRECT_NI_TARGETS) : PROMPT_PROXY_TARGETS;
const isHardNegative = (r) => r.suite === 'injection_hard_negatives';
const isToxicityNegative = (r) => r.suite === 'toxicity' && !r.label;

/**
 * Negative groups per head. `budget` names a combined budget of BUDGETS and `share` the part of
 * what the pattern tier leaves that this head may use (the shares of the heads that fire on a
 * group add up to 1: injection + toxicity + harmful on benign prompts, toxicity + harmful on
 * non-toxic rows); `targets` [low, medium, high] are [block, warn] rates of the head alone
 * (block is used only for groups without a budget).
 */
export const TARGETS = {
  injection: {
    perLanguage: true,
    groups: {
      benign: { test: isBenign, budget: 'benign', share: 0.5, targets: [[0, 0.005], [0, 0.01], [0, 0.02]] },
      benign_long: { test: isBenignLong, budget: 'benign_long', share: 0.5, targets: [[0, 0.005], [0, 0.01], [0, 0.02]] },
      hard_negatives: { test: isHardNegative, budget: 'not_inject', share: 1, targets: [[0, 0.05], [0, 0.08], [0, 0.1]] },
    },
  },
  indirect: {
    perLanguage: false,
    groups: {
      documents: { test: (r) => r.suite === 'indirect_injection' && !r.label, budget: 'documents', share: 1, targets: [[0, 0.03], [0, 0.05], [0, 0.08]] },
      // Proxies: the indirect head reads tool output, not prompts, but must not learn "long = attack":
      // long benign documents (reading-comprehension contexts, exam texts) are held as tightly as
      // BIPIA's clean documents; long user prompts ("I want you to act as …") and NotInject are
      // instruction-shaped by nature, what an injected instruction looks like, and only bound the
      // head loosely.
      benign_long: { test: isBenignDocument, targets: [[0.005, 0.01], [0.01, 0.02], [0.02, 0.04]] },
      benign_long_prompts: { test: isBenignLongPrompt, targets: LONG_PROMPT_TARGETS },
      hard_negatives: { test: isHardNegative, targets: INDIRECT_PROMPT_TARGETS },
    },
  },
  toxicity: {
    perLanguage: true,
    groups: {
      toxicity_negatives: { test: isToxicityNegative, budget: 'toxicity_negatives', share: 0.8, targets: [[0, 0.1], [0, 0.15], [0, 0.2]] },
      benign: { test: isBenign, budget: 'benign', share: 0.3, targets: [[0, 0.005], [0, 0.01], [0, 0.02]] },
      benign_long: { test: isBenignLong, budget: 'benign_long', share: 0.3, targets: [[0, 0.005], [0, 0.01], [0, 0.02]] },
      hard_negatives: { test: isHardNegative, targets: [[0.02, 0.05], [0.03, 0.08], [0.05, 0.1]] },
    },
  },
  harmful: {
    perLanguage: true,
    groups: {
      toxicity_negatives: { test: isToxicityNegative, budget: 'toxicity_negatives', share: 0.2, targets: [[0, 0.03], [0, 0.05], [0, 0.08]] },
      benign: { test: isBenign, budget: 'benign', share: 0.2, targets: [[0, 0.005], [0, 0.01], [0, 0.02]] },
      benign_long: { test: isBenignLong, budget: 'benign_long', share: 0.2, targets: [[0, 0.005], [0, 0.01], [0, 0.02]] },
      hard_negatives: { test: isHardNegative, targets: [[0.01, 0.05], [0.02, 0.08], [0.03, 0.1]] },
    },
  },
};

const LEVELS = ['low', 'medium', 'high'];

/** Lowest threshold t (fire when logit > t) letting at most `count` of `logits` fire. */
function thresholdForCount(logits, count) {
  if (count < 0) return Infinity;
  if (count >= logits.length) return -Infinity;
  const sorted = [...logits].sort((a, b) => b - a);
  return sorted[count];
}

/** Lowest threshold t (fire when logit > t) keeping the false-positive rate of `logits` ≤ alpha. */
function thresholdFor(logits, alpha) {
  if (logits.length === 0) return -Infinity;
  return thresholdForCount(logits, Math.min(logits.length - 1, Math.floor(alpha * logits.length)));
}

function pointFor(rows, logits, indices, spec, level, patternFlags) {
  const li = LEVELS.indexOf(level);
  const point = { block: -Infinity, warn: -Infinity };
  for (const group of Object.values(spec.groups)) {
    const members = indices.filter((i) => group.test(rows[i]));
    const [blockAlpha, warnAlpha] = group.targets[li];
    point.warn = Math.max(point.warn, thresholdFor(members.map((i) => logits[i]), warnAlpha));
    if (!group.budget) {
      point.block = Math.max(point.block, thresholdFor(members.map((i) => logits[i]), blockAlpha));
      continue;
    }
    const budget = BUDGETS[group.budget];
    const covered = patternFlags ? (i) => budget.covered(patternFlags[level][i]) : () => false;
    const open = members.filter((i) => !covered(i));
    const left = budget[level] * members.length - (members.length - open.length);
    point.block = Math.max(point.block, thresholdForCount(open.map((i) => logits[i]), left < 0 ? -1 : Math.floor(group.share * left)));
  }
  // Rounded up: "fire when logit > t", so a row kept below the threshold stays below it.
  const round = (z) => (Number.isFinite(z) ? Math.ceil(z * 1e6) / 1e6 : null);
  // -Infinity (no negatives at all) and Infinity (no budget left) both mean: never block.
  const block = round(point.block);
  const warn = point.warn === -Infinity ? null : round(block === null ? point.warn : Math.min(point.warn, point.block));
  return { block, warn };
}

/**
 * Thresholds per language (the best window's script language, as the engine guesses it at
 * inference) and `*` for everything else, from out-of-fold logits. `patternFlags` ({ [level]:
 * [{ injection, toxicity }] } per row) makes the budgets those of the combined decision.
 */
export function calibrate(head, rows, logits, languages, subset = null, patternFlags = null) {
  const spec = TARGETS[head];
  const all = subset ?? rows.map((_, i) => i);
  const table = { '*': {} };
  for (const level of LEVELS) table['*'][level] = pointFor(rows, logits, all, spec, level, patternFlags);
  if (spec.perLanguage) {
    for (const lang of LANGUAGES) {
      const indices = all.filter((i) => languages[i] === lang);
      table[lang] = {};
      for (const level of LEVELS) table[lang][level] = pointFor(rows, logits, indices, spec, level, patternFlags);
    }
  }
  return table;
}

/**
 * Per head, the negative groups that measure how often it blocks the short texts it will read:
 * requests for the injection and harmful heads, requests and comments for the toxicity head.
 * The development split has no short benign Chinese requests, only long documents, exam questions
 * and (for toxicity) social-media comments. Calibrated on those, the injection head blocked
 * ordinary Chinese requests at p ≈ 0.13 ('请不要忽略编译器的警告', "please don't ignore the
 * compiler's warnings"; '从现在开始，请用中文回答我的问题') and the harmful head at p ≈ 0.42
 * ('请帮我写一封请假邮件…', a leave-request email). Where a head has (almost) none of its short
 * negatives in a language, its block threshold is at least this logit (0: p ≥ 0.5).
 */
const SHORT_TEXT_GROUPS = { injection: new Set(['benign']), toxicity: new Set(['benign', 'toxicity_negatives']), harmful: new Set(['benign']) };
const UNMEASURED_SHORT_FLOOR = Number(process.env.AEGIS_UNMEASURED_FLOOR ?? 0);
/** Fewer short negatives than this (a 0.3% budget affords no false positive below ~330) measure nothing. */
const MIN_SHORT_TEXTS = 300;

/** Heads calibrated together: they share the benign budgets (any block) and their recall adds up. */
export const JOINT_HEADS = ['injection', 'toxicity', 'harmful'];
const GUARDRAIL = { injection: 'injection', toxicity: 'toxicity', harmful: 'toxicity' };

/** The metric a positive row counts for (each weighs 1 / its metric's size), per guardrail, or null. */
function positiveKey(r, guardrail) {
  if (guardrail === 'injection') {
    if ((r.suite === 'injection' || r.suite === 'benign' || r.suite === 'benign_long') && r.label) return 'injection';
    if (r.suite === 'safety_mixed' && (r.category === 'Goal_Hijacking' || r.category === 'Role_Play_Instruction')) return 'hijack_roleplay';
    return null;
  }
  if (r.suite === 'toxicity' && r.label) return `toxicity:${r.file.split('__')[0]}`;
  if (r.suite === 'harmful_requests') return 'harmful';
  if (r.suite === 'safety_mixed' && r.category === 'Insult') return 'insult';
  return null;
}

/**
 * Block thresholds of the injection, toxicity and harmful heads on the rows `indices`, chosen
 * together for the combined decision. Each budgeted group (BUDGETS) allows
 * ⌊budget·n⌋ − (rows the pattern tier already flags) further false positives, counted over the
 * union of the heads' blocks; the proxy groups (no budget) bound a head's threshold from below.
 * Greedy: starting from "block no open negative", repeatedly lower the one head threshold that
 * buys the most recall per budget spent — recall counted only on positives that neither the
 * pattern tier nor another head of the same guardrail already catch, each metric (a suite, a
 * toxicity set) weighing the same — until no feasible step adds recall. A head whose threshold
 * could not move below all its open negatives still blocks whatever scores above them.
 */
function jointBlock(rows, oof, indices, level, patternFlags) {
  const li = LEVELS.indexOf(level);
  const heads = JOINT_HEADS.filter((h) => oof[h]);
  const flagsOf = (i) => (patternFlags ? patternFlags[level][i] : {});
  const groups = {};
  const lower = {};
  const members = {};
  for (const h of heads) {
    lower[h] = -Infinity;
    members[h] = 0;
    let shortTexts = 0;
    for (const [name, g] of Object.entries(TARGETS[h].groups)) {
      const inGroup = indices.filter((i) => g.test(rows[i]));
      members[h] += inGroup.length;
      if (SHORT_TEXT_GROUPS[h]?.has(name)) shortTexts += inGroup.length;
      if (!g.budget) {
        lower[h] = Math.max(lower[h], thresholdFor(inGroup.map((i) => oof[h][i]), g.targets[li][0]));
        continue;
      }
      const budget = BUDGETS[g.budget];
      if (!groups[g.budget]) {
        const open = inGroup.filter((i) => !budget.covered(flagsOf(i) ?? {}));
        const cap = Math.floor(budget[level] * inGroup.length - (inGroup.length - open.length) + 1e-9);
        groups[g.budget] = { open: new Set(open), cap, used: new Set(), heads: [] };
      }
      groups[g.budget].heads.push(h);
    }
    // Nothing measures how often the head would block a short text here: it blocks only what it
    // reads as more likely an attack than not.
    if (shortTexts < MIN_SHORT_TEXTS && members[h] > 0) lower[h] = Math.max(lower[h], UNMEASURED_SHORT_FLOOR);
  }
  // Negatives per head (open rows of its budgeted groups) and positives per guardrail.
  const negatives = {};
  for (const h of heads) {
    const set = new Set();
    for (const g of Object.values(groups)) if (g.heads.includes(h)) for (const i of g.open) set.add(i);
    negatives[h] = [...set].sort((a, b) => oof[h][b] - oof[h][a]);
  }
  const weight = new Map();
  const keyCount = new Map();
  const positives = {};
  for (const i of indices) {
    for (const guardrail of ['injection', 'toxicity']) {
      const key = positiveKey(rows[i], guardrail);
      if (key === null) continue;
      keyCount.set(key, (keyCount.get(key) ?? 0) + 1);
      if (flagsOf(i)?.[guardrail]) continue; // the pattern tier already catches it
      (positives[guardrail] ??= []).push(i);
      weight.set(`${guardrail}:${i}`, key);
    }
  }
  const gainOf = (guardrail, i) => 1 / keyCount.get(weight.get(`${guardrail}:${i}`));
  const sortedPos = {};
  for (const h of heads) sortedPos[h] = (positives[GUARDRAIL[h]] ?? []).slice().sort((a, b) => oof[h][b] - oof[h][a]);
  const caught = { injection: new Set(), toxicity: new Set() };
  const t = {};
  const applyDown = (h, to) => {
    for (const i of sortedPos[h]) {
      if (oof[h][i] <= to) break;
      caught[GUARDRAIL[h]].add(i);
    }
    for (const i of negatives[h]) {
      if (oof[h][i] <= to) break;
      for (const g of Object.values(groups)) if (g.heads.includes(h) && g.open.has(i)) g.used.add(i);
    }
    t[h] = to;
  };
  for (const h of heads) applyDown(h, Math.max(lower[h], negatives[h].length ? oof[h][negatives[h][0]] : -Infinity));
  for (;;) {
    let best = null;
    for (const h of heads) {
      const z = oof[h];
      const candidates = [...new Set(negatives[h].map((i) => z[i]).filter((v) => v < t[h] && v >= lower[h]))];
      if (lower[h] < t[h] && !candidates.includes(lower[h])) candidates.push(lower[h]);
      candidates.sort((a, b) => b - a);
      const added = new Map();
      let gain = 0;
      let p = 0;
      let n = 0;
      const pos = sortedPos[h];
      const neg = negatives[h];
      while (p < pos.length && z[pos[p]] > t[h]) p++;
      while (n < neg.length && z[neg[n]] > t[h]) n++;
      let feasible = true;
      for (const c of candidates) {
        while (n < neg.length && z[neg[n]] > c) {
          for (const [name, g] of Object.entries(groups)) {
            if (!g.heads.includes(h) || !g.open.has(neg[n]) || g.used.has(neg[n])) continue;
            added.set(name, (added.get(name) ?? 0) + 1);
            if (g.used.size + added.get(name) > g.cap) feasible = false;
          }
          n++;
        }
        if (!feasible) break;
        while (p < pos.length && z[pos[p]] > c) {
          if (!caught[GUARDRAIL[h]].has(pos[p])) gain += gainOf(GUARDRAIL[h], pos[p]);
          p++;
        }
        if (gain <= 0) continue;
        let cost = 0;
        for (const [name, a] of added) cost += a / Math.max(1, groups[name].cap);
        const ratio = gain / (cost + 1e-6);
        if (!best || ratio > best.ratio + 1e-12) best = { h, c, ratio };
      }
    }
    if (!best) break;
    applyDown(best.h, best.c);
  }
  const out = {};
  // Where the pattern tier alone already uses a budget up, a head still blocks what scores above
  // every open negative of the group (no observed false positive; nested: +0.1 point on short
  // prompts). AEGIS_STRICT_BUDGET=1 leaves it warn-only there instead (costs ~8 points of
  // injection recall and ~12 of Korean toxicity recall, see the README).
  const exhausted = (h) => process.env.AEGIS_STRICT_BUDGET === '1' && Object.values(groups).some((g) => g.heads.includes(h) && g.cap < 0);
  for (const h of heads) out[h] = members[h] === 0 || exhausted(h) ? Infinity : t[h];
  return out;
}

function warnFor(rows, logits, indices, spec, level) {
  const li = LEVELS.indexOf(level);
  let warn = -Infinity;
  for (const g of Object.values(spec.groups)) warn = Math.max(warn, thresholdFor(indices.filter((i) => g.test(rows[i])).map((i) => logits[i]), g.targets[li][1]));
  return warn;
}

/**
 * Thresholds of the jointly calibrated heads (JOINT_HEADS present in `oof`), per language and
 * `*`, like `calibrate`: { [head]: table }.
 */
export function calibrateJoint(rows, oof, languages, subset = null, patternFlags = null) {
  const all = subset ?? rows.map((_, i) => i);
  const heads = JOINT_HEADS.filter((h) => oof[h]);
  const tables = Object.fromEntries(heads.map((h) => [h, {}]));
  // Rounded up: "fire when logit > t", so a row kept below the threshold stays below it.
  const round = (z) => (Number.isFinite(z) ? Math.ceil(z * 1e6) / 1e6 : null);
  // Per language: the scored row's best window language must be `lang` for every head at once,
  // so the subsets follow the injection head's language guess for budget groups shared by heads.
  const subsets = [['*', all], ...LANGUAGES.map((lang) => [lang, all.filter((i) => languages[heads[0]][i] === lang)])];
  for (const [lang, indices] of subsets) {
    for (const h of heads) tables[h][lang] = {};
    const block = Object.fromEntries(LEVELS.map((level) => [level, jointBlock(rows, oof, indices, level, patternFlags)]));
    for (const h of heads) {
      // A higher sensitivity never blocks less: with the pattern tier flagging less at `low`, the
      // joint budgets alone could leave a low learned threshold under the medium one.
      const b = { low: Math.max(block.low[h], block.medium[h]), medium: block.medium[h], high: Math.min(block.high[h], block.medium[h]) };
      for (const level of LEVELS) {
        const warn = warnFor(rows, oof[h], indices, TARGETS[h], level);
        const rb = round(b[level]);
        tables[h][lang][level] = { block: rb, warn: warn === -Infinity ? null : round(rb === null ? warn : Math.min(warn, b[level])) };
      }
    }
  }
  return tables;
}

/** The engine's decision rule, mirrored for reports: block, warn or nothing. */
export function decide(table, lang, level, logit) {
  const point = (table[lang] ?? table['*'])[level];
  if (point.block !== null && logit > point.block) return 'block';
  if (point.warn !== null && logit > point.warn) return 'warn';
  return null;
}
