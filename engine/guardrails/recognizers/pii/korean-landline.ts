/** Korean landlines: 02, 031-064 area codes, 070 (internet phone), or +82 2…, then 3-4 and 4 digits. */
import { PatternRecognizer } from '../../pattern-recognizer.ts';

const AREA_PREFIX = /0[2-7]/;

export function koreanLandlineRecognizer(): PatternRecognizer {
  return new PatternRecognizer({
    id: 'pii.korean_landline',
    category: 'korean_landline',
    // Nine digits or more, at most one of ` -.)` between two.
    prefilter: (t, ctx) => ctx.stats.digitCluster >= 9 && (AREA_PREFIX.test(t) || t.includes('+82')),
    patterns: [{
      name: 'kr-landline',
      regex: /(?<![\d+])(?:\+82[ \-]?(?:2|[3-6][1-5]|70)|0(?:2|[3-6][1-5]|70))[ \-.)]\d{3,4}[ \-.]\d{4}(?!\d)/g,
      score: 0.8,
    }],
  });
}
