/**
 * E-mail addresses, including non-ASCII local parts and internationalized domains (RFC 6531
 * style). Deliberately left out: quoted local parts and IP-literal domains, which are rare in
 * text and make the pattern ambiguous.
 */
import { PatternRecognizer } from '../../pattern-recognizer.ts';

/** The local-part characters of the pattern below (its look-behind class). */
const LOCAL_CHAR = /^[\p{L}\p{N}._%+\-]$/u;
const MAX_LOCAL = 64;
const ASCII_LOCAL = new Uint8Array(128);
for (let c = 0; c < 128; c++) ASCII_LOCAL[c] = LOCAL_CHAR.test(String.fromCharCode(c)) ? 1 : 0;

/**
 * Where a match can start: a local part is a run of local-part characters that no such
 * character precedes and that ends at an `@`, so each `@` has one candidate, the start of the
 * run before it (when it is at most 64 code points long). Walking back by code points keeps
 * astral letters whole, as the `u` pattern sees them.
 */
function* localPartStarts(text: string): Generator<number> {
  for (let at = text.indexOf('@'); at >= 0; at = text.indexOf('@', at + 1)) {
    let start = at;
    let length = 0;
    while (start > 0 && length <= MAX_LOCAL) {
      let prev = start - 1;
      const c = text.charCodeAt(prev);
      let local: boolean;
      if (c < 128) local = ASCII_LOCAL[c] === 1;
      else {
        if (c >= 0xdc00 && c <= 0xdfff && prev > 0) {
          const high = text.charCodeAt(prev - 1);
          if (high >= 0xd800 && high <= 0xdbff) prev--;
        }
        local = LOCAL_CHAR.test(text.slice(prev, start));
      }
      if (!local) break;
      start = prev;
      length++;
    }
    if (length > 0 && length <= MAX_LOCAL) yield start;
  }
}

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
      starts: localPartStarts,
    }],
  });
}
