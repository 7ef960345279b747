// `npm run train`: trains the learned guardrail heads (engine/guardrails/learned) on the
// development split, cross-validates them with group-aware folds, calibrates thresholds on the
// out-of-fold scores, prints the scoreboard per suite and language, and writes the weights.
//
//   node scripts/train.mjs [--data DIR] [--bits 17] [--epochs 10] [--folds 5] [--seed 1]
//                          [--heads injection,indirect,toxicity,harmful] [--predictions OUT.jsonl]
//                          [--no-write | --check] [--sample 0.3] [--combined dist] [--patterns dist|none]
//                          [--window 160] [--span 1|2] [--diagnose] [--dump OUT.jsonl] [--quiet]
// Thresholds are calibrated for the combined decision (pattern tier OR learned tier): --patterns
// points at the built engine (node scripts/build.mjs --no-playground) whose pattern tier is run on
// every row first (scripts/train/patterns.mjs); `none` calibrates the learned tier alone.
// DIR defaults to $AEGIS_DATASETS or ../shared/datasets. Same inputs, same seed → same bytes
// (`--check` retrains and compares with the committed weights).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { parseArgs } from 'node:util';
import { loadLearnedModules } from './train/engine.mjs';
import { featurize, pairView, readSplit } from './train/data.mjs';
import { balancedWeights } from './train/roles.mjs';
import { assignFolds } from './train/folds.mjs';
import { quantize, rowLogits, train } from './train/sgd.mjs';
import { calibrate, calibrateJoint, decide, JOINT_HEADS } from './train/calibrate.mjs';
import { printScoreboard, scoreboard } from './train/report.mjs';
import { mulberry32 } from './train/random.mjs';
import { diagnose } from './train/diagnose.mjs';
import { patternFired } from './train/patterns.mjs';

const { values: args } = parseArgs({
  options: {
    data: { type: 'string', default: process.env.AEGIS_DATASETS ?? '../shared/datasets' },
    bits: { type: 'string', default: '17' },
    epochs: { type: 'string', default: '10' },
    folds: { type: 'string', default: '5' },
    seed: { type: 'string', default: '1' },
    rate: { type: 'string', default: '0.2' },
    l2: { type: 'string', default: '0.0000001' },
    heads: { type: 'string', default: 'injection,indirect,toxicity,harmful' },
    predictions: { type: 'string' },
    out: { type: 'string', default: 'engine/guardrails/learned/weights' },
    'no-write': { type: 'boolean', default: false },
    // Train as usual, then compare with the files in --out instead of writing (exit 1 if any differs).
    check: { type: 'boolean', default: false },
    sample: { type: 'string' },
    diagnose: { type: 'boolean', default: false },
    combined: { type: 'string' },
    patterns: { type: 'string', default: 'dist' },
    dump: { type: 'string' },
    window: { type: 'string' },
    // Every head's window span (1 or 2) instead of WINDOW_SPAN below: for experiments.
    span: { type: 'string' },
    'negative-weight': { type: 'string', default: '3' },
    // Tail emphasis on negatives the model already scores high (sgd.mjs), per head; CV: it helps
    // injection (hijack/role-play), toxicity and harmful; the indirect head ×5 since it learns from
    // documents only (nested BIPIA 59.4 → 64.4%, package-doc paragraphs blocked 0.19 → 0.63% with
    // the old 2.5% budget).
    focal: { type: 'string', default: 'injection:10,toxicity:10,harmful:10,indirect:5' },
    quiet: { type: 'boolean', default: false },
  },
});
/**
 * Window span per head (score.ts): the indirect head reads documents one short window at a time
 * (an instruction planted in a table or an email is then not diluted by the rows around it; CV:
 * BIPIA recall +5 points at a lower FPR than with 320-character windows); the prompt heads see two
 * windows together, as much context as the 320-character windows they had before.
 */
const WINDOW_SPAN = { injection: 2, indirect: 1, toxicity: 2, harmful: 2 };
const bits = Number(args.bits);
const k = Number(args.folds);
const heads = args.heads.split(',');
const opts = { bits, epochs: Number(args.epochs), rate: Number(args.rate), l2: Number(args.l2), seed: Number(args.seed) };
const focalOf = (head) => {
  if (/^[\d.]+$/.test(args.focal)) return Number(args.focal);
  const entry = args.focal.split(',').map((e) => e.split(':')).find(([h]) => h === head);
  return entry ? Number(entry[1]) : 0;
};
const started = performance.now();
const elapsed = () => `${((performance.now() - started) / 1000).toFixed(1)}s`;

