/**
 * A secret value of a guarded system prompt (`system-prompt-secrets.ts`) in model output: the
 * password itself is the leak, whether or not any of the prompt's wording comes with it. The
 * value is found in the canonical form (letters and digits, folded case: "B-A-N-A-N-A", "banana"),
 * as a whole word (not "chair" in "chairman"), and spelled backwards when it has five units or
 * more. Decoded segments are checked too, so a base64- or hex-encoded password is found.
 */
import type { ScanContext } from '../../scan-context.ts';
import type { Detection, Recognizer } from '../../types.ts';
import { canonicalResponse, canonicalText, isAlnum } from './canonical.ts';
import { promptSecrets } from './system-prompt-secrets.ts';

const MAX_CACHED_PROMPTS = 32;
/**
 * Lighter values (after canonicalization) match too much ordinary text to stand on their own. An
 * ideograph, kana or Hangul syllable weighs two, a Latin letter or digit one.
 */
const MIN_SECRET_WEIGHT = 4;
const MIN_REVERSED_LENGTH = 5;
const isWide = (unit: number): boolean => unit >= 0x2e80;
const weight = (form: string): number => {
  let w = 0;
  for (let i = 0; i < form.length; i++) w += isWide(form.charCodeAt(i)) ? 2 : 1;
  return w;
};

export class SecretEchoRecognizer implements Recognizer {
  readonly id = 'leak.system_prompt_secret';
  readonly guardrail = 'prompt_leak' as const;
  readonly categories = ['secret_echo'];
  readonly directions = ['output'] as const;
  readonly scansDecoded = true;

  /** Canonical secret values of the prompts seen lately (the same few come with every check). */
  private readonly secretsByPrompt = new Map<string, string[]>();

  private secretsOf(prompt: string): string[] {
    let secrets = this.secretsByPrompt.get(prompt);
    if (secrets === undefined) {
      secrets = [];
      for (const value of promptSecrets(prompt)) {
        const form = canonicalText(value);
        if (weight(form) >= MIN_SECRET_WEIGHT && !secrets.includes(form)) secrets.push(form);
      }
      if (this.secretsByPrompt.size >= MAX_CACHED_PROMPTS) this.secretsByPrompt.clear();
      this.secretsByPrompt.set(prompt, secrets);
    }
    return secrets;
  }

  scan(ctx: ScanContext): Detection[] {
    const secrets = ctx.options.systemPrompts.flatMap((p) => this.secretsOf(p));
    if (secrets.length === 0) return [];
    const view = ctx.folded;
    const response = canonicalResponse(ctx);
    const out: Detection[] = [];
    // A match must not continue a word of the view on either side; ideographs, kana and Hangul
    // are written without spaces, so a secret's wide first or last unit needs no boundary.
    const standsAlone = (form: string, at: number): boolean => {
      const start = response.index[at]!;
      const end = response.index[at + form.length - 1]!;
      const left = isWide(form.charCodeAt(0)) || start === 0 || !isAlnum(view.text.charCodeAt(start - 1));
      const right = isWide(form.charCodeAt(form.length - 1)) || end + 1 >= view.text.length || !isAlnum(view.text.charCodeAt(end + 1));
      return left && right;
    };
    for (const secret of secrets) {
      const forms: [string, string][] = [[secret, 'system_prompt_secret']];
      if (secret.length >= MIN_REVERSED_LENGTH) forms.push([[...secret].reverse().join(''), 'system_prompt_secret_reversed']);
      for (const [form, pattern] of forms) {
        for (let at = response.text.indexOf(form); at >= 0; at = response.text.indexOf(form, at + 1)) {
          if (!standsAlone(form, at)) continue;
          out.push({
            guardrail: 'prompt_leak',
            category: 'secret_echo',
            span: view.toOriginal(response.index[at]!, response.index[at + form.length - 1]! + 1),
            score: 0.95,
            recognizer: this.id,
            explanation: { pattern, baseScore: 0.95, tier: 'echo' },
          });
        }
      }
    }
    return out;
  }
}
