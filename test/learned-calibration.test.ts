// Joint calibration of the learned heads with the pattern tier (scripts/train/calibrate.mjs): on
// the rows it is chosen on, the union of pattern-tier and learned blocks stays within each
// combined false-positive budget, and a head gets no block point where the pattern tier alone
// uses the budget up (it only warns), nor below p 0.5 where no short requests measure it.
import { describe, expect, test } from 'vitest';
// @ts-expect-error plain ESM training script without type declarations
import { BUDGETS, calibrateJoint, decide } from '../scripts/train/calibrate.mjs';

type Row = { suite: string; label: number; file: string; category?: string };
type Head = 'injection' | 'toxicity' | 'harmful';
const HEADS: Head[] = ['injection', 'toxicity', 'harmful'];

function synthetic(patternRate: number) {
  const rows: Row[] = [];
  const z: Record<Head, number[]> = { injection: [], toxicity: [], harmful: [] };
  const flags: { injection: boolean; toxicity: boolean }[] = [];
  let s = 7;
  const rand = () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32);
  const add = (r: Row, inj: number, tox: number, harm: number, flagged = false) => {
    rows.push(r);
    z.injection.push(inj), z.toxicity.push(tox), z.harmful.push(harm);
    flags.push({ injection: flagged, toxicity: false });
  };
  for (let i = 0; i < 2000; i++) add({ suite: 'benign', label: 0, file: 'b__x' }, rand() * 4 - 2, rand() * 4 - 2, rand() * 4 - 2, rand() < patternRate);
  for (let i = 0; i < 500; i++) add({ suite: 'benign_long', label: 0, file: 'l__x' }, rand() * 4 - 2, rand() * 4 - 2, rand() * 4 - 2);
  for (let i = 0; i < 100; i++) add({ suite: 'injection_hard_negatives', label: 0, file: 'n__x' }, rand() * 4 - 2, rand() - 2, rand() - 2);
  for (let i = 0; i < 300; i++) add({ suite: 'toxicity', label: 0, file: 't__x' }, -2, rand() * 4 - 2, rand() * 4 - 2);
  for (let i = 0; i < 300; i++) add({ suite: 'toxicity', label: 1, file: 't__x' }, -2, rand() * 4, rand() * 3);
  for (let i = 0; i < 300; i++) add({ suite: 'injection', label: 1, file: 'i__x' }, rand() * 5, -2, -2);
  const patternFlags = { low: flags, medium: flags, high: flags };
  const languages = { injection: rows.map(() => 'en'), toxicity: rows.map(() => 'en'), harmful: rows.map(() => 'en') };
  return { rows, z, patternFlags, languages, flags };
}

describe('joint calibration', () => {
  test('the union of pattern and learned blocks stays within the budgets', () => {
    const { rows, z, patternFlags, languages, flags } = synthetic(0.001);
    const tables = calibrateJoint(rows, z, languages, null, patternFlags);
    const blocks = (h: Head, i: number) => decide(tables[h], 'en', 'medium', z[h][i]!) === 'block';
    const rate = (suite: string) => {
      const idx = rows.map((_, i) => i).filter((i) => rows[i]!.suite === suite && !rows[i]!.label);
      return idx.filter((i) => flags[i]!.injection || HEADS.some((h) => blocks(h, i))).length / idx.length;
    };
    expect(rate('benign')).toBeLessThanOrEqual(BUDGETS.benign.medium);
    expect(rate('benign_long')).toBeLessThanOrEqual(BUDGETS.benign_long.medium);
    const recall = rows.map((_, i) => i).filter((i) => rows[i]!.suite === 'injection').filter((i) => blocks('injection', i)).length / 300;
    expect(recall).toBeGreaterThan(0.1);
  });

  test('no block point where the pattern tier alone uses the budget up', () => {
    const { rows, z, patternFlags, languages } = synthetic(0.01);
    const tables = calibrateJoint(rows, z, languages, null, patternFlags);
    const benign = rows.map((_, i) => i).filter((i) => rows[i]!.suite === 'benign');
    // No open benign row may be blocked by any head (the budget is gone): thresholds sit above them.
    for (const h of HEADS) {
      const point = tables[h].en.medium;
      const open = benign.filter((i) => !patternFlags.medium[i]!.injection).map((i) => z[h][i]!);
      expect(point.block === null || point.block >= Math.max(...open)).toBe(true);
      expect(point.warn).not.toBeNull();
    }
  });

  test('a language without short requests gets no block point below p 0.5 for the request heads', () => {
    // Chinese in the split: long documents and toxic/non-toxic comments, no short benign requests.
    const { rows, z, patternFlags, languages } = synthetic(0.001);
    let s = 11;
    const rand = () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32);
    const add = (r: Row, inj: number, tox: number, harm: number) => {
      rows.push(r);
      z.injection.push(inj), z.toxicity.push(tox), z.harmful.push(harm);
      for (const level of ['low', 'medium', 'high'] as const) patternFlags[level].push({ injection: false, toxicity: false });
      for (const h of HEADS) languages[h].push('zh');
    };
    for (let i = 0; i < 400; i++) add({ suite: 'benign_long', label: 0, file: 'c__x' }, -3 + rand() * 0.5, -3, -3);
    for (let i = 0; i < 300; i++) add({ suite: 'toxicity', label: 0, file: 'z__x' }, -3, -3 + rand() * 0.5, -3);
    for (let i = 0; i < 100; i++) add({ suite: 'injection', label: 1, file: 'i__x' }, -1.5 + rand(), -3, -3);
    for (let i = 0; i < 100; i++) add({ suite: 'toxicity', label: 1, file: 'z__x' }, -3, -1.5 + rand(), -3);
    const tables = calibrateJoint(rows, z, languages, null, patternFlags);
    const inj = tables.injection.zh.medium.block;
    expect(inj === null || inj >= 0).toBe(true);
    // The toxicity head is measured on comments there, so it may block below 0.
    expect(tables.toxicity.zh.medium.block).not.toBeNull();
    expect(tables.toxicity.zh.medium.block).toBeLessThan(0);
  });

  test('deterministic', () => {
    const a = synthetic(0.001);
    const b = synthetic(0.001);
    expect(JSON.stringify(calibrateJoint(a.rows, a.z, a.languages, null, a.patternFlags))).toBe(
      JSON.stringify(calibrateJoint(b.rows, b.z, b.languages, null, b.patternFlags)),
    );
  });
});