const mods = await loadLearnedModules();
const windowLength = Number(args.window ?? mods.windows.WINDOW_LENGTH);
let rows = readSplit(args.data);
if (args.sample) {
  const keep = mulberry32(opts.seed + 7);
  rows = rows.filter(() => keep() < Number(args.sample));
}
linkBipiaPayloads(rows);
const { fold, groups, largest } = assignFolds(rows, mods.normalize.normalizeWindow, k);
console.log(`${rows.length} rows, ${groups} groups (largest ${largest}), ${k} folds [${elapsed()}]`);
const data = featurize(rows, mods, bits, windowLength);
console.log(`${data.invSqrt.length} windows, ${data.feat.length} features [${elapsed()}]`);
// Heads scored on pairs of consecutive windows (windowSpan 2, see score.ts) and on single windows.
const spanOf = (head) => (args.span ? Number(args.span) : WINDOW_SPAN[head] ?? 1);
const pairSpan = Number(process.env.AEGIS_PAIR_SPAN ?? 2);
const pairs = heads.some((h) => spanOf(h) === 2) ? pairView(data, mods.language.pairLanguage, pairSpan) : null;
const viewOf = (head) => (spanOf(head) === 2 ? pairs : data);
const patternFlags = args.patterns === 'none' ? null : await patternFired(args.patterns, rows);
if (patternFlags) console.log(`pattern tier (${args.patterns}) run on every row for the combined calibration [${elapsed()}]`);

const oof = {};
const foldModels = {};
const nested = {};
const bestLang = {};
const files = {};
const shipped = {};
for (const head of heads) {
  const roles = balancedWeights(rows, head);
  const logits = new Float64Array(rows.length);
  const language = new Array(rows.length).fill('other');
  const sum = new Float64Array(1 << bits);
  let biasSum = 0;
  for (let f = 0; f < k; f++) {
    const items = [];
    const test = [];
    roles.forEach((role, i) => {
      if (fold[i] === f) test.push(i);
      else if (role) items.push({ row: i, y: role.y, w: role.y ? role.w : role.w * Number(args['negative-weight']) });
    });
    const model = train(viewOf(head), items, { ...opts, focal: focalOf(head), seed: opts.seed * 100 + f });
    const { q, scale } = quantize(model.weights);
    (foldModels[head] ??= []).push({ q, scale, bias: model.bias, windowSpan: spanOf(head) });
    const { logits: z, bestWin } = rowLogits(viewOf(head), test, { q, scale, bias: model.bias, discount: mods.length.lengthDiscount });
    for (const i of test) {
      logits[i] = z[i];
      language[i] = bestWin[i] >= 0 ? viewOf(head).winLang[bestWin[i]] : 'other';
    }
    for (let j = 0; j < sum.length; j++) sum[j] += model.weights[j];
    biasSum += model.bias;
  }
  if (args.diagnose) diagnose(head, rows, roles, logits);
  oof[head] = logits;
  bestLang[head] = language;
  // The injection, toxicity and harmful heads share budgets: calibrated together below.
  const joint = JOINT_HEADS.includes(head);
  const thresholds = joint ? null : calibrate(head, rows, logits, language, null, patternFlags);
  // Nested check of the calibration: fold f's rows are decided with thresholds chosen on the
  // other folds' out-of-fold scores only, so no row is scored with a threshold it helped pick.
  nested[head] = [];
  for (let f = 0; f < k && !joint; f++) nested[head].push(calibrate(head, rows, logits, language, rows.map((_, i) => i).filter((i) => fold[i] !== f), patternFlags));
  // The shipped head is the mean of the k fold models (a bagged ensemble): its scores sit on the
  // same scale as the out-of-fold scores the thresholds were calibrated on.
  for (let j = 0; j < sum.length; j++) sum[j] /= k;
  const { q, scale } = quantize(sum);
  files[head] = {
    format: mods.model.HEAD_FORMAT,
    head,
    bits,
    windowLength,
    windowSpan: spanOf(head),
    features: { charMin: mods.features.CHAR_MIN, charMax: mods.features.CHAR_MAX, maxWord: mods.features.MAX_WORD, initials: true, jamo: mods.features.JAMO_ORDER },
    bias: Math.round((biasSum / k) * 1e9) / 1e9,
    scale,
    thresholds,
    calibration: { folds: k, seed: opts.seed, epochs: opts.epochs, focal: focalOf(head), rows: rows.length, combinedWithPatterns: patternFlags !== null },
    weights: Buffer.from(q.buffer).toString('base64'),
  };
  shipped[head] = { name: head, bits, windowLength, windowSpan: spanOf(head), bias: files[head].bias, scale, weights: q, thresholds: {} };
  console.log(`head ${head}: trained ${k} folds [${elapsed()}]`);
}
if (pairSpan === 2) checkParity(); // the engine scores pairs only (AEGIS_PAIR_SPAN is an experiment)

