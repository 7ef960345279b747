/**
 * Finds encoded segments (base64, hex, 8-bit binary, `\x`/`\u` escapes, URL percent-encoding, ROT13) and
 * decodes every candidate, not just the first, so the scanner can rescan what they hide.
 * Candidates are bounded in number and size; a candidate that does not decode to mostly
 * printable UTF-8 text is ignored (hashes, random tokens and binary blobs stay quiet).
 */

export interface DecodedSegment {
  /** Range in the text that was searched (the caller maps it to the original). */
  start: number;
  end: number;
  decoded: string;
  decoder: 'base64' | 'hex' | 'binary' | 'escape' | 'url' | 'rot13';
}

import { scanChars, type TextStats } from '../normalize/char-scan.ts';
import { base64ToBytes } from './base64.ts';
import { matchesInStretches, stretchClass } from './stretches.ts';
import { utf8ToText } from './utf8.ts';
import { allMatches } from '../regex-matches.ts';

const MAX_CANDIDATES = 32;
const MAX_SEGMENT = 65_536;

const HEX = /(?<![0-9A-Fa-f])(?:[0-9A-Fa-f]{2}[ :]?){8,}(?![0-9A-Fa-f])/g;
const HEX_STRETCH = stretchClass('0123456789ABCDEFabcdef', ' :', 16);
// Eight-bit groups ("01001001 01100111 …"), as in token-smuggling prompts.
const BINARY = /(?<![01])(?:[01]{8}[ ,]?){4,}(?![01])/g;
const BINARY_STRETCH = stretchClass('01', ' ,', 32);
const ESCAPES = /(?:\\x[0-9A-Fa-f]{2}|\\u[0-9A-Fa-f]{4}|\\u\{[0-9A-Fa-f]{1,6}\}){4,}/g;
/** One escape of `ESCAPES`, its digits captured (\x hex, \u{…}, \uXXXX). */
const ESCAPE = /\\x([0-9A-Fa-f]{2})|\\u\{([0-9A-Fa-f]{1,6})\}|\\u([0-9A-Fa-f]{4})/g;
const PERCENT = /%[0-9A-Fa-f]{2}/g;
// ROT13 forms of very common English words ("the", "you", "and", "ignore", "instructions",
// "previous", "system", "prompt"): two or more suggest a ROT13 text worth reading.
const ROT13_HINT = /\b(?:gur|lbh|naq|vtaber|vafgehpgvbaf|cerivbhf|flfgrz|cebzcg|nyy|lbhe)\b/gi;


/** Share of characters that are printable (letters, marks, digits, punctuation, spaces). */
function printableRatio(s: string): number {
  if (s.length === 0) return 0;
  let ok = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if ((c >= 0x20 && c < 0x7f) || c === 0x0a || c === 0x0d || c === 0x09 || c >= 0xa0) ok++;
  }
  return ok / s.length;
}

function looksLikeText(s: string): boolean {
  return s.length >= 4 && printableRatio(s) >= 0.95 && /\p{L}{2}/u.test(s) && !s.includes('\ufffd');
}

/** The UTF-8 text that base64 or base64url `s` encodes ('=' padding optional), or null. */
export function decodeBase64(s: string): string | null {
  const bytes = base64ToBytes(s);
  if (bytes !== undefined) return bytes === null ? null : utf8ToText(bytes);
  return decodeBase64WithAtob(s);
}

/** The general path, for strings with characters outside the two alphabets (atob skips spaces). */
function decodeBase64WithAtob(s: string): string | null {
  let b = s.replace(/[-_]/g, (c) => (c === '-' ? '+' : '/')).replace(/=+$/, '');
  if (b.length % 4 === 1) return null;
  b += '='.repeat((4 - (b.length % 4)) % 4);
  let bin: string;
  try {
    bin = atob(b);
  } catch {
    return null;
  }
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return utf8ToText(bytes);
}

function decodeHex(s: string): string | null {
  const hex = s.replace(/[ :]/g, '');
  if (hex.length % 2 !== 0) return null;
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return utf8ToText(bytes);
}

function decodeEscapes(s: string): string | null {
  const bytes: number[] = [];
  let out = '';
  const flush = (): boolean => {
    if (bytes.length === 0) return true;
    const t = utf8ToText(Uint8Array.from(bytes));
    bytes.length = 0;
    if (t === null) return false;
    out += t;
    return true;
  };
  for (const m of allMatches(ESCAPE, s)) {
    if (m[1] !== undefined) bytes.push(parseInt(m[1], 16));
    else {
      if (!flush()) return null;
      const cp = parseInt(m[2] ?? m[3]!, 16);
      if (cp > 0x10ffff) return null;
      out += String.fromCodePoint(cp);
    }
  }
  return flush() ? out : null;
}

export function rot13(s: string): string {
  return s.replace(/[A-Za-z]/g, (c) => {
    const code = c.charCodeAt(0);
    const base = code >= 97 ? 97 : 65;
    return String.fromCharCode(((code - base + 13) % 26) + base);
  });
}

