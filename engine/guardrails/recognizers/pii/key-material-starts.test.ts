// The key-line pattern runs only where a key line can start (token-run starts and right after
// `_`/`-` inside long runs); that must find exactly what trying it at every position finds.
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../probe/random.ts';
import { MAX_RUNS } from '../../normalize/char-scan.ts';
import { ScanContext } from '../../scan-context.ts';
import { testScanOptions } from '../../test-scan-options.ts';
import { keyMaterialRecognizer } from './key-material.ts';

const options = testScanOptions('high');
const anchored = keyMaterialRecognizer();
const keyLine = anchored.patterns[0]!;

function rawMatches(text: string, useStarts: boolean): [number, string][] {
  const out: [number, string][] = [];
  const starts = useStarts ? keyLine.starts!(text, new ScanContext(text, options)) : null;
  if (starts) {
    const sticky = new RegExp(keyLine.regex.source, keyLine.regex.flags.replace('g', '') + 'y');
    let next = 0;
    for (const s of starts) {
      if (s < next) continue;
      sticky.lastIndex = s;
      const m = sticky.exec(text);
      if (m === null) continue;
      out.push([m.index, m[0]]);
      next = s + m[0].length;
    }
  } else {
    const re = new RegExp(keyLine.regex.source, keyLine.regex.flags);
    for (const m of text.matchAll(re)) out.push([m.index, m[0]]);
  }
  return out;
}

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
