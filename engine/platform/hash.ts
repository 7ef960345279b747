/**
 * The hashing port: what the audit chain needs from a hash function. The default is the
 * synchronous SHA-256 in `sha256.ts`; another implementation (a native binding, a hardware
 * module) can be injected where it is faster or required by policy.
 */
import { hmacSha256, sha256Hex, toHex } from './sha256.ts';

export interface Hasher {
  /** SHA-256 of UTF-8 `text`, lower-case hex. */
  sha256Hex(text: string): string;
  /** HMAC-SHA-256 of UTF-8 `text` under `key`, lower-case hex. */
  hmacHex(key: Uint8Array, text: string): string;
}

const utf8 = new TextEncoder();
let buffer = new Uint8Array(4096);

/** Encode into a reused buffer: the chain hashes millions of short strings. */
function encode(text: string): Uint8Array {
  // UTF-8 needs at most 3 bytes per UTF-16 code unit.
  if (buffer.length < text.length * 3) buffer = new Uint8Array(text.length * 3 + 1024);
  const { written } = utf8.encodeInto(text, buffer);
  return buffer.subarray(0, written);
}

export const defaultHasher: Hasher = {
  sha256Hex: (text) => sha256Hex(encode(text)),
  hmacHex: (key, text) => toHex(hmacSha256(key, encode(text))),
};

/** Key bytes from a string (UTF-8) or bytes. */
export function keyBytes(key: string | Uint8Array | ArrayBuffer): Uint8Array {
  if (typeof key === 'string') return utf8.encode(key);
  return key instanceof Uint8Array ? key : new Uint8Array(key);
}