/**
 * Every decodable segment of `text`, in text order (at most 32). `stats` (the character scan
 * of `text`, computed when not given) supplies the base64 candidates — maximal runs of the
 * base64/base64url alphabet of 16+ units — and gates the hex search on digits being present.
 */
export function findEncodedSegments(text: string, stats: TextStats = scanChars(text)): DecodedSegment[] {
  const out: DecodedSegment[] = [];
  const add = (start: number, end: number, decoded: string | null, decoder: DecodedSegment['decoder']): void => {
    if (out.length >= MAX_CANDIDATES || decoded === null || !looksLikeText(decoded)) return;
    out.push({ start, end, decoded, decoder });
  };
  for (const run of stats.runs) {
    let end = run.end;
    if (text.charCodeAt(end) === 61) end += text.charCodeAt(end + 1) === 61 ? 2 : 1; // '=' padding
    const padded = end > run.end;
    if (end - run.start > MAX_SEGMENT || run.upper + run.lower === 0) continue;
    // Plain words and identifiers (lower-case letters with `_`/`-`, or letters only) are not
    // base64 unless padded.
    if (!padded && (run.digits + run.plusSlash + run.upper === 0 || run.digits + run.plusSlash + run.dashes === 0)) continue;
    if (out.length >= MAX_CANDIDATES) break;
    add(run.start, end, decodeBase64(text.slice(run.start, end)), 'base64');
  }
  // Hex-encoded text is mostly digits (every ASCII byte starts with 2-7).
  if (stats.digits >= 8 && out.length < MAX_CANDIDATES) {
    for (const m of matchesInStretches(text, HEX, HEX_STRETCH)) {
      if (out.length >= MAX_CANDIDATES) break;
      if (m.text.length > MAX_SEGMENT) continue;
      add(m.start, m.start + m.text.length, decodeHex(m.text), 'hex');
    }
  }
  if (stats.digits >= 32 && out.length < MAX_CANDIDATES) {
    for (const m of matchesInStretches(text, BINARY, BINARY_STRETCH)) {
      if (out.length >= MAX_CANDIDATES) break;
      if (m.text.length > MAX_SEGMENT) continue;
      const bits = m.text.replace(/[ ,]/g, '');
      const bytes = new Uint8Array(bits.length >> 3);
      for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(bits.slice(i * 8, i * 8 + 8), 2);
      add(m.start, m.start + m.text.length, utf8ToText(bytes), 'binary');
    }
  }
  if (out.length < MAX_CANDIDATES && text.includes('\\')) {
    for (const m of allMatches(ESCAPES, text)) {
      if (out.length >= MAX_CANDIDATES) break;
      add(m.index, m.index + m[0].length, decodeEscapes(m[0]), 'escape');
    }
  }
  if (out.length < MAX_CANDIDATES && text.includes('%')) {
    for (const [start, tok] of tokensWithPercent(text)) {
      if (out.length >= MAX_CANDIDATES) break;
      const escapes = tok.match(PERCENT)?.length ?? 0;
      if (escapes < 3) continue;
      let decoded: string | null;
      try {
        decoded = decodeURIComponent(tok.replace(/\+/g, ' '));
      } catch {
        decoded = null;
      }
      add(start, start + tok.length, decoded, 'url');
    }
  }
  if (hasTwoMatches(text, ROT13_HINT)) out.push({ start: 0, end: text.length, decoded: rot13(text), decoder: 'rot13' });
  return out;
}

/** ECMAScript white space and line terminators: what `\s` matches. */
function isWhiteSpace(c: number): boolean {
  if (c <= 32) return c === 32 || (c >= 9 && c <= 13);
  if (c < 0xa0) return false;
  return c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

/**
 * The tokens that contain a `%`, with their starts, in order: the first 4,096 units of each run
 * of 6 or more non-space units (`/(?<!\S)\S{6,4096}/g`). Found from each `%` outward rather
 * than by matching every token of the text (~6 µs/KB on prompts that mention a percentage).
 */
export function tokensWithPercent(text: string): [number, string][] {
  const out: [number, string][] = [];
  let done = 0;
  for (let at = text.indexOf('%'); at >= 0; at = text.indexOf('%', Math.max(at + 1, done))) {
    let start = at;
    while (start > 0 && !isWhiteSpace(text.charCodeAt(start - 1))) start--;
    let end = at + 1;
    while (end < text.length && !isWhiteSpace(text.charCodeAt(end))) end++;
    done = end;
    const tokenEnd = Math.min(end, start + 4096);
    if (tokenEnd - start >= 6 && at < tokenEnd) out.push([start, text.slice(start, tokenEnd)]);
  }
  return out;
}

function hasTwoMatches(text: string, re: RegExp): boolean {
  re.lastIndex = 0;
  const found = re.test(text) && re.test(text);
  re.lastIndex = 0;
  return found;
}
