// Reads the development split (manifest.json + JSONL files) and turns every row into a training
// instance: its windows' hashed features, the row's role for each head, and its group.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Longest stretch of a row used for training; longer rows are cut (windows are local anyway). */
const MAX_TRAIN_CHARS = 16_000;

/** Reads every row of every file listed in the split's manifest. */
export function readSplit(dir) {
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
  const rows = [];
  for (const entry of manifest) {
    const lines = readFileSync(join(dir, entry.file), 'utf8').split('\n');
    lines.forEach((line, i) => {
      if (!line.trim()) return;
      // The split's own file/row/suite win over same-named fields of a source (e.g. a CSV row).
      rows.push({ ...JSON.parse(line), file: entry.file, row: i, suite: entry.suite });
    });
  }
  return rows;
}

/**
 * Hashes every window of every row once. Returns flat typed arrays:
 * windows of row r are winStart[r] .. winStart[r+1]-1; features of window w are
 * feat[featStart[w] .. featStart[w+1]-1]; invSqrt[w] = 1/√count; spans for explanations.
 */
export function featurize(rows, mods, bits, windowLength) {
  const { splitWindows } = mods.windows;
  const { normalizeWindow } = mods.normalize;
  const { extractFeatures, maxFeatureCount } = mods.features;
  const { guessLanguage } = mods.language;
  const winStart = new Int32Array(rows.length + 1);
  const featStartList = [0];
  const invSqrtList = [];
  const langList = [];
  let chunks = [];
  let total = 0;
  let buffer = new Int32Array(1 << 16);
  rows.forEach((r, i) => {
    winStart[i] = invSqrtList.length;
    const text = r.text.length > MAX_TRAIN_CHARS ? r.text.slice(0, MAX_TRAIN_CHARS) : r.text;
    for (const [s, e] of splitWindows(text, windowLength)) {
      const norm = normalizeWindow(text.slice(s, e));
      if (!norm) continue;
      const need = maxFeatureCount(norm.length);
      if (buffer.length < need) buffer = new Int32Array(need * 2);
      const n = extractFeatures(norm, bits, buffer);
      chunks.push(buffer.slice(0, n));
      total += n;
      featStartList.push(total);
      invSqrtList.push(n ? 1 / Math.sqrt(n) : 0);
      langList.push(guessLanguage(norm));
    }
  });
  winStart[rows.length] = invSqrtList.length;
  const feat = new Int32Array(total);
  let o = 0;
  for (const c of chunks) {
    feat.set(c, o);
    o += c.length;
  }
  chunks = null;
  const featStart = Int32Array.from(featStartList);
  return {
    winStart,
    featBegin: featStart.subarray(0, featStart.length - 1),
    featEnd: featStart.subarray(1),
    invSqrt: Float64Array.from(invSqrtList),
    winLang: langList,
    feat,
  };
}

/**
 * The same rows seen as a head with `windowSpan` 2 scores them (score.ts): windows in
 * consecutive pairs 0+1, 2+3, … (an odd last window, or a row of one window, alone); a pair's
 * features are its two windows' features, its language `pairLanguage` of theirs. Shares `feat`.
 */
export function pairView(data, pairLanguage, span = 2) {
  const { winStart, featBegin, featEnd, winLang } = data;
  const rows = winStart.length - 1;
  const start = new Int32Array(rows + 1);
  const begin = [];
  const end = [];
  const lang = [];
  for (let r = 0; r < rows; r++) {
    start[r] = begin.length;
    for (let w = winStart[r]; w < winStart[r + 1]; w += span) {
      const last = Math.min(w + span, winStart[r + 1]) - 1;
      begin.push(featBegin[w]);
      end.push(featEnd[last]);
      let language = winLang[w];
      for (let v = w + 1; v <= last; v++) language = pairLanguage(language, winLang[v]);
      lang.push(language);
    }
  }
  start[rows] = begin.length;
  const featBeginP = Int32Array.from(begin);
  const featEndP = Int32Array.from(end);
  const invSqrt = new Float64Array(begin.length);
  for (let w = 0; w < begin.length; w++) invSqrt[w] = featEndP[w] > featBeginP[w] ? 1 / Math.sqrt(featEndP[w] - featBeginP[w]) : 0;
  return { winStart: start, featBegin: featBeginP, featEnd: featEndP, invSqrt, winLang: lang, feat: data.feat };
}
