import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { Policy } from '../engine/index.ts';
import { readVectors, repoRoot, runVectors, sharedDir } from './vectors.ts';

interface DeviationList {
  deviations: { id: string; rule: string }[];
  /** Policies whose text our YAML 1.2 reading turns into other data than the reference's YAML 1.1 reading (D2). */
  yaml12Policies?: string[];
}

const publicPath = resolve(sharedDir, 'conformance', 'policy-vectors.json');
const deviations = JSON.parse(readFileSync(resolve(repoRoot, 'specs', 'conformance', 'deviations.json'), 'utf8')) as DeviationList;
const deviationIds = new Map(deviations.deviations.map((d) => [d.id, d.rule]));

function suite(label: string, path: string, strictList: boolean) {
  describe(`conformance: ${label}`, () => {
    const file = readVectors(path);
    const outcomes = runVectors(file);
    const agreed = outcomes.filter((o) => o.agrees).length;
    const rate = agreed / outcomes.length;
    // The report a reviewer reads: agreement and every disagreement with its documented rule.
    console.log(`[conformance] ${label}: ${agreed}/${outcomes.length} vectors agree (${(rate * 100).toFixed(2)}%)`);
    for (const o of outcomes.filter((x) => !x.agrees)) {
      console.log(`[conformance]   ${o.id}: ${deviationIds.get(o.id) ?? 'UNDOCUMENTED'} expected=${JSON.stringify(o.expected)} got=${JSON.stringify(o.got)}`);
    }

    it('agrees on at least 99% of the vectors', () => {
      expect(rate).toBeGreaterThanOrEqual(0.99);
    });

    if (strictList) {
      it('every disagreement is a documented deviation, and every documented deviation still deviates', () => {
        const undocumented = outcomes.filter((o) => !o.agrees && !deviationIds.has(o.id)).map((o) => o.id);
        const stale = outcomes.filter((o) => o.agrees && deviationIds.has(o.id)).map((o) => o.id);
        expect(undocumented).toEqual([]);
        expect(stale).toEqual([]);
      });
    }

    it('reads every policy text as the reference did, except the documented YAML 1.1 quirks (D2)', () => {
      const differing = file.policies
        .filter((p) => p.yaml !== undefined && p.policy !== undefined)
        .filter((p) => JSON.stringify(parseAllDocuments(p.yaml!, { version: '1.2', uniqueKeys: false })[0]?.toJS() ?? null) !== JSON.stringify(p.policy))
        .map((p) => p.id);
      console.log(`[conformance] ${label}: YAML 1.2 reading differs from the reference's YAML 1.1 reading for ${differing.length} policies: ${differing.join(', ') || '-'}`);
      if (strictList) expect(differing).toEqual(deviations.yaml12Policies ?? []);
    });

    it('rejects the policies the reference fails to load', () => {
      for (const p of file.policies.filter((x) => x.load_error)) {
        const text = p.yaml ?? JSON.stringify(p.policy);
        expect(() => Policy.fromYaml(text), p.id).toThrow();
        expect(Policy.parse(text).policy, p.id).toBeUndefined();
      }
    });
  });
}

suite('public sample', publicPath, true);
const extra = process.env['AEGIS_VECTORS'];
if (extra) suite(extra, extra, false);
