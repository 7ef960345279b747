// Card, SSN, RRN and phone recognizers (the international one: numbers of 7 digits or more) skip texts without a long enough cluster of digits
// (`TextStats.digitCluster`): the gate must never skip a text one of their patterns matches.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { PatternRecognizer } from '../../pattern-recognizer.ts';
import { ScanContext } from '../../scan-context.ts';
import { prng, RegexSampler } from '../../test-regex-sampler.ts';
import { testScanOptions } from '../../test-scan-options.ts';
import { creditCardRecognizer } from './credit-card.ts';
import { koreanLandlineRecognizer } from './korean-landline.ts';
import { koreanPhoneRecognizer } from './korean-phone.ts';
import { koreanRrnRecognizer } from './korean-rrn.ts';
import { numberDigitCount, phoneRecognizer } from './phone.ts';
import { usPhoneRecognizer } from './us-phone.ts';
import { usSsnRecognizer } from './us-ssn.ts';

const recognizers: [string, PatternRecognizer][] = [creditCardRecognizer(), usSsnRecognizer(), koreanRrnRecognizer(), koreanPhoneRecognizer(), koreanLandlineRecognizer(), usPhoneRecognizer()].map((r) => [r.id, r]);

describe.each(recognizers)('%s digit gate', (_id, recognizer) => {
  test('lets through every text a pattern matches (property)', () => {
    // Strings drawn from each pattern (a back-reference read as its group's choice, a space),
    // between random neighbours, so that most of them match.
    const samplers = recognizer.patterns.map((p) => new RegexSampler(p.regex.source.replace(/\\1/g, ' ')));
    const random = prng(41);
    const context = fc.constantFrom('', ' ', 'a', '1', '-', '(', '+', 'call ', 'ssn ', '\n', 'é');
    let matched = 0;
    fc.assert(
      fc.property(fc.nat({ max: samplers.length - 1 }), context, context, (k, before, after) => {
        const text = before + samplers[k]!.sample(random) + after;
        const ctx = new ScanContext(text, testScanOptions());
        const hit = recognizer.patterns.some((p) => new RegExp(p.regex.source, p.regex.flags).test(ctx.base.text));
        if (!hit) return;
        matched++;
        expect(recognizer.passesPrefilter(ctx), text).toBe(true);
      }),
      { numRuns: 3000, seed: 41 },
    );
    expect(matched).toBeGreaterThan(500);
  });
});

describe('pii.phone digit gate', () => {
  // Its patterns also match shorter numbers, which validation drops: the gate must let through
  // every text with a match validation could keep (7 digits or more).
  const recognizer = phoneRecognizer();
  test('lets through every text with a match of 7 digits or more (property)', () => {
    const samplers = recognizer.patterns.map((p) => new RegexSampler(p.regex.source));
    const random = prng(43);
    const context = fc.constantFrom('', ' ', 'a', '1', '-', '(', '+', 'call ', 'tel: ', '\n', 'é', '12 ');
    let kept = 0;
    fc.assert(
      fc.property(fc.nat({ max: samplers.length - 1 }), context, context, (k, before, after) => {
        const text = before + samplers[k]!.sample(random) + after;
        const ctx = new ScanContext(text, testScanOptions());
        const long = recognizer.patterns.some((p) => [...ctx.base.text.matchAll(new RegExp(p.regex.source, 'g'))].some((m) => numberDigitCount(m[0]) >= 7));
        if (!long) return;
        kept++;
        expect(recognizer.passesPrefilter(ctx), text).toBe(true);
      }),
      { numRuns: 3000, seed: 43 },
    );
    expect(kept).toBeGreaterThan(500);
  });

  test.each(['call 212 555 0199', '+44 20 7946 0958', 'tel (030) 1234-5678', '13812345678'])('passes %j', (text) => {
    expect(recognizer.passesPrefilter(new ScanContext(text, testScanOptions()))).toBe(true);
  });
  test.each(['room 12, floor 3', 'version 1.2.3', 'call 555 01'])('skips %j', (text) => {
    expect(recognizer.passesPrefilter(new ScanContext(text, testScanOptions()))).toBe(false);
  });
});
