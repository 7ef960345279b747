/**
 * IPv4 dotted quads (each octet 0-255, not part of a longer dotted number, not after
 * "version"/"v") and IPv6 addresses in full or compressed form (RFC 4291 §2.2).
 */
import { PatternRecognizer } from '../../pattern-recognizer.ts';
import { ipv6Valid } from './validators.ts';

// Private (RFC 1918), loopback, link-local, unspecified, netmask, documentation (RFC 5737),
// multicast (224/4) and reserved (240/4) ranges identify no person or public host: they are not
// reported. The same for IPv6 loopback, unspecified, link-local (fe80::/10), unique-local
// (fc00::/7), multicast (ff00::/8) and documentation (2001:db8::/32) addresses.
const NON_PERSONAL_V4 = /^(?:10\.|127\.|0\.|169\.254\.|192\.168\.|172\.(?:1[6-9]|2\d|3[01])\.|22[4-9]\.|2[3-5]\d\.|192\.0\.2\.|198\.51\.100\.|203\.0\.113\.)/;
const NON_PERSONAL_V6 = /^(?:::1?$|fe[89ab][0-9a-f]:|f[cd][0-9a-f]{2}:|ff[0-9a-f]{2}:|2001:0?db8:)/i;
const OCTET = '(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';

const isHex = (c: number): boolean => (c >= 48 && c <= 57) || ((c | 32) >= 97 && (c | 32) <= 102);

/**
 * Where the IPv6 pattern can start, in increasing order. A match begins with up to four hex
 * digits and a colon, and its look-behind rejects a letter, digit or colon before it, so it
 * starts right before a colon or at the start of the hex run before one, and another colon
 * follows within five units. Tried at every position instead, the look-behind costs ~17 µs/KB
 * on Korean or Chinese text that has a few colons.
 */
function ipv6Starts(text: string): number[] {
  const out: number[] = [];
  for (let colon = text.indexOf(':'); colon >= 0; ) {
    const next = text.indexOf(':', colon + 1);
    if (next >= 0 && next - colon <= 5) {
      let start = colon;
      while (start > 0 && colon - start < 4 && isHex(text.charCodeAt(start - 1))) start--;
      if (start === 0 || !isHex(text.charCodeAt(start - 1))) out.push(start);
    }
    colon = next;
  }
  return out;
}

export function ipAddressRecognizer(): PatternRecognizer {
  return new PatternRecognizer({
    id: 'pii.ip_address',
    category: 'ip_address',
    // IPv4 needs digits; IPv6 needs two colons a group apart (see `ipv6Candidate`).
    prefilter: (_t, ctx) => ctx.stats.digits >= 4 || ctx.stats.colonPairs > 0,
    patterns: [
      // Not followed by a version suffix (`1.3.0.1-motley`, `1.2.3.4-rc.1`, `2.4.254.14+build`).
      { name: 'ipv4', regex: new RegExp(`(?<![\\d.])${OCTET}(?:\\.${OCTET}){3}(?!\\.?\\d|[\\-+][A-Za-z])`, 'g'), score: 0.8, when: (ctx) => ctx.stats.digits >= 4 },
      { name: 'ipv6', when: (ctx) => ctx.stats.colonPairs > 0, starts: ipv6Starts, regex: /(?<![\p{L}\p{N}_:])(?:[0-9A-Fa-f]{0,4}:){2,7}(?:[0-9A-Fa-f]{1,4}|(?:\d{1,3}\.){3}\d{1,3})?(?![\p{L}\p{N}_:])/gu, score: 0.8 },
    ],
    validate: (value) => {
      if (!value.includes(':')) return NON_PERSONAL_V4.test(value) ? 'invalid' : 'valid';
      if (!ipv6Valid(value) || NON_PERSONAL_V6.test(value)) return 'invalid';
      const groups = value.split(':').filter((g) => g !== '').length;
      return groups >= 3 ? 'valid' : 'invalid';
    },
    // Dotted numbers that are not addresses: versions ("upgrade to 3.24.35.22", "IronPython
    // 2.7.6.3"), standards' section numbers ("Section 22.1.4.1", "RFC 7540 8.1.2.4") and OIDs.
    negativeContext: ['version ', 'version: ', ' v', 'ver.', 'release ', 'upgrade to ', 'upgrade ', 'update to ', 'updated to ', 'bump to ', 'python ', 'gcc ', 'section ', 'sec. ', '§', 'rfc ', 'oid '],
    contextWindow: 12,
  });
}
