// The key-line pattern runs only where a key line can start (token-run starts and right after
// `_`/`-` inside long runs); that must find exactly what trying it at every position finds.
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../probe/random.ts';
import { MAX_RUNS } from '../../normalize/char-scan.ts';
import { ScanContext } from '../../scan-context.ts';
import { testScanOptions } from '../../test-scan-options.ts';
import { rawMatches as matchesOf } from '../../test-anchored-matches.ts';
import { keyMaterialRecognizer } from './key-material.ts';

const options = testScanOptions('high');
const anchored = keyMaterialRecognizer();
const keyLine = anchored.patterns[0]!;

const rawMatches = (text: string, useStarts: boolean) => matchesOf(keyLine, text, new ScanContext(text, options), useStarts);

const KEY = 'MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7VJTUt9Us8cKjMzEfYyjiWA4R4';

describe('key line candidates', () => {
  it.each([
    KEY,
    `key: ${KEY}==`,
    `sk-proj_${KEY}`,
    `a-b-c-${KEY}-tail`,
    `${'x'.repeat(39)}-${KEY}`,
    `under_score_${KEY.slice(0, 41)}`,
    `path/to/${KEY}/more`,
    `=${KEY}=`,
  ])('%s', (text) => {
    const found = rawMatches(text, true);
    expect(found).toEqual(rawMatches(text, false));
    expect(found.length).toBeGreaterThan(0);
  });

  it('agrees on random texts', () => {
    const random = seededRandom(11);
    const pieces = ['MIIEvQIBADANBgkqhkiG9w0B', 'AQEFAASCBKcwggSjAgEAAoIB', 'abc', 'XYZ', '09', '+', '/', '-', '_', '=', '==', ' ', '\n', '.', ':', '"', 'é', 'k'.repeat(17)];
    for (let t = 0; t < 4000; t++) {
      let s = '';
      for (let i = random.int(40); i > 0; i--) s += random.pick(pieces);
      expect(rawMatches(s, true), s).toEqual(rawMatches(s, false));
    }
  });

  it('scans every position when the text has more token runs than are recorded', () => {
    const text = `${'word'.repeat(5)} `.repeat(MAX_RUNS + 4) + KEY;
    expect(keyLine.starts!(text, new ScanContext(text, options))).toBeNull();
    expect(anchored.scan(new ScanContext(text, options)).length).toBe(1);
  });
});
