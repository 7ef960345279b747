/**
 * E-mail addresses, including non-ASCII local parts and internationalized domains (RFC 6531
 * style). Deliberately left out: quoted local parts and IP-literal domains, which are rare in
 * text and make the pattern ambiguous.
 */
import { PatternRecognizer } from '../../pattern-recognizer.ts';

export function emailRecognizer(): PatternRecognizer {
  return new PatternRecognizer({
    id: 'pii.email',
    category: 'email',
    prefilter: (t) => t.includes('@'),
    patterns: [{
      name: 'email',
      // Starts only where a local part can start, so the scan stays linear on long runs.
      regex: /(?<![\p{L}\p{N}._%+\-])[\p{L}\p{N}_%+\-](?:[\p{L}\p{N}._%+\-]{0,63})@(?:[\p{L}\p{N}](?:[\p{L}\p{N}\-]{0,61}[\p{L}\p{N}])?\.){1,8}\p{L}{2,24}(?![\p{L}\p{N}])/gu,
      score: 0.9,
    }],
  });
}
