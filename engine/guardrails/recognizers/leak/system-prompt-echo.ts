/**
 * Echo of a guarded system prompt in model output. Prompt and response are compared in a
 * canonical form (folded case, letters and digits only), so changed spacing, case or
 * punctuation does not hide an echo. A short prompt must appear whole; a long one is cut into
 * overlapping windows and any window found counts. There is no keyword pre-filter: the check
 * runs whenever system prompts are given.
 */
import type { ScanContext } from '../../scan-context.ts';
import type { Detection, Recognizer } from '../../types.ts';
import { canonicalResponse, canonicalText } from './canonical.ts';

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
      form = canonicalText(prompt);
      if (this.promptForms.size >= MAX_CACHED_PROMPTS) this.promptForms.clear();
      this.promptForms.set(prompt, form);
    }
    return form;
  }

  scan(ctx: ScanContext): Detection[] {
    const prompts = ctx.options.systemPrompts;
    if (prompts.length === 0 || ctx.options.depth > 0) return [];
    const view = ctx.folded;
    const response = canonicalResponse(ctx);
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
