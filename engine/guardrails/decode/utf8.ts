/**
 * Strict UTF-8 decoding of short byte runs, with exactly the result of
 * `new TextDecoder('utf-8', { fatal: true }).decode(bytes)` (a leading BOM dropped, null where
 * that throws) but without its per-call cost, which dominates on the few dozen bytes a decoded
 * segment usually holds, and without an exception for every candidate that is not text.
 * Validation follows the WHATWG Encoding Standard's UTF-8 decoder: no overlong forms, no
 * surrogates, nothing above U+10FFFF, no truncated sequence.
 */

const CHUNK = 4096;

/** The text `bytes` encode, or null when they are not well-formed UTF-8. */
export function utf8ToText(bytes: Uint8Array): string | null {
  const n = bytes.length;
  let i = n >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  const units = new Uint16Array(n - i);
  let k = 0;
  while (i < n) {
    const b = bytes[i++]!;
    if (b < 0x80) {
      units[k++] = b;
      continue;
    }
    let need: number;
    let cp: number;
    let lower = 0x80;
    let upper = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) {
      need = 1;
      cp = b & 0x1f;
    } else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      cp = b & 0x0f;
      if (b === 0xe0) lower = 0xa0;
      else if (b === 0xed) upper = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      cp = b & 0x07;
      if (b === 0xf0) lower = 0x90;
      else if (b === 0xf4) upper = 0x8f;
    } else return null;
    if (i + need > n) return null;
    for (let j = 0; j < need; j++) {
      const c = bytes[i++]!;
      if (c < lower || c > upper) return null;
      lower = 0x80;
      upper = 0xbf;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp > 0xffff) {
      cp -= 0x10000;
      units[k++] = 0xd800 | (cp >> 10);
      units[k++] = 0xdc00 | (cp & 0x3ff);
    } else units[k++] = cp;
  }
  let out = '';
  for (let s = 0; s < k; s += CHUNK) out += String.fromCharCode.apply(null, units.subarray(s, Math.min(k, s + CHUNK)) as unknown as number[]);
  return out;
}
