/**
 * Shape checks shared by the secrets recognizers: is a candidate value random enough to be a
 * credential, or is it a placeholder, a fixture, encoded text, a file, or encrypted key
 * material? Every check is a property of the value itself (or of a published format), never a
 * list of known sample values.
 *
 * Sources: RFC 7468 (PEM lines are 64 characters), RFC 2045 (MIME base64 lines are 76),
 * OpenSSH PROTOCOL.key (`openssh-key-v1`, cipher name, 70-character lines), RFC 8017 / RFC 5208 /
 * RFC 5958 / RFC 5915 (DER layout of RSA, PKCS#8 and EC private keys), RFC 8018 (PBES2).
 */

const counts = new Int32Array(65_536);

export function shannonEntropy(s: string): number {
  if (s.length === 0) return 0;
  for (let i = 0; i < s.length; i++) counts[s.charCodeAt(i)]!++;
  let h = 0;
  for (let i = 0; i < s.length; i++) {
    const code = s.charCodeAt(i);
    const c = counts[code]!;
    if (c === 0) continue;
    const p = c / s.length;
    h -= p * Math.log2(p);
    counts[code] = 0;
  }
  return h;
}

function classOf(code: number): number {
  if (code >= 48 && code <= 57) return 1;
  if (code >= 65 && code <= 90) return 2;
  if (code >= 97 && code <= 122) return 3;
  return 0;
}

/**
 * Length of the longest run of consecutive letters or digits in alphabet order, up or down
 * (`abcdef`, `12345678`, `98765`). A generated secret of 62 symbols holds a run of six with a
 * chance of about one in 10^9 per position; typed fixtures hold them all the time.
 */
export function longestSequentialRun(s: string): number {
  let best = s.length > 0 ? 1 : 0;
  let run = 1;
  let dir = 0;
  for (let i = 1; i < s.length; i++) {
    const a = s.charCodeAt(i - 1);
    const d = s.charCodeAt(i) - a;
    if ((d === 1 || d === -1) && classOf(a) !== 0 && classOf(a) === classOf(a + d)) {
      run = d === dir ? run + 1 : 2;
      dir = d;
    } else {
      run = 1;
      dir = 0;
    }
    if (run > best) best = run;
  }
  return best;
}

/** Longest run of one repeated character (`xxxxxx`, `000000`). */
export function longestRepeat(s: string): number {
  let best = s.length > 0 ? 1 : 0;
  let run = 1;
  for (let i = 1; i < s.length; i++) {
    run = s[i] === s[i - 1] ? run + 1 : 1;
    if (run > best) best = run;
  }
  return best;
}

/**
 * Words that mark a value as a stand-in: long words in any case; short ones only in lower case,
 * where they read as words rather than as a chance spelling inside random characters.
 */
const PLACEHOLDER_LONG = /example|sample|dummy|placeholder|changeme|redacted|your[_-]?(?:api|key|token|secret|pass)/i;
const PLACEHOLDER_SHORT = /fake|false|test|xxxx|XXXX|\*\*\*/;

export function hasPlaceholderWord(s: string): boolean {
  return PLACEHOLDER_LONG.test(s) || PLACEHOLDER_SHORT.test(s);
}

/**
 * A substring of `n` characters that occurs twice: random material of this length never
 * repeats itself, copy-pasted fixtures do.
 */
export function hasRepeatedChunk(s: string, n = 8): boolean {
  if (s.length < 2 * n) return false;
  // A rolling hash per window (numbers, not substrings); compare text only when hashes meet.
  const seen = new Map<number, number>();
  let pow = 1;
  for (let k = 1; k < n; k++) pow = Math.imul(pow, 31);
  let h = 0;
  for (let i = 0; i < s.length; i++) {
    if (i >= n) h = (h - Math.imul(s.charCodeAt(i - n), pow)) | 0;
    h = (Math.imul(h, 31) + s.charCodeAt(i)) | 0;
    if (i < n - 1) continue;
    const at = i - n + 1;
    const j = seen.get(h);
    if (j !== undefined && s.startsWith(s.slice(j, j + n), at)) return true;
    seen.set(h, at);
  }
  return false;
}

/**
 * A run of the base64 alphabet that is really a path (`skills/CORE/USER/Trends/`): three or more
 * `/`-separated parts, each a word of letters. Random base64 almost never splits that way.
 */
export function looksLikePath(s: string): boolean {
  const parts = s.split('/');
  if (parts.length >= 3 && parts.every((p) => p === '' || /^[A-Za-z]{2,}$/.test(p))) return true;
  // Words around a hash: a commit or blob URL (`js/hasOwn/commit/fdab00e2…`, `blob/3f2a9c1/src`).
  let words = 0;
  let hashes = 0;
  for (const p of parts) {
    if (p === '') continue;
    if (/^[A-Za-z]{2,20}$/.test(p)) words++;
    else if (/^[0-9a-f]{7,64}$/.test(p) && /[0-9]/.test(p) && /[a-f]/.test(p)) hashes++;
    else return false;
  }
  return words >= 1 && hashes >= 1;
}

