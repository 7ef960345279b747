/**
 * Korean resident registration numbers (주민등록번호): YYMMDD-GNNNNNN with a real month and
 * day and gender/century digit 1-8. The check digit is verified; numbers issued since October
 * 2020 no longer carry it, so a number that fails the checksum still counts when 주민/RRN
 * context precedes it.
 */
import { PatternRecognizer } from '../../pattern-recognizer.ts';
import { koreanRrnChecksumValid } from './validators.ts';


export function koreanRrnRecognizer(): PatternRecognizer {
  return new PatternRecognizer({
    id: 'pii.korean_rrn',
    category: 'korean_rrn',
    // Thirteen digits, at most a hyphen between two.
    prefilter: (_t, ctx) => ctx.stats.digitCluster >= 13,
    patterns: [
      { name: 'rrn-separated', regex: /(?<![\d\-])\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])-[1-8]\d{6}(?![\d\-])/g, score: 0.45 },
      { name: 'rrn-bare', regex: /(?<!\d)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])[1-8]\d{6}(?!\d)/g, score: 0.3 },
    ],
    validate: (value) => (koreanRrnChecksumValid(value.replace(/\D/g, '')) ? 'valid' : undefined),
    validScore: 0.9,
    contextWords: ['주민', '등록번호', 'rrn', 'resident registration', 'resident number'],
    contextBoost: 0.45,
  });
}
