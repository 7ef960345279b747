/**
 * Masking styles per PII category (as the reference: first 4 / last 4 digits of a card, first
 * letter of an e-mail's local part, first 3 digits of a phone, …) and the replacement of
 * spans in the ORIGINAL text. Secrets keep at most a 4-character prefix (the provider marker),
 * never the secret itself.
 */
import { isAsciiDigit as isDigit } from './normalize/unit-class.ts';
import type { Finding } from './types.ts';

type Masker = (s: string, c: string) => string;

const isAsciiAlnum = (u: number): boolean => isDigit(u) || (u >= 65 && u <= 90) || (u >= 97 && u <= 122);

/**
 * `s` with every unit `pick` selects replaced by `c`, except those `keep` spares (the nth selected
 * unit, counted from 1, of `total`). A loop, not `replace` with a callback: a text full of cards
 * and phone numbers called the callback once per digit (~8 µs/KB of signal-dense text).
 */
function maskUnits(s: string, c: string, pick: (u: number) => boolean, keep?: (nth: number, total: number) => boolean): string {
  let total = 0;
  if (keep) for (let i = 0; i < s.length; i++) if (pick(s.charCodeAt(i))) total++;
  let out = '';
  let from = 0;
  let nth = 0;
  for (let i = 0; i < s.length; i++) {
    if (!pick(s.charCodeAt(i))) continue;
    nth++;
    if (keep?.(nth, total)) continue;
    out += s.slice(from, i) + c;
    from = i + 1;
  }
  return from === 0 ? s : out + s.slice(from);
}

const maskDigitsAfter = (keep: number): Masker => (s, c) => maskUnits(s, c, isDigit, (nth) => nth <= keep);
const maskDigits: Masker = (s, c) => maskUnits(s, c, isDigit);

const MASKERS: Record<string, Masker> = {
  email: (s, c) => {
    const at = s.lastIndexOf('@');
    const local = [...s.slice(0, at)];
    // Keep the first character only when something is left hidden: `a@b.com` must not come back raw.
    return (local.length > 2 ? local[0]! + c.repeat(local.length - 1) : c.repeat(local.length)) + s.slice(at);
  },
  credit_card: (s, c) => maskUnits(s, c, isDigit, (nth, total) => nth <= 4 || nth > total - 4),
  ssn: maskDigits,
  korean_rrn: maskDigits,
  phone: maskDigitsAfter(3),
  us_phone: maskDigitsAfter(3),
  korean_phone: maskDigitsAfter(3),
  korean_landline: maskDigitsAfter(3),
  ip_address: (s, c) => {
    if (s.includes(':')) {
      const parts = s.split(':');
      return parts.map((p, i) => (i < 2 ? p : c.repeat(p.length))).join(':');
    }
    return s.split('.').map((p, i) => (i < 2 ? p : c.repeat(p.length))).join('.');
  },
  url_credentials: (s, c) => s.replace(/^([^:]+:\/\/)[^@]*@/, `$1${c.repeat(4)}:${c.repeat(4)}@`),
  passport: maskDigits,
  iban: (s, c) => s.slice(0, 2) + maskUnits(s.slice(2), c, isAsciiAlnum),
  api_key: (s, c) => (s.length <= 8 ? c.repeat(s.length) : s.slice(0, 4) + c.repeat(s.length - 4)),
  jwt: (s, c) => s.slice(0, 3) + c.repeat(s.length - 3),
  private_key: () => '[REDACTED PRIVATE KEY]',
  password: (s, c) => c.repeat(s.length),
};

export function maskValue(category: string, value: string, maskChar = '*'): string {
  const m = MASKERS[category];
  return m ? m(value, maskChar) : maskChar.repeat(value.length);
}

/**
 * Replaces the spans of `mask` findings in `text`. Overlapping spans are merged into the first
 * (longest) one so no raw character of an overlapped secret survives.
 */
export function applyMasks(text: string, findings: readonly Finding[], maskChar = '*'): string {
  const spans = findings
    .filter((f) => f.action === 'mask')
    .map((f) => ({ start: f.span[0], end: f.span[1], category: f.category }))
    .sort((a, b) => a.start - b.start || b.end - a.end);
  const merged: typeof spans = [];
  for (const s of spans) {
    const last = merged[merged.length - 1];
    if (last && s.start < last.end) {
      if (s.end > last.end) last.end = s.end;
      continue;
    }
    merged.push({ ...s });
  }
  if (merged.length === 0) return text;
  // Spans are disjoint and sorted: copy the text between them and each span masked.
  const parts: string[] = [];
  let at = 0;
  for (const s of merged) {
    parts.push(text.slice(at, s.start), maskValue(s.category, text.slice(s.start, s.end), maskChar));
    at = s.end;
  }
  parts.push(text.slice(at));
  return parts.join('');
}