/** The usual signs of a fixture in a generated secret's body (placeholder words, `abcdef…`, `xxxxxx`). */
export function looksLikePlaceholder(body: string): boolean {
  return hasPlaceholderWord(body) || longestSequentialRun(body) >= 6 || longestRepeat(body) >= 6;
}

const B64 = new Int16Array(128).fill(-1);
for (let i = 0; i < 64; i++) B64['ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'.charCodeAt(i)] = i;

/** Bytes of standard base64 (no padding, non-alphabet characters stop the decode), from `offset`. */
export function base64Bytes(s: string, offset = 0, maxBytes = 4096): Uint8Array {
  const n = Math.min(Math.floor((s.length - offset) / 4) * 3, maxBytes);
  const out = new Uint8Array(Math.max(0, n));
  let o = 0;
  for (let i = offset; i + 3 < s.length && o + 3 <= out.length; i += 4) {
    const a = B64[s.charCodeAt(i)] ?? -1;
    const b = B64[s.charCodeAt(i + 1)] ?? -1;
    const c = B64[s.charCodeAt(i + 2)] ?? -1;
    const d = B64[s.charCodeAt(i + 3)] ?? -1;
    if (a < 0 || b < 0 || c < 0 || d < 0) break;
    const v = (a << 18) | (b << 12) | (c << 6) | d;
    out[o++] = v >> 16;
    out[o++] = (v >> 8) & 255;
    out[o++] = v & 255;
  }
  return out.subarray(0, o);
}

function printableShare(b: Uint8Array): number {
  let ok = 0;
  for (const x of b) if ((x >= 32 && x < 127) || x === 9 || x === 10 || x === 13) ok++;
  return b.length === 0 ? 0 : ok / b.length;
}

/**
 * Base64 of readable text (encoded JSON, MIME bodies, base64 of base64) at any of the four
 * alignments: key material is binary, so about 37 % of its bytes are printable, never 90 %.
 */
export function base64OfText(core: string, aligned: readonly Uint8Array[] = decodeAlignments(core)): boolean {
  return aligned.some((b) => b.length >= 24 && printableShare(b) >= 0.9);
}

/** The bytes of `core` decoded at each of the four alignments (up to 96 bytes each). */
export function decodeAlignments(core: string): Uint8Array[] {
  return [0, 1, 2, 3].map((off) => base64Bytes(core, off, 96));
}

/**
 * File formats whose base64 starts with a known signature (gzip, zip, PNG, JPEG, GIF, PDF, bzip2,
 * xz, ELF, and OpenSSL's `Salted__` header of passphrase-encrypted data).
 */
export function base64OfFile(core: string, b: Uint8Array = base64Bytes(core, 0, 9)): boolean {
  if (b.length < 9) return false;
  const starts = (...sig: number[]) => sig.every((x, i) => b[i] === x);
  return starts(0x1f, 0x8b) || starts(0x50, 0x4b, 0x03, 0x04) || starts(0x89, 0x50, 0x4e, 0x47) || starts(0xff, 0xd8, 0xff)
    || starts(0x47, 0x49, 0x46, 0x38) || starts(0x25, 0x50, 0x44, 0x46) || starts(0x42, 0x5a, 0x68) || starts(0xfd, 0x37, 0x7a, 0x58, 0x5a)
    || starts(0x7f, 0x45, 0x4c, 0x46) || starts(0x53, 0x61, 0x6c, 0x74, 0x65, 0x64, 0x5f, 0x5f);
}

/** DER length at `i` (short or long form up to 3 bytes): [length, index after it] or null. */
function derLength(b: Uint8Array, i: number): [number, number] | null {
  const first = b[i];
  if (first === undefined) return null;
  if (first < 0x80) return [first, i + 1];
  const n = first & 0x7f;
  if (n === 0 || n > 3 || i + n >= b.length) return null;
  let len = 0;
  for (let k = 1; k <= n; k++) len = len * 256 + b[i + k]!;
  return [len, i + 1 + n];
}

const PBE_OID_PREFIXES = [
  [0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x05], // PKCS#5 (PBES1, PBES2)
  [0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x0c], // PKCS#12 PBE
];

export type KeyStructure = 'plain' | 'encrypted' | 'public';