if (JOINT_HEADS.some((h) => oof[h])) {
  const jointOof = Object.fromEntries(JOINT_HEADS.filter((h) => oof[h]).map((h) => [h, oof[h]]));
  const tables = calibrateJoint(rows, jointOof, bestLang, null, patternFlags);
  for (const [head, table] of Object.entries(tables)) files[head].thresholds = table;
  for (let f = 0; f < k; f++) {
    const foldTables = calibrateJoint(rows, jointOof, bestLang, rows.map((_, i) => i).filter((i) => fold[i] !== f), patternFlags);
    for (const [head, table] of Object.entries(foldTables)) nested[head].push(table);
  }
  console.log(`calibrated ${Object.keys(tables).join(', ')} jointly [${elapsed()}]`);
}

for (const level of ['low', 'medium', 'high']) {
  // `tableOf(head, i)`: the thresholds row i is decided with (shipped ones, or the nested ones).
  const firedWith = (tableOf) => (i) => {
    const r = rows[i];
    const indirectRow = r.suite === 'indirect_injection' || r.suite === 'indirect_injection_payloads';
    const injHead = indirectRow ? 'indirect' : 'injection';
    const fires = (head) => oof[head] !== undefined && decide(tableOf(head, i), bestLang[head][i], level, oof[head][i]) === 'block';
    return { injection: fires(injHead), toxicity: fires('toxicity') || fires('harmful'), pii: false, prompt_leak: false };
  };
  const firedOf = firedWith((head) => files[head].thresholds);
  const firedNested = firedWith((head, i) => nested[head][fold[i]]);
  if (!args.quiet || level === 'medium') {
    printScoreboard(`out-of-fold scoreboard, sensitivity ${level} (learned tier alone, blocking; thresholds from all out-of-fold scores)`, scoreboard(rows, firedOf));
    printScoreboard(`NESTED out-of-fold scoreboard, sensitivity ${level} (thresholds chosen without the scored fold)`, scoreboard(rows, firedNested));
  }
  if (patternFlags && level === 'medium') {
    // Quick estimate of the combined decision without a rebuilt engine: nested learned blocks OR
    // the pattern tier's own blocks (ignores the noisy-OR of learned warnings; --combined is exact).
    const orPattern = (i) => {
      const a = firedNested(i);
      const p = patternFlags[level][i];
      return { ...a, injection: a.injection || p.injection, toxicity: a.toxicity || p.toxicity };
    };
    printScoreboard(`ESTIMATE nested learned OR pattern tier, sensitivity ${level}`, scoreboard(rows, orPattern));
  }
  if (args.predictions && level === 'medium') {
    const lines = rows.map((r, i) => JSON.stringify({ file: r.file, row: r.row, fired: firedNested(i), pii: [] }));
    writeFileSync(args.predictions, lines.join('\n') + '\n');
    console.log(`wrote ${args.predictions} (medium, nested thresholds); score it with ../shared/tools/metrics.py ${args.data} ${args.predictions}`);
  }
}

