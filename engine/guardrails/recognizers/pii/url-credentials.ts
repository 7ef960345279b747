/** Credentials embedded in URLs: scheme://user:password@host (RFC 3986 userinfo). */
import { PatternRecognizer } from '../../pattern-recognizer.ts';

export function urlCredentialsRecognizer(): PatternRecognizer {
  return new PatternRecognizer({
    id: 'pii.url_credentials',
    category: 'url_credentials',
    prefilter: (t) => t.includes('://') && t.includes('@'),
    patterns: [{
      name: 'userinfo',
      regex: /(?<![A-Za-z0-9+.\-])[A-Za-z][A-Za-z0-9+.\-]{1,15}:\/\/[^\s:@/]{1,64}:[^\s@/]{1,128}@[^\s/?#"'<>]{1,253}/g,
      score: 0.95,
    }],
  });
}
