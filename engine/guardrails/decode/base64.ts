/**
 * Base64 and base64url to bytes without `atob` and its binary string: the common case of a
 * candidate made only of the two alphabets (plus trailing `=` padding) is decoded directly,
 * with `atob`'s result (leftover bits of a short final group are dropped).
 */

const VALUE = new Int8Array(128).fill(-1);
for (let i = 0; i < 26; i++) {
  VALUE[65 + i] = i;
  VALUE[97 + i] = 26 + i;
}
for (let i = 0; i < 10; i++) VALUE[48 + i] = 52 + i;
VALUE[43] = VALUE[45] = 62; // '+' and base64url '-'
VALUE[47] = VALUE[95] = 63; // '/' and base64url '_'

/**
 * The bytes `s` encodes; null when its length cannot be base64 (one unit past a whole group);
 * undefined when `s` holds a unit outside both alphabets before its padding, which this fast
 * path leaves to the general decoder.
 */
export function base64ToBytes(s: string): Uint8Array | null | undefined {
  let end = s.length;
  while (end > 0 && s.charCodeAt(end - 1) === 61) end--;
  for (let i = 0; i < end; i++) {
    const c = s.charCodeAt(i);
    if (c >= 128 || VALUE[c]! < 0) return undefined;
  }
  if (end % 4 === 1) return null;
  const out = new Uint8Array(Math.floor((end * 3) / 4));
  let k = 0;
  let i = 0;
  for (; i + 4 <= end; i += 4) {
    const v = (VALUE[s.charCodeAt(i)]! << 18) | (VALUE[s.charCodeAt(i + 1)]! << 12) | (VALUE[s.charCodeAt(i + 2)]! << 6) | VALUE[s.charCodeAt(i + 3)]!;
    out[k++] = v >> 16;
    out[k++] = (v >> 8) & 0xff;
    out[k++] = v & 0xff;
  }
  const rest = end - i;
  if (rest >= 2) {
    const v = (VALUE[s.charCodeAt(i)]! << 18) | (VALUE[s.charCodeAt(i + 1)]! << 12) | (rest === 3 ? VALUE[s.charCodeAt(i + 2)]! << 6 : 0);
    out[k++] = v >> 16;
    if (rest === 3) out[k++] = (v >> 8) & 0xff;
  }
  return out;
}