/**
 * What the start of a base64 key body says about the key, read from its bytes:
 * - `openssh-key-v1\0` with cipher `none` → plain; any other cipher → encrypted;
 * - DER SEQUENCE { INTEGER 0, INTEGER … } (PKCS#1 RSA/DSA), { INTEGER 0, SEQUENCE … } (PKCS#8)
 *   or { INTEGER 1, OCTET STRING … } (SEC1 EC) → plain;
 * - DER SEQUENCE { SEQUENCE { OID pbe… } … } (PKCS#8 EncryptedPrivateKeyInfo) → encrypted.
 * - DER SEQUENCE { SEQUENCE { version [0] … } } (X.509 certificate), { SEQUENCE { OID … } BIT
 *   STRING } (SubjectPublicKeyInfo), { SEQUENCE { INTEGER 0, … } } (PKCS#10 request), or an SSH
 *   wire-format public key (uint32 length + `ssh-…`/`ecdsa-…`/`sk-…`) → public.
 * Anywhere in the material, an RSA public exponent INTEGER 65537 followed by another INTEGER
 * (the private exponent: a public key ends after the exponent) → plain.
 * Otherwise undefined: the line may be the middle of any key, or not a key at all.
 */
export function keyStructure(core: string, aligned: readonly Uint8Array[] = decodeAlignments(core)): KeyStructure | undefined {
  const b = aligned[0]!;
  const magic = 'openssh-key-v1\0';
  if (b.length >= magic.length + 8 && [...magic].every((ch, i) => b[i] === ch.charCodeAt(0))) {
    const p = magic.length;
    const len = ((b[p]! << 24) | (b[p + 1]! << 16) | (b[p + 2]! << 8) | b[p + 3]!) >>> 0;
    const name = String.fromCharCode(...b.subarray(p + 4, p + 4 + Math.min(len, 32)));
    return name === 'none' ? 'plain' : 'encrypted';
  }
  if (b.length >= 8 && b[0] === 0 && b[1] === 0 && b[2] === 0 && b[3]! >= 7 && b[3]! <= 40) {
    const name = String.fromCharCode(...b.subarray(4, 4 + Math.min(b[3]!, b.length - 4)));
    if (/^(?:ssh-|ecdsa-|sk-|rsa-)/.test(name)) return 'public';
  }
  if (b[0] === 0x30) {
    const outer = derLength(b, 1);
    if (outer) {
      const i = outer[1];
      if (b[i] === 0x02 && b[i + 1] === 0x01 && b[i + 2] === 0x00 && (b[i + 3] === 0x02 || b[i + 3] === 0x30)) return 'plain';
      if (b[i] === 0x02 && b[i + 1] === 0x01 && b[i + 2] === 0x01 && b[i + 3] === 0x04) return 'plain';
      if (b[i] === 0x30) {
        const alg = derLength(b, i + 1);
        if (alg) {
          const j = alg[1];
          if (b[j] === 0x06) return oidIsPbe(b, j) ? 'encrypted' : 'public';
          if (b[j] === 0xa0 || (b[j] === 0x02 && b[j + 1] === 0x01 && b[j + 2] === 0x00)) return 'public';
          if (b[j] === 0x30) {
            // PBES2 / PKCS#12: SEQUENCE { SEQUENCE { OID pbe…, … } … } — the OID one level further in.
            const inner = derLength(b, j + 1);
            if (inner && b[inner[1]] === 0x06 && oidIsPbe(b, inner[1])) return 'encrypted';
          }
        }
      }
    }
  }
  for (let off = 0; off < 4; off++) {
    const bytes = aligned[off]!;
    for (let i = 0; i + 6 < bytes.length; i++) {
      if (bytes[i] === 0x02 && bytes[i + 1] === 0x03 && bytes[i + 2] === 0x01 && bytes[i + 3] === 0x00 && bytes[i + 4] === 0x01 && bytes[i + 5] === 0x02) {
        return 'plain';
      }
    }
  }
  return undefined;
}

function oidIsPbe(b: Uint8Array, at: number): boolean {
  const len = b[at + 1];
  if (len === undefined || len < 8) return false;
  return PBE_OID_PREFIXES.some((p) => p.every((x, k) => b[at + 2 + k] === x));
}

/**
 * The ranges of PEM blocks whose label names no private key (CERTIFICATE, PUBLIC KEY,
 * CERTIFICATE REQUEST, PGP PUBLIC KEY BLOCK, …): lines there are public material. An unclosed
 * block runs to the end of the text. One pass over the text.
 */
export function publicPemRanges(text: string): [number, number][] {
  const out: [number, number][] = [];
  let at = text.indexOf('-----BEGIN ');
  while (at >= 0) {
    const close = text.indexOf('-----', at + 11);
    if (close < 0) break;
    const label = text.slice(at + 11, close);
    let next = close + 5;
    if (close - at <= 60 && !/PRIVATE|ENCRYPTED/.test(label)) {
      const end = text.indexOf(`-----END ${label}-----`, close);
      out.push([at, end < 0 ? text.length : end]);
      if (end >= 0) next = end + 1;
    }
    at = text.indexOf('-----BEGIN ', next);
  }
  return out;
}

/** Signs in the text that the key material around belongs to an encrypted key. */
export const ENCRYPTED_KEY_MARKERS = /Proc-Type:[ \t]{0,3}4,[ \t]{0,3}ENCRYPTED|DEK-Info:|BEGIN ENCRYPTED PRIVATE KEY/;
