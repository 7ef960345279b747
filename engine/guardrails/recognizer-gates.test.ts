import { describe, expect, test } from 'vitest';
import { createDefaultRegistry } from './default-registry.ts';
import { PatternRecognizer, type NamedPattern, type PatternRecognizerOptions } from './pattern-recognizer.ts';
import { parseRegex, UnreadableRegex } from './regex-ast.ts';
import { ScanContext } from './scan-context.ts';
import { testScanOptions } from './test-scan-options.ts';
import { prng, RegexSampler } from './test-regex-sampler.ts';

/**
 * The validator-backed recognizers skip work with cheap gates: a recognizer-wide `prefilter`,
 * a per-pattern `when`, and `starts` lists that anchor a pattern. A gate that is too strict
 * silently drops real matches (it did: the secret-assignment gate missed `paasswod=`, `pass2:=`
 * and `pass_str !==`). Random strings drawn from each pattern are scanned by the real recognizer
 * and by a copy without any gate: both must report the same.
 */
const ATTEMPTS = 400;

const recognizers = createDefaultRegistry().list().filter((r): r is PatternRecognizer => r instanceof PatternRecognizer);

function gateless(r: PatternRecognizer): PatternRecognizer {
  const o = (r as unknown as { o: PatternRecognizerOptions }).o;
  const { prefilter: _prefilter, ...rest } = o;
  return new PatternRecognizer({ ...rest, patterns: o.patterns.map(({ when: _when, starts: _starts, ...p }) => p) });
}

function readable(source: string): boolean {
  try {
    parseRegex(source);
    return true;
  } catch (e) {
    if (e instanceof UnreadableRegex) return false;
    throw e;
  }
}

const key = (ds: { span: [number, number]; explanation: { pattern?: string } }[]): string =>
  JSON.stringify(ds.map((d) => `${d.explanation.pattern}@${d.span.join('-')}`).sort());

const results = new Map<string, { dropped: string[]; found: number }>();
function compare(recognizer: PatternRecognizer, pattern: NamedPattern, seed: number): { dropped: string[]; found: number } {
  const id = `${recognizer.id}/${pattern.name}`;
  const known = results.get(id);
  if (known) return known;
  const open = gateless(recognizer);
  const sampler = new RegexSampler(pattern.regex.source);
  const random = prng(seed);
  const dropped: string[] = [];
  let found = 0;
  for (let k = 0; k < ATTEMPTS && dropped.length < 3; k++) {
    // Some context around the sample, as a text would have it.
    const text = `Details: ${sampler.sample(random)} thanks`;
    const want = key(open.scan(new ScanContext(text, testScanOptions())));
    const got = key(recognizer.scan(new ScanContext(text, testScanOptions())));
    if (want !== '[]') found++;
    if (want !== got) dropped.push(text);
  }
  const result = { dropped, found };
  results.set(id, result);
  return result;
}

const cases = recognizers.flatMap((r) => r.patterns.map((p, i) => [r.id, p.name, r, p, 7 + i] as const));

test('the sampler reads every pattern but the one with a back-reference', () => {
  expect(cases.filter((c) => !readable(c[3].regex.source)).map((c) => `${c[0]}/${c[1]}`)).toEqual(['pii.ssn/ssn-separated']);
});

describe('gates drop no match', () => {
  test.each(cases.filter((c) => readable(c[3].regex.source)))('%s %s', (_r, _p, recognizer, pattern, seed) => {
    expect(compare(recognizer, pattern, seed).dropped).toEqual([]);
  });

  // The comparison means something only where samples produce detections at all (validators
  // reject most random digit strings).
  test('most patterns are checked on samples that produce detections', () => {
    const readableCases = cases.filter((c) => readable(c[3].regex.source));
    const productive = readableCases.filter(([, , r, p, seed]) => compare(r, p, seed).found > 0);
    expect(productive.length).toBeGreaterThanOrEqual(Math.ceil(readableCases.length * 0.6));
  });
});
