/**
 * The canonical form the leak recognizers compare prompts and responses in: folded case, letters
 * and digits only, so changed spacing, case or punctuation ("B-A-N-A-N-A") does not hide an
 * echo. Each canonical unit keeps the index of the unit it came from.
 */
import { normalizeText } from '../../normalize/normalize.ts';
import { unitClass } from '../../normalize/unit-class.ts';
import type { ScanContext } from '../../scan-context.ts';

const ALNUM = /[\p{L}\p{N}]/u;
/** Whether a unit is a letter or digit (a lone surrogate is not). */
export const isAlnum = unitClass(ALNUM);
const ASCII_ALNUM = new Uint8Array(128);
for (let c = 48; c <= 57; c++) ASCII_ALNUM[c] = 1;
for (let c = 97; c <= 122; c++) ASCII_ALNUM[c] = 1;
for (let c = 65; c <= 90; c++) ASCII_ALNUM[c] = 1;

// The views carry no lone surrogates (normalization replaced them), so UTF-16 decoding is exact.
const utf16 = new TextDecoder('utf-16le');

/**
 * Buffers reused across calls: allocating two typed arrays per check cost more than the whole
 * comparison on short texts. One for responses, one for prompts, so a response's index stays
 * valid while prompts are canonicalized.
 */
class Scratch {
  private index = new Int32Array(256);
  private codes = new Uint16Array(256);

  /** Buffers of at least `length` units; long texts get their own, so none is kept large. */
  buffers(length: number): { index: Int32Array; codes: Uint16Array } {
    if (length > MAX_SCRATCH) return { index: new Int32Array(length), codes: new Uint16Array(length) };
    if (this.index.length < length) {
      const size = Math.min(MAX_SCRATCH, Math.max(length, this.index.length * 2));
      this.index = new Int32Array(size);
      this.codes = new Uint16Array(size);
    }
    return { index: this.index, codes: this.codes };
  }
}
const MAX_SCRATCH = 1 << 16;
const responseScratch = new Scratch();
const promptScratch = new Scratch();

/**
 * Canonical form plus, for each of its units, the index in the source view. The index is a view
 * of `scratch`, valid until its next use.
 */
function canonical(text: string, scratch: Scratch): { text: string; index: Int32Array } {
  const { index, codes } = scratch.buffers(text.length);
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 128) {
      if (ASCII_ALNUM[c] === 1) {
        codes[n] = c;
        index[n++] = i;
      }
      continue;
    }
    // CJK ideographs, Hangul syllables and kana are letters.
    if ((c >= 0x4e00 && c <= 0x9fff) || (c >= 0xac00 && c <= 0xd7a3) || (c >= 0x3041 && c <= 0x3096) || (c >= 0x30a1 && c <= 0x30fa)) {
      codes[n] = c;
      index[n++] = i;
      continue;
    }
    // Other letters and digits, each unit tested once per process; a surrogate pair (astral
    // letter) is tested as one code point.
    if (c < 0xd800 || c > 0xdfff) {
      if (isAlnum(c)) {
        codes[n] = c;
        index[n++] = i;
      }
      continue;
    }
    const pair = c >= 0xd800 && c <= 0xdbff && i + 1 < text.length;
    if (!ALNUM.test(pair ? text.slice(i, i + 2) : text[i]!)) continue;
    codes[n] = c;
    index[n++] = i;
    if (pair) {
      codes[n] = text.charCodeAt(++i);
      index[n++] = i;
    }
  }
  return { text: utf16.decode(codes.subarray(0, n)), index: index.subarray(0, n) };
}

/** The canonical form of a prompt, or of a value named in one, read as the scanner reads text. */
export function canonicalText(text: string): string {
  return canonical(normalizeText(text).folded.text, promptScratch).text;
}

/**
 * The canonical form of a scanned view (the leak recognizers read the folded one), computed once
 * per scan for all of them. The slot holds the scan whose form is in the response buffers, so a
 * returned index is never stale: only this function writes those buffers.
 */
let last: { ctx: ScanContext; form: { text: string; index: Int32Array } } | undefined;
export function canonicalResponse(ctx: ScanContext): { text: string; index: Int32Array } {
  if (last?.ctx !== ctx) last = { ctx, form: canonical(ctx.folded.text, responseScratch) };
  return last.form;
}
