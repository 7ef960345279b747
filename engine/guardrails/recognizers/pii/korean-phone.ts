/** Korean mobile numbers: 010/011/016-019 (or +82 10…) then 3-4 and 4 digits. */
import { PatternRecognizer } from '../../pattern-recognizer.ts';
import { inUrlPath } from './validators.ts';

const MOBILE_PREFIX = /1[016789]/;

export function koreanPhoneRecognizer(): PatternRecognizer {
  return new PatternRecognizer({
    id: 'pii.korean_phone',
    category: 'korean_phone',
    // Ten digits or more, at most one of ` -.` between two.
    prefilter: (t, ctx) => ctx.stats.digitCluster >= 10 && MOBILE_PREFIX.test(t),
    patterns: [
      { name: 'kr-mobile', regex: /(?<![\d+])(?:\+82[ \-]?|0)1[016789][ \-.]\d{3,4}[ \-.]\d{4}(?![\d])/g, score: 0.85 },
      { name: 'kr-mobile-bare', regex: /(?<![\d+])(?:\+82|0)1[016789]\d{7,8}(?!\d)/g, score: 0.6 },
    ],
    validate: (_value, text, start) => (inUrlPath(text, start) ? 'invalid' : undefined),
    contextWords: ['전화', '연락처', '휴대폰', '핸드폰', 'phone', 'tel', 'mobile', 'call'],
    contextBoost: 0.2,
  });
}
