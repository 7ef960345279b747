/**
 * North American numbers: (AAA) EEE-NNNN, AAA-EEE-NNNN, AAA.EEE.NNNN, with an optional +1/1
 * prefix and extension. Ten bare digits count only with phone context before them.
 */
import { PatternRecognizer } from '../../pattern-recognizer.ts';
import { inUrlPath } from './validators.ts';

export function usPhoneRecognizer(): PatternRecognizer {
  return new PatternRecognizer({
    id: 'pii.us_phone',
    category: 'us_phone',
    // Ten digits, at most `) ` or one of `.-` (two units) between two.
    prefilter: (_t, ctx) => ctx.stats.digitCluster >= 10,
    patterns: [
      {
        name: 'nanp-separated',
        regex: /(?<![\w+\-.])(?:\+?1[ .\-]?)?(?:\([2-9]\d{2}\) ?|[2-9]\d{2}[.\-])\d{3}[.\-]\d{4}(?: ?(?:x|ext\.?) ?\d{1,5})?(?!\w|-\d)/g,
        score: 0.8,
      },
      { name: 'nanp-bare', regex: /(?<![\w+\-.])(?:\+?1)?[2-9]\d{9}(?![\w\-])/g, score: 0.2 },
    ],
    // Mixed separators ("DFARS 252.227-7014", a regulation clause) are not how numbers are
    // written; a digit run in a URL path is an id.
    validate: (value, text, start) => (/\d\.\d{3}-|\d-\d{3}\./.test(value) || inUrlPath(text, start) ? 'invalid' : undefined),
    contextWords: ['phone', 'call', 'tel', 'mobile', 'cell', 'fax', 'contact', 'number', 'text me', 'whatsapp'],
    contextBoost: 0.45,
  });
}
