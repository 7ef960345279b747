// PII masking on every public guardrail vector: the masked text must be the ORIGINAL text with
// exactly the reported mask spans replaced (no shifted offsets after NFKC, no split surrogate
// pairs, nothing else touched), no raw PII of a masked span may survive, and what the reference
// finds correctly (its default `pii` configuration) we find too, except the deviations written
// down in specs/guardrails.md.
import { readFileSync, existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import { createGuardrails, maskValue } from '../engine/index.ts';
import { sharedDir } from './vectors.ts';

interface RefMatch { category: string; matched_text: string; start_utf16: number; end_utf16: number; masked_text?: string }
interface GuardrailVector {
  id: string;
  text: string;
  normalized_nfkc?: string;
  results: Record<string, { matches?: RefMatch[] } | undefined>;
}

const path = process.env['AEGIS_VECTORS_GUARDRAILS'] ?? resolve(sharedDir, 'conformance', 'guardrail-vectors.json');
if (!existsSync(path)) throw new Error(`guardrail vectors not found at ${path} (set AEGIS_SHARED)`);
const vectors = (JSON.parse(readFileSync(path, 'utf8')) as { vectors: GuardrailVector[] }).vectors;
const g = createGuardrails();

/** Reference categories we report under another name, or deliberately not at all. */
const SAME_CATEGORY: Record<string, string[]> = {
  api_key: ['api_key', 'jwt', 'private_key', 'password'],
  phone: ['phone', 'us_phone', 'korean_phone', 'korean_landline'],
  us_phone: ['us_phone', 'phone'],
};
// Deviations (specs/guardrails.md §Deviations): private/loopback/documentation IPv4 ranges are
// not personal data; a version number is not an IP address.
const isDeliberateMiss = (m: RefMatch): boolean =>
  m.category === 'ip_address' && /^(?:10\.|127\.|0\.|169\.254\.|192\.168\.|172\.(?:1[6-9]|2\d|3[01])\.|192\.0\.2\.|198\.51\.100\.|203\.0\.113\.)/.test(m.matched_text);

describe('PII masking keeps every public vector intact outside the reported spans', () => {
  test.each(vectors.map((v) => [v.id, v] as const))('%s', (_id, v) => {
    const report = g.checkDetailed(v.text);
    const masks = report.findings.filter((f) => f.guardrail === 'pii' && f.action === 'mask').sort((a, b) => a.span[0] - b.span[0]);
    // Spans are inside the text, disjoint, and never cut a surrogate pair.
    let expected = '';
    let at = 0;
    for (const f of masks) {
      const [s, e] = f.span;
      expect(s).toBeGreaterThanOrEqual(at);
      expect(e).toBeGreaterThan(s);
      expect(e).toBeLessThanOrEqual(v.text.length);
      expect(/[\udc00-\udfff]/.test(v.text[s] ?? '')).toBe(false);
      expect(/[\ud800-\udbff]/.test(v.text[e - 1] ?? '')).toBe(false);
      const raw = v.text.slice(s, e);
      const masked = maskValue(f.category, raw);
      expect(masked).not.toBe(raw);
      expected += v.text.slice(at, s) + masked;
      at = e;
    }
    expected += v.text.slice(at);
    expect(report.text).toBe(expected);

    // What the reference masks correctly, we mask too (compared on the NFKC form of our span).
    for (const m of v.results['pii']?.matches ?? []) {
      if (isDeliberateMiss(m)) continue;
      const allowed = SAME_CATEGORY[m.category] ?? [m.category];
      const refText = m.category === 'credit_card' ? null : m.matched_text;
      const found = masks.some((f) => {
        if (!allowed.includes(f.category)) return false;
        const ours = v.text.slice(f.span[0], f.span[1]).normalize('NFKC');
        return refText === null ? ours.replace(/\D/g, '').endsWith(m.matched_text.replace(/\D/g, '').slice(-4)) : ours.includes(refText) || refText.includes(ours);
      });
      expect(found, `${m.category} ${JSON.stringify(m.matched_text)} in ${JSON.stringify(v.text)}`).toBe(true);
    }
  });
});

test('the vectors exercise masking, and a prefix that NFKC lengthens shifts nothing', () => {
  const masked = vectors.filter((v) => g.check(v.text).text !== v.text);
  expect(masked.length).toBeGreaterThanOrEqual(10);
  // "ﬁ" and "Ⅲ" become two and three units under NFKC: offsets must still land in the original.
  const prefix = 'ﬁle ⅢⅢ ㎒ ';
  for (const v of masked) expect(g.check(prefix + v.text).text).toBe(prefix + g.check(v.text).text);
});
