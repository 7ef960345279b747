// The hand-written UTF-8 and base64 decoders must give exactly what TextDecoder (fatal) and atob
// give: compared on edge cases and on many pseudo-random byte strings.
import { describe, expect, it } from 'vitest';
import { base64ToBytes } from './base64.ts';
import { matchesInStretches, stretchClass, type StretchClass } from './stretches.ts';
import { utf8ToText } from './utf8.ts';
import { tokensWithPercent } from './decoders.ts';

const reference = new TextDecoder('utf-8', { fatal: true });
function referenceText(bytes: Uint8Array): string | null {
  try {
    return reference.decode(bytes);
  } catch {
    return null;
  }
}

/** Deterministic pseudo-random generator (xorshift32) so failures reproduce. */
function rng(seed: number): () => number {
  let x = seed;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 0x100000000;
  };
}

describe('utf8ToText', () => {
  const edge: number[][] = [
    [], [0x41], [0xef, 0xbb, 0xbf], [0xef, 0xbb, 0xbf, 0x41], [0xef, 0xbb, 0xbf, 0xef, 0xbb, 0xbf], [0x41, 0xef, 0xbb, 0xbf],
    [0xc0, 0x80], [0xc1, 0xbf], [0xc2, 0x80], [0xdf, 0xbf], [0xc2], [0xe0, 0x9f, 0x80], [0xe0, 0xa0, 0x80], [0xed, 0x9f, 0xbf],
    [0xed, 0xa0, 0x80], [0xee, 0x80, 0x80], [0xef, 0xbf, 0xbf], [0xe1, 0x80], [0xf0, 0x8f, 0xbf, 0xbf], [0xf0, 0x90, 0x80, 0x80],
    [0xf4, 0x8f, 0xbf, 0xbf], [0xf4, 0x90, 0x80, 0x80], [0xf5, 0x80, 0x80, 0x80], [0xff], [0x80], [0xf0, 0x9f, 0x98, 0x80, 0x41],
    [0xe4, 0xbd, 0xa0, 0xe5, 0xa5, 0xbd], [0x00, 0x7f], [0xf0, 0x9f, 0x98],
  ];
  it('matches TextDecoder on edge cases', () => {
    for (const e of edge) expect(utf8ToText(Uint8Array.from(e))).toBe(referenceText(Uint8Array.from(e)));
  });
  it('matches TextDecoder on random and mostly-valid byte strings', () => {
    const r = rng(12345);
    const encoder = new TextEncoder();
    for (let t = 0; t < 20000; t++) {
      let bytes: Uint8Array;
      if (t % 2 === 0) {
        bytes = new Uint8Array(Math.floor(r() * 40));
        for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(r() * 256);
      } else {
        // Valid text with an occasional byte changed, dropped or cut short.
        let s = '';
        for (let i = Math.floor(r() * 12); i > 0; i--) s += String.fromCodePoint([0x41, 0xe9, 0x4e2d, 0xac00, 0x1f600, 0xfeff][Math.floor(r() * 6)]!);
        bytes = encoder.encode(s);
        if (bytes.length > 0 && r() < 0.5) bytes[Math.floor(r() * bytes.length)] = Math.floor(r() * 256);
        if (r() < 0.3) bytes = bytes.subarray(0, Math.floor(r() * bytes.length));
      }
      expect(utf8ToText(bytes)).toBe(referenceText(bytes));
    }
  });
  it('decodes long inputs (more than one chunk)', () => {
    const s = 'añ中😀'.repeat(5000);
    expect(utf8ToText(new TextEncoder().encode(s))).toBe(s);
  });
});

describe('base64ToBytes', () => {
  function referenceBytes(s: string): Uint8Array | null {
    let b = s.replace(/[-_]/g, (c) => (c === '-' ? '+' : '/')).replace(/=+$/, '');
    if (b.length % 4 === 1) return null;
    b += '='.repeat((4 - (b.length % 4)) % 4);
    const bin = atob(b);
    return Uint8Array.from(bin, (c) => c.charCodeAt(0));
  }
  it('matches atob on every length and both alphabets', () => {
    const r = rng(777);
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/-_';
    for (let t = 0; t < 5000; t++) {
      let s = '';
      for (let i = Math.floor(r() * 30); i > 0; i--) s += alphabet[Math.floor(r() * alphabet.length)];
      s += '='.repeat(Math.floor(r() * 3));
      expect(base64ToBytes(s)).toEqual(referenceBytes(s));
    }
  });
  it('leaves strings with other characters to the general path', () => {
    expect(base64ToBytes('ab c')).toBeUndefined();
    expect(base64ToBytes('ab=c')).toBeUndefined();
    expect(base64ToBytes('abé')).toBeUndefined();
    expect(base64ToBytes('')).toEqual(new Uint8Array(0));
  });
});

describe('hex and binary dumps searched stretch by stretch', () => {
  const HEX = /(?<![0-9A-Fa-f])(?:[0-9A-Fa-f]{2}[ :]?){8,}(?![0-9A-Fa-f])/g;
  const BINARY = /(?<![01])(?:[01]{8}[ ,]?){4,}(?![01])/g;
  const cases: [RegExp, StretchClass, string][] = [
    [HEX, stretchClass('0123456789ABCDEFabcdef', ' :', 16), '0123456789abcdefABXYZ :,\n'],
    [BINARY, stretchClass('01', ' ,', 32), '0101010101012 ,:x'],
  ];
  it('finds what a search of the whole text finds', () => {
    const r = rng(4242);
    for (const [re, cls, alphabet] of cases) {
      for (let t = 0; t < 4000; t++) {
        let s = '';
        for (let i = Math.floor(r() * 120); i > 0; i--) s += alphabet[Math.floor(r() * alphabet.length)];
        const whole = [...s.matchAll(re)].map((m) => [m.index, m[0]]);
        const split = [...matchesInStretches(s, re, cls)].map((m) => [m.start, m.text]);
        expect(split).toEqual(whole);
      }
    }
  });
});

describe('tokensWithPercent', () => {
  // What a scan of every token gave: the first 4,096 units of each run of 6+ non-space units.
  const TOKEN = /(?<!\S)\S{6,4096}/g;
  const byScan = (text: string): [number, string][] => [...text.matchAll(TOKEN)].filter((m) => m[0].includes('%')).map((m) => [m.index, m[0]]);

  it('finds the tokens a scan of every token finds', () => {
    const units = ['%', '%41', 'a', 'ab%2', ' ', '\n', '\u00a0', '\u3000', '\u2009', '\ufeff', 'x'.repeat(4094), '%'.repeat(3), 'é', '\ud83d\ude00'];
    const random = rng(7);
    for (let k = 0; k < 3000; k++) {
      let text = '';
      const n = Math.floor(random() * 12);
      for (let i = 0; i < n; i++) text += units[Math.floor(random() * units.length)];
      expect(tokensWithPercent(text)).toEqual(byScan(text));
    }
  });
});
