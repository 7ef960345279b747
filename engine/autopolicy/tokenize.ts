/**
 * Text → sentences → tokens for the autopolicy grammar. Quoted names stay whole (they become exact
 * globs), amounts and times become typed tokens so that "$10K" or "6pm" can never be mistaken
 * for a verb (the reference took the last word of a fragment as the action type).
 */

/** `at`: [start, end) offsets in the sentence, to quote the user's own words back. */
export type Token = { at: [number, number] } & (
  | { kind: 'word'; text: string }
  | { kind: 'quoted'; text: string }
  | { kind: 'number'; value: number; money: boolean; text: string }
  | { kind: 'time'; hhmm: string; text: string }
  | { kind: 'comma'; text: string });

export interface Sentence {
  text: string;
  tokens: Token[];
}

/** Longest input the grammar reads; longer text is cut and the rest reported as not understood. */
export const MAX_TEXT = 20_000;

const TOKEN = new RegExp([
  /(?<quoted>"[^"\n]{1,200}"|'[^'\n]{1,200}'|`[^`\n]{1,200}`|“[^”\n]{1,200}”|‘[^’\n]{1,200}’)/.source,
  /(?<time>\b\d{1,2}(?::\d{2})?\s?(?:am|pm|a\.m\.|p\.m\.)(?![a-z])|\b\d{1,2}:\d{2}\b)/.source,
  /(?<number>[$€£]?\d(?:[\d,]*\d)?(?:\.\d+)?(?:\s?(?:k|m|mm|b|thousand|million|billion)\b)?)/.source,
  /(?<word>[a-z][a-z0-9_]*(?:['’-][a-z][a-z0-9_]*)*)/.source,
  /(?<comma>,)/.source,
  /(?<other>[&/])/.source,
  // Letters outside a-z, other digits and symbols (≠, +, emoji) are kept as words the grammar
  // does not know, so the clause is reported as unparsed: skipping them silently turned
  // "allow deletes 절대 안 됨" ("… absolutely not") into a permission. Currency signs stay ignorable.
  /(?<unknown>[\p{L}\p{M}][\p{L}\p{M}\p{N}_]*|(?:(?![$€£])[\p{S}\p{N}])+)/u.source,
].join('|'), 'giu');

/** Split into sentences at `.`, `!`, `?`, `;` and line breaks (a `.` inside a number does not split). */
export function sentences(text: string, multipliers: Record<string, number>): Sentence[] {
  return text
    .slice(0, MAX_TEXT)
    .split(/(?:[.!?](?=\s|$)|[;\n])+/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0)
    .map((s) => ({ text: s, tokens: tokenize(s, multipliers) }));
}

export function tokenize(text: string, multipliers: Record<string, number>): Token[] {
  const tokens: Token[] = [];
  for (const m of text.matchAll(TOKEN)) {
    const g = m.groups!;
    const at: [number, number] = [m.index, m.index + m[0].length];
    if (g['quoted']) tokens.push({ at, kind: 'quoted', text: g['quoted'].slice(1, -1).trim() });
    else if (g['time']) tokens.push({ at, kind: 'time', hhmm: toHHMM(g['time']), text: g['time'] });
    else if (g['number']) tokens.push({ at, ...number(g['number'], multipliers) });
    else if (g['word']) tokens.push({ at, kind: 'word', text: g['word'].toLowerCase().replace(/’/g, "'") });
    else if (g['comma']) tokens.push({ at, kind: 'comma', text: ',' });
    else if (g['other']) tokens.push({ at, kind: 'word', text: g['other'] });
    else if (g['unknown']) tokens.push({ at, kind: 'word', text: g['unknown'].toLowerCase() });
  }
  return tokens;
}

function number(raw: string, multipliers: Record<string, number>): { kind: 'number'; value: number; money: boolean; text: string } {
  const money = /^[$€£]/.test(raw);
  const m = /^[$€£]?([\d,]*\d(?:\.\d+)?)\s?([a-z]*)$/i.exec(raw.trim());
  const base = Number((m?.[1] ?? '').replace(/,/g, ''));
  const unit = (m?.[2] ?? '').toLowerCase();
  return { kind: 'number', value: unit ? base * (multipliers[unit] ?? 1) : base, money, text: raw };
}

function toHHMM(raw: string): string {
  const m = /^(\d{1,2})(?::(\d{2}))?\s?([ap])?/i.exec(raw.trim().toLowerCase())!;
  let h = Number(m[1]);
  const min = m[2] ?? '00';
  if (m[3] === 'p' && h < 12) h += 12;
  if (m[3] === 'a' && h === 12) h = 0;
  return `${String(h).padStart(2, '0')}:${min}`;
}
