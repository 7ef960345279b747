/**
 * Feature hashing for the learned tier, specified exactly so that every runtime (and the
 * training script, which imports this very file) maps a text to the same buckets.
 *
 * - Strings are hashed as UTF-16 code units with 32-bit FNV-1a (offset basis 0x811c9dc5,
 *   prime 0x01000193), one code unit at a time: `h = Math.imul(h ^ unit, 0x01000193)`.
 * - Each feature kind starts from its own basis (`kindBasis`), so a character 3-gram and a word
 *   never share a hash by construction.
 * - A bucket is `mix32(h) >>> (32 - bits)`: one xor-shift and one multiply by an odd constant
 *   spread FNV's weak low bits into the top bits, which are kept (cheaper than murmur3's full
 *   finalizer `fmix32`, and enough for bucket selection).
 * Only `Math.imul`, `^`, `>>>` are used: 32-bit integer math is identical in every engine.
 */

export const FNV_OFFSET = 0x811c9dc5;
export const FNV_PRIME = 0x01000193;

/** One FNV-1a step over a 16-bit code unit. */
export function fnvStep(hash: number, unit: number): number {
  return Math.imul(hash ^ unit, FNV_PRIME);
}

/** FNV-1a over the UTF-16 code units of `text[start, end)`, starting from `basis`. */
export function fnvRange(text: string, start: number, end: number, basis: number): number {
  let h = basis;
  for (let i = start; i < end; i++) h = fnvStep(h, text.charCodeAt(i));
  return h;
}

/** murmur3's 32-bit finalizer (avalanche). */
export function fmix32(hash: number): number {
  let h = hash ^ (hash >>> 16);
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** The starting basis of a feature kind: FNV-1a of the kind's tag (e.g. `"c"`, `"w1"`). */
export function kindBasis(tag: string): number {
  return fnvRange(tag, 0, tag.length, FNV_OFFSET);
}

/** The light finalizer used for buckets: `imul(h ^ (h >>> 15), 0x2c1b3c6d)`. */
export function mix32(hash: number): number {
  return Math.imul(hash ^ (hash >>> 15), 0x2c1b3c6d) >>> 0;
}

/** Bucket of a finished hash in a table of `2^bits` entries. */
export function bucketOf(hash: number, bits: number): number {
  return Math.imul(hash ^ (hash >>> 15), 0x2c1b3c6d) >>> (32 - bits);
}

/**
 * Hash of a word pair from the two words' finished hashes (each from `kindBasis("w1")`):
 * `imul(prev ^ 0x5bd1e995, 0x85ebca6b) ^ word`: order-sensitive ((a, b) ≠ (b, a)) and computed
 * without re-reading either word.
 */
export function pairHash(prev: number, word: number): number {
  return Math.imul(prev ^ 0x5bd1e995, 0x85ebca6b) ^ word;
}
