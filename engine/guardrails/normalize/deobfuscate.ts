/**
 * The de-obfuscated view, derived from the folded view: letters spelled out with single
 * separators ("i g n o r e", "k.i.l.l") are joined, and leetspeak inside words is read as
 * letters ("1gn0r3" → "ignore", "k1ll" → "kill"). Returns null when there is nothing to undo,
 * so clean text is matched once.
 */
import { TextView, ViewBuilder } from './text-view.ts';

// Four or more single letters/digits each followed by one separator; each repetition consumes
// exactly two units and a match may only start where no run is going on, so it stays linear.
const SPACED = /(?<![\p{L}\p{N}]|[\p{L}\p{N}][ .\-_*·|/+,~])(?:[\p{L}\p{N}][ .\-_*·|/+,~]){3,}[\p{L}\p{N}](?![\p{L}\p{N}])/gu;
const LEET_HINT = /[a-z][0134578@$]|[0134578@$][a-z]/;
const LEET_TOKEN = /(?<![a-z0-9@$])[a-z0-9@$]+/g;
const LEET: Record<string, string> = { '0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't', '8': 'b', '@': 'a', $: 's' };

/** `maybeLeet` / `maybeSpaced` false (from the character scan) skip the corresponding search. */
export function deobfuscate(folded: TextView, maybeLeet = true, maybeSpaced = true): TextView | null {
  const text = folded.text;
  const hasSpaced = maybeSpaced && SPACED.test(text);
  SPACED.lastIndex = 0;
  const hasLeet = maybeLeet && LEET_HINT.test(text);
  if (!hasSpaced && !hasLeet) return null;

  // drop[i]: unit i is a separator inside a spaced-out word; sub: leet replacements by index.
  const drop = new Uint8Array(text.length);
  if (hasSpaced) {
    for (const m of text.matchAll(SPACED)) {
      const start = m.index;
      const word = m[0];
      // An even length means an astral character is involved; leave such runs alone.
      if (word.length % 2 === 0) continue;
      for (let k = 1; k < word.length; k += 2) drop[start + k] = 1;
    }
  }
  let chars = text;
  if (hasLeet) {
    chars = text.replace(LEET_TOKEN, (tok) => {
      // Needs at least two real letters and one substitute, and must not be a number-ish code.
      let letters = 0;
      let subs = 0;
      for (const ch of tok) {
        if (ch >= 'a' && ch <= 'z') letters++;
        else if (LEET[ch] !== undefined) subs++;
      }
      if (letters < 2 || subs === 0 || subs > letters + 1) return tok;
      let out = '';
      for (const ch of tok) out += LEET[ch] ?? ch;
      return out;
    });
  }
  const builder = new ViewBuilder(text.length);
  let changed = chars !== text;
  for (let i = 0; i < chars.length; i++) {
    if (drop[i] === 1) {
      changed = true;
      continue;
    }
    builder.push(chars[i]!, folded.startOf(i), folded.endOf(i));
  }
  return changed ? builder.build(folded.originalLength) : null;
}
