/**
 * Lines of raw key material: a long base64 run with the line width PEM and OpenSSH use
 * (64 or 70-76 characters), mixing upper and lower case, with high character entropy, that
 * does not decode to UTF-8 text. This catches private keys pasted or logged line by line, where the BEGIN header is
 * elsewhere. Identifiers, hex digests and ordinary words do not have this shape.
 */
import { decodeBase64 } from '../../decode/decoders.ts';
import { PatternRecognizer } from '../../pattern-recognizer.ts';

function entropy(s: string): number {
  const counts = new Map<string, number>();
  for (const ch of s) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let h = 0;
  for (const c of counts.values()) {
    const p = c / s.length;
    h -= p * Math.log2(p);
  }
  return h;
}

export function keyMaterialRecognizer(): PatternRecognizer {
  return new PatternRecognizer({
    id: 'pii.key_material',
    category: 'private_key',
    // Only texts with a long mixed-case token run can hold a key line.
    prefilter: (_t, ctx) => ctx.stats.runs.some((r) => r.end - r.start >= 40 && r.upper > 0 && r.lower > 0),
    patterns: [{ name: 'base64-key-line', regex: /(?<![A-Za-z0-9+/])[A-Za-z0-9+/]{40,100}={0,2}(?![A-Za-z0-9+/])/g, score: 0.6 }],
    validate: (value) => {
      const core = value.replace(/=+$/, '');
      if (!/[a-z]/.test(core) || !/[A-Z]/.test(core) || core.length < 44) return 'invalid';
      // Base64 of readable text (MIME bodies, encoded JSON) is not key material.
      if (decodeBase64(core.slice(0, core.length - (core.length % 4))) !== null) return 'invalid';
      return entropy(core) >= 4.5 ? 'valid' : 'invalid';
    },
  });
}
