/**
 * US Social Security numbers: AAA-GG-SSSS with the SSA's never-issued values excluded (area
 * 000, 666, 900-999; group 00; serial 0000). Nine bare digits count only after "ssn" or
 * "social security".
 */
import { PatternRecognizer } from '../../pattern-recognizer.ts';

export function usSsnRecognizer(): PatternRecognizer {
  return new PatternRecognizer({
    id: 'pii.ssn',
    category: 'ssn',
    // Nine digits, at most one space or hyphen between two.
    prefilter: (_t, ctx) => ctx.stats.digitCluster >= 9,
    patterns: [
      { name: 'ssn-separated', regex: /(?<![\d\-])\d{3}([- ])\d{2}\1\d{4}(?![\d\-])/g, score: 0.8 },
      { name: 'ssn-bare', regex: /(?<!\d)\d{9}(?!\d)/g, score: 0.3 },
    ],
    validate: (value) => {
      const d = value.replace(/\D/g, '');
      const area = Number(d.slice(0, 3));
      if (area === 0 || area === 666 || area >= 900 || d.slice(3, 5) === '00' || d.slice(5) === '0000') return 'invalid';
      return 'valid';
    },
    contextWords: ['ssn', 'social security', 'social-security', 'sozialversicherungs', 'tax id'],
    contextBoost: 0.5,
  });
}
