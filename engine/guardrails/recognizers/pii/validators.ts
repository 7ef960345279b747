/**
 * Checksums and shape checks used by the PII recognizers. Sources: ISO/IEC 7812 (Luhn),
 * ISO 13616 / ISO 7064 (IBAN mod-97), the Korean resident registration number check digit
 * (weights 2..9,2..5, check = (11 - sum mod 11) mod 10), RFC 4291 §2.2 (IPv6 text forms).
 */
import { isAsciiDigit } from '../../normalize/unit-class.ts';

/** The ASCII digits of `s`, in order (a loop: validators run once per candidate number). */
export function digitsOf(s: string): string {
  let out = '';
  let from = -1;
  for (let i = 0; i < s.length; i++) {
    const digit = isAsciiDigit(s.charCodeAt(i));
    if (digit && from < 0) from = i;
    else if (!digit && from >= 0) {
      out += s.slice(from, i);
      from = -1;
    }
  }
  return from >= 0 ? out + s.slice(from) : out;
}

export function luhnValid(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return digits.length > 0 && sum % 10 === 0;
}

export function ibanValid(raw: string): boolean {
  const s = raw.replace(/[\s-]/g, '').toUpperCase();
  if (s.length < 15 || s.length > 34 || !/^[A-Z]{2}\d{2}[A-Z0-9]+$/.test(s)) return false;
  const moved = s.slice(4) + s.slice(0, 4);
  let rem = 0;
  for (const ch of moved) {
    const v = ch >= 'A' ? ch.charCodeAt(0) - 55 : ch.charCodeAt(0) - 48;
    rem = v >= 10 ? (rem * 100 + v) % 97 : (rem * 10 + v) % 97;
  }
  return rem === 1;
}

export function koreanRrnChecksumValid(digits: string): boolean {
  if (digits.length !== 13) return false;
  const w = [2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5];
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += (digits.charCodeAt(i) - 48) * w[i]!;
  return (11 - (sum % 11)) % 10 === digits.charCodeAt(12) - 48;
}

/** Full IPv6 text-form check (no zone id, optional embedded IPv4 tail). */
export function ipv6Valid(s: string): boolean {
  let text = s;
  let extra = 0;
  const v4 = /(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (v4) {
    if (v4.slice(1).some((o) => Number(o) > 255)) return false;
    text = text.slice(0, v4.index) + '0';
    extra = 1;
  }
  const halves = text.split('::');
  if (halves.length > 2) return false;
  const groups = (h: string): string[] | null => (h === '' ? [] : h.split(':'));
  const left = groups(halves[0]!);
  const right = halves.length === 2 ? groups(halves[1]!) : [];
  if (!left || !right) return false;
  const all = [...left, ...right];
  if (all.some((g) => !/^[0-9A-Fa-f]{1,4}$/.test(g))) return false;
  const count = all.length + extra;
  return halves.length === 2 ? count <= 7 : count === 8;
}

const isDateSeparator = (c: number): boolean => c === 32 || c === 46 || c === 45 || c === 47;

/** Dates like 2024-01-31, 31.01.2024, 01-31-2024 that phone patterns must not take. */
export function looksLikeDate(s: string): boolean {
  // The three parts between ' ', '.', '-' or '/' (any other count: not a date).
  let first = -1;
  let second = -1;
  for (let i = 0; i < s.length; i++) {
    if (!isDateSeparator(s.charCodeAt(i))) continue;
    if (first < 0) first = i;
    else if (second < 0) second = i;
    else return false;
  }
  if (second < 0) return false;
  const g = [s.slice(0, first), s.slice(first + 1, second), s.slice(second + 1)];
  const [a, b, c] = g.map(Number) as [number, number, number];
  if (g[0]!.length === 4) return b >= 1 && b <= 12 && c >= 1 && c <= 31;
  if (g[2]!.length === 4) return (a >= 1 && a <= 31 && b >= 1 && b <= 12) || (a >= 1 && a <= 12 && b >= 1 && b <= 31);
  return false;
}

/** Characters that end a URL when reading back from a position (see `inUrlPath`). */
const URL_EDGE = /[\s"'`<>()[\]{}]/;

/**
 * Whether `start` sits in the path or query of a URL: a `/` (or `=`, `?`, `#`) right before it,
 * and a scheme (`://`) or `www.` earlier in the same unbroken token. Commit hashes, feature ids
 * and ticket numbers in links (`…/commit/0040030443`, `…/feature/5068609911521280`) are digit runs
 * that only look like phone or card numbers.
 */
export function inUrlPath(text: string, start: number): boolean {
  const before = text[start - 1];
  if (before !== '/' && before !== '=' && before !== '?' && before !== '#') return false;
  let i = start - 1;
  while (i > 0 && start - i < 400 && !URL_EDGE.test(text[i - 1]!)) i--;
  const token = text.slice(i, start);
  if (!token.includes('://') && !/^www\./i.test(token)) return false;
  // Links that carry a phone number on purpose (`wa.me/15551234567`, `?phone=…`) keep it.
  return !/(?:wa\.me|whatsapp\.com|viber|signal\.me|t\.me)\/(?:send\/?\?phone=)?$|[?&#](?:phone|tel|mobile|cell|number|msisdn|to)=$/i.test(token);
}