if (args.combined) {
  // Pattern tier alone vs pattern + learned (fold models, nested thresholds), medium level.
  const { combinedFired } = await import('./train/combined.mjs');
  const { combined, pattern } = await combinedFired(args.combined, rows, fold, k, foldModels, nested, bits, windowLength);
  printScoreboard(`pattern tier alone (${args.combined}), medium`, scoreboard(rows, pattern));
  printScoreboard('COMBINED pattern + learned (learned heads and thresholds never saw the scored fold), medium', scoreboard(rows, combined));
  console.log(`combined check [${elapsed()}]`);
}

if (args.dump) {
  const lines = rows.map((r, i) => JSON.stringify({ file: r.file, row: r.row, fold: fold[i], suite: r.suite, label: r.label, lang: r.lang, category: r.category,
    ...Object.fromEntries(Object.keys(oof).map((h) => [h, [Math.round(oof[h][i] * 1000) / 1000, bestLang[h][i], decide(files[h].thresholds, bestLang[h][i], 'medium', oof[h][i]), decide(nested[h][fold[i]], bestLang[h][i], 'medium', oof[h][i])]])),
    ...(patternFlags ? { pattern: patternFlags.medium[i] } : {}) }));
  writeFileSync(args.dump, lines.join('\n') + '\n');
}

if (args.check) {
  // Reproducibility: the same data, packs and seed must give the committed files byte for byte.
  let same = true;
  for (const [head, file] of Object.entries(files)) {
    const path = `${args.out}/${head}.json`;
    const ok = existsSync(path) && readFileSync(path, 'utf8') === JSON.stringify(file) + '\n';
    console.log(`${path}: ${ok ? 'reproduced byte for byte' : 'DIFFERS from this training run'}`);
    same &&= ok;
  }
  if (!same) process.exitCode = 1;
} else if (!args['no-write']) {
  mkdirSync(args.out, { recursive: true });
  for (const [head, file] of Object.entries(files)) {
    const text = JSON.stringify(file) + '\n';
    writeFileSync(`${args.out}/${head}.json`, text);
    console.log(`wrote ${args.out}/${head}.json: ${(text.length / 1024).toFixed(0)} KB, ${(gzipSync(text).length / 1024).toFixed(0)} KB gzipped`);
  }
}
console.log(`done [${elapsed()}]`);

/**
 * The engine must score exactly what training scored: every 7th row, and every row long enough
 * for the length discount (learned/length.ts), is scored by the engine's own `scoreTextAll` with
 * the shipped heads (fused, as the recognizers do) and compared with the training-side logits and
 * languages bit for bit.
 */
function checkParity() {
  const list = Object.values(shipped);
  let checked = 0;
  const long = (i) => data.winStart[i + 1] - data.winStart[i] > mods.length.CALIBRATED_UNITS;
  for (let i = 0; i < rows.length; i++) {
    if (i % 7 !== 0 && !long(i)) continue;
    const text = String(rows[i].text ?? '');
    if (text.length > 16_000) continue; // training reads the first 16,000 characters only
    const scores = mods.score.scoreTextAll(text, list, { topFeatures: 0 });
    list.forEach((h, at) => {
      const { logits, bestWin } = rowLogits(viewOf(h.name), [i], { q: h.weights, scale: h.scale, bias: h.bias, discount: mods.length.lengthDiscount });
      const language = bestWin[i] >= 0 ? viewOf(h.name).winLang[bestWin[i]] : 'other';
      // Nothing to score: the engine reports the bias and marks the score empty (no action).
      const engineLogit = scores[at].empty ? -Infinity : scores[at].logit;
      if (engineLogit !== logits[i] || scores[at].language !== language) {
        throw new Error(`engine/training mismatch on ${rows[i].file}#${rows[i].row} (${h.name}): ${scores[at].logit} ${scores[at].language} vs ${logits[i]} ${language}`);
      }
    });
    checked++;
  }
  console.log(`engine parity: ${checked} rows score identically in the engine and in training [${elapsed()}]`);
}

/** A BIPIA payload row and the documents it was injected into are versions of one attack. */
function linkBipiaPayloads(rows) {
  const payloads = rows.filter((r) => r.suite === 'indirect_injection_payloads');
  for (const r of rows) {
    if (r.suite !== 'indirect_injection' || !r.label) continue;
    for (const p of payloads) {
      if (r.text.includes(p.text.slice(0, 40))) (r._links ??= []).push(`bipia-attack:${p.text.trim().toLowerCase()}`);
    }
  }
}
