/**
 * Echo of a guarded system prompt in model output. Prompt and response are compared in a
 * canonical form (folded case, letters and digits only), so changed spacing, case or
 * punctuation does not hide an echo. A short prompt must appear whole; a long one is cut into
 * overlapping windows and any window found counts. There is no keyword pre-filter: the check
 * runs whenever system prompts are given.
 */
import type { ScanContext } from '../../scan-context.ts';
import type { Detection, Recognizer } from '../../types.ts';
import { normalizeText } from '../../normalize/normalize.ts';
import { unitClass } from '../../normalize/unit-class.ts';

const ALNUM = /[\p{L}\p{N}]/u;
const isAlnum = unitClass(ALNUM);
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

const MAX_CACHED_PROMPTS = 32;

export class SystemPromptEchoRecognizer implements Recognizer {
  readonly id = 'leak.system_prompt_echo';
  readonly guardrail = 'prompt_leak' as const;
  readonly categories = ['prompt_echo'];
  readonly directions = ['output'] as const;

  /** Canonical forms of the prompts seen lately (the same few come with every check). */
  private readonly promptForms = new Map<string, string>();

  private canonicalPrompt(prompt: string): string {
    let form = this.promptForms.get(prompt);
    if (form === undefined) {
      form = canonical(normalizeText(prompt).folded.text, promptScratch).text;
      if (this.promptForms.size >= MAX_CACHED_PROMPTS) this.promptForms.clear();
      this.promptForms.set(prompt, form);
    }
    return form;
  }

  scan(ctx: ScanContext): Detection[] {
    const prompts = ctx.options.systemPrompts;
    if (prompts.length === 0 || ctx.options.depth > 0) return [];
    const view = ctx.folded;
    const response = canonical(view.text, responseScratch);
    const minLen = Math.max(12, ctx.options.minEchoLength);
    const out: Detection[] = [];
    for (const prompt of prompts) {
      const p = this.canonicalPrompt(prompt);
      if (p.length === 0) continue;
      const windowLen = Math.min(p.length, minLen);
      const stride = Math.max(1, Math.floor(windowLen / 4));
      let first = -1;
      let last = -1;
      let hits = 0;
      const lastOff = p.length - windowLen;
      // Strided windows, and the last one whatever the stride, so an echo's span reaches its end.
      for (let off = 0; off <= lastOff; off = off < lastOff ? Math.min(off + stride, lastOff) : lastOff + 1) {
        const at = response.text.indexOf(p.slice(off, off + windowLen));
        if (at < 0) continue;
        hits++;
        if (first < 0 || at < first) first = at;
        last = Math.max(last, at + windowLen);
        if (p.length === windowLen) break;
      }
      if (hits === 0) continue;
      const exact = p.length <= minLen || response.text.includes(p);
      const span = view.toOriginal(response.index[first]!, response.index[last - 1]! + 1);
      out.push({
        guardrail: 'prompt_leak',
        category: 'prompt_echo',
        span,
        score: exact ? 0.95 : Math.min(0.95, 0.7 + 0.05 * hits),
        recognizer: this.id,
        explanation: { pattern: exact ? 'exact_prompt_echo' : 'substring_prompt_echo', baseScore: 0.7, tier: 'echo' },
      });
    }
    return out;
  }
}
