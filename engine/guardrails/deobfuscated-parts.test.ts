import { describe, expect, test } from 'vitest';
import { createDefaultRegistry } from './default-registry.ts';
import { PackRecognizer } from './pack-recognizer.ts';
import { partsAround, ScanContext } from './scan-context.ts';
import { prng } from './test-regex-sampler.ts';
import { testScanOptions } from './test-scan-options.ts';

describe('parts of the de-obfuscated view', () => {
  const text = 'x'.repeat(10_000);
  test.each([
    ['one change', [5000, 5004], 100, [4900, 5104]],
    ['clipped at the ends', [10, 12, 9990, 9995], 100, [0, 112, 9890, 10_000]],
    ['near changes merge', [1000, 1001, 1150, 1152], 100, [900, 1252]],
    ['unsorted changes', [3000, 3001, 1000, 1001], 10, [990, 1011, 2990, 3011]],
    ['half the text or more: all of it', [1000, 1001, 4000, 4001, 7000, 7001], 900, [0, 10_000]],
  ])('%s', (_name, changes, radius, expected) => expect(partsAround(text, changes, radius)).toEqual(expected));

  test('never splits a surrogate pair', () => {
    const astral = '😀'.repeat(2000);
    const [from, to] = partsAround(astral, [2001, 2002], 100) as [number, number];
    expect(to - from).toBe(202);
    expect(from % 2).toBe(0);
  });
});

/**
 * Scanning only the parts around the rewritten stretches must find what scanning all of the
 * de-obfuscated view finds. Each rule's own examples, written in leetspeak or spaced out, are
 * put at random places in a few KB of prose that has leet-looking tokens of its own (so there
 * are several parts, far apart), and every pack is scanned both ways.
 */
describe('de-obfuscation scans only around its changes', () => {
  const LEET: Record<string, string> = { a: '4', e: '3', i: '1', o: '0', s: '5', t: '7' };
  const leet = (s: string) => s.replace(/[aeiost]/g, (c, at: number) => (at % 2 === 0 ? LEET[c]! : c));
  const spaced = (s: string) => s.replace(/\b[a-z]{4,9}\b/, (w) => w.split('').join(' '));
  const filler = [
    'The new build targets html5 and css3, and the renderer holds 60fps on most devices.',
    'Memory stays under 150mb at baseline; the rfc8259 parser handles the rest.',
    'We met on Tuesday to go through the roadmap and agreed the milestones were realistic.',
    'The report covers the migration, the budget and who owns each of the next steps.',
    '회의에서는 분기별 로드맵을 검토했고 일정은 현실적이라는 데 동의했습니다.',
    '会议讨论了季度路线图，大家认为数据平台的里程碑是现实的。',
  ];
  const packs = createDefaultRegistry().list().filter((r): r is PackRecognizer => r instanceof PackRecognizer);
  const key = (ds: { span: [number, number]; category: string; explanation: { pattern?: string; tier: string } }[]) =>
    ds.map((d) => `${d.explanation.tier}:${d.explanation.pattern}:${d.category}@${d.span.join('-')}`).sort();

  test('finds the same as a scan of the whole view', () => {
    const random = prng(7);
    let deobfuscatedFindings = 0;
    let texts = 0;
    for (const pack of packs) {
      for (const rule of pack.pack.rules) {
        for (const example of rule.examples.match.slice(0, 2)) {
          for (const obfuscate of [leet, spaced]) {
            const sentences: string[] = [];
            for (let k = 0; k < 40; k++) sentences.push(filler[Math.floor(random() * filler.length)]!);
            sentences.splice(Math.floor(random() * sentences.length), 0, obfuscate(example.toLowerCase()));
            const text = sentences.join(' ');
            const whole = key(pack.scan(new ScanContext(text, { ...testScanOptions('high'), deobfuscationRadius: Infinity })));
            const parts = key(pack.scan(new ScanContext(text, testScanOptions('high'))));
            expect(parts, `${rule.id}: ${obfuscate(example.toLowerCase())}`).toEqual(whole);
            deobfuscatedFindings += whole.filter((k) => k.startsWith('deobfuscated:')).length;
            texts++;
          }
        }
      }
    }
    // The comparison is only worth something if the de-obfuscated view found things.
    expect(texts).toBeGreaterThan(500);
    expect(deobfuscatedFindings).toBeGreaterThan(100);
  });
});
