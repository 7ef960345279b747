import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { hmacSha256, sha256, toHex } from './sha256.ts';
import { defaultHasher } from './hash.ts';

const utf8 = new TextEncoder();

async function subtleHex(data: Uint8Array): Promise<string> {
  return toHex(new Uint8Array(await crypto.subtle.digest('SHA-256', data as Uint8Array<ArrayBuffer>)));
}

async function subtleHmacHex(key: Uint8Array, data: Uint8Array): Promise<string> {
  const k = await crypto.subtle.importKey('raw', key as Uint8Array<ArrayBuffer>, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  return toHex(new Uint8Array(await crypto.subtle.sign('HMAC', k, data as Uint8Array<ArrayBuffer>)));
}

describe('sha256', () => {
  test.each([
    ['', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'],
    ['abc', 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'],
    ['abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq', '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1'],
  ])('hashes the FIPS 180-4 example %j', (text, hex) => {
    expect(toHex(sha256(utf8.encode(text)))).toBe(hex);
  });

  test('agrees with Web Crypto on every length around the block boundaries', async () => {
    for (let n = 0; n < 300; n++) {
      const data = Uint8Array.from({ length: n }, (_, i) => (i * 31 + n) & 0xff);
      expect(toHex(sha256(data))).toBe(await subtleHex(data));
    }
  });

  test('agrees with Web Crypto on random inputs (property)', async () => {
    await fc.assert(fc.asyncProperty(fc.uint8Array({ maxLength: 2000 }), async (data) => {
      expect(toHex(sha256(data))).toBe(await subtleHex(data));
    }), { numRuns: 200 });
  });

  test('hashes UTF-8 text through the port', async () => {
    const text = 'café ✓ 𝄞 한국';
    expect(defaultHasher.sha256Hex(text)).toBe(await subtleHex(utf8.encode(text)));
  });
});

describe('hmacSha256', () => {
  test('matches RFC 4231 test case 2', () => {
    expect(toHex(hmacSha256(utf8.encode('Jefe'), utf8.encode('what do ya want for nothing?'))))
      .toBe('5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843');
  });

  test('agrees with Web Crypto for short and long keys (property)', async () => {
    await fc.assert(fc.asyncProperty(fc.uint8Array({ minLength: 1, maxLength: 150 }), fc.uint8Array({ maxLength: 500 }), async (key, data) => {
      expect(toHex(hmacSha256(key, data))).toBe(await subtleHmacHex(key, data));
    }), { numRuns: 100 });
  });
});
