/**
 * Optimized adversarial suffixes (GCG, AutoDAN-style token search, "DSN"): a plain-language
 * request followed on the same line by a run of machine-found tokens — brackets and markup
 * fragments glued to words (`({[HTMLsvg`, `Sure]`), camel humps in the middle of words
 * (`shortlyPlease`, `CVToStringDB`), operator clusters (`=>`, `==`, `(`:[`). A window of eight
 * whitespace tokens where at least half are such odd tokens, with several brackets among them,
 * near the end of a line that opens with ordinary words, is reported.
 *
 * Deliberately left out: code and formulas. Lines that look like code (ending in `;`, `{` or `}`,
 * indented, or starting with a keyword) are skipped, a literal backslash-n ends a line as a real
 * newline does, written structure (template placeholders, code spans, markdown emphasis, asides
 * in brackets) is blanked before tokens are read (STRUCTURE), and the ordinary-words prefix keeps
 * LaTeX-heavy maths questions and non-Latin text out. Source: Zou et al. 2023, "Universal and
 * Transferable Adversarial Attacks on Aligned Language Models", and the suffix shapes of public
 * jailbreak benchmarks; the features are our own.
 */
import type { ScanContext } from '../../scan-context.ts';
import type { Detection, Recognizer } from '../../types.ts';

const WINDOW = 8;
const MIN_ODD = 4;
const MIN_BRACKETS = 2;
/** Fewer odd tokens suffice when the window is dense with brackets (`<?hide](x<<`, `$\{fen`). */
const DENSE_BRACKETS = 6;
const DENSE_MIN_ODD = 2;
const MIN_PREFIX_WORDS = 6;
const MAX_LINE = 4_000;

const PLAIN_WORD = /^[A-Za-z][a-z'’]*[,.;:!?]?$/;
const BRACKETS = /[{}[\]()<>|\\^]/g;
const SYMBOL_WITH_LETTER = /[{}[\]()<>|\\^$~=`@*%]/;
const LETTER = /[A-Za-z]/;
const CAMEL_HUMP = /[a-z][A-Z]/;
const ONLY_PUNCT = /^[^\p{L}\p{N}]+$/u;
const COMMON_PUNCT = /^(?:[-–—&:;,.!?'"…/]|\.\.\.|--)$/;
const CODE_LINE = /^\s{2,}\S|[;{}]\s*$|^\s*(?:def|class|function|import|from|return|const|let|var|if|for|while|public|private|#include|SELECT|\$\s)\b/;

const ESCAPES = /\\[nrt"'\\/]/g;

/**
 * Written structure that machine-found suffixes do not produce but prompts, templates and
 * documentation are full of. Each is blanked (same length, so offsets hold) before the line is
 * cut into tokens: markdown links and template placeholders (`${topic}`, `${role:default}`,
 * `{{name}}`, `{age}`) become a plain word, code spans disappear, and the markers of markdown
 * emphasis, of bracketed asides with ordinary contents (`(320px+)`, `(Median vs. Mean)`) and of
 * serialized line breaks (a literal backslash-n) become spaces.
 */
export const STRUCTURE: readonly { name: string; regex: RegExp; blank: 'word' | 'space' | 'markers' }[] = [
  { name: 'link', regex: /\[[^[\]\n]{0,80}\]\(https?:\/\/[^\s()]{1,300}\)/g, blank: 'word' },
  { name: 'placeholder', regex: /\$\{[A-Za-z_][\w.:\- ]{0,60}\}|\{\{ ?[A-Za-z_][\w.:\- ]{0,60}\}\}|\{[A-Za-z_][\w\- ]{0,40}\}/g, blank: 'word' },
  { name: 'fenced-code', regex: /```[^`]{0,2000}```/g, blank: 'space' },
  { name: 'inline-code', regex: /(?<![`\w])`[^`\s{}[\]<>][^`\n{}[\]<>]{0,198}(?<!\s)`(?![`\w])/g, blank: 'space' },
  { name: 'emphasis', regex: /\*\*[\p{L}\p{N}][\p{L}\p{N} ,.'’+\-/:&()]{0,78}\*\*/gu, blank: 'markers' },
  { name: 'aside', regex: /(?<=^|\s)(?:\([\p{L}\p{N}][\p{L}\p{N} ,.'’+\-/:&]{0,78}\)|\[[\p{L}\p{N}][\p{L}\p{N} ,.'’+\-/:&]{0,78}\])(?=[\s,.;:!?]|$)/gu, blank: 'markers' },
  { name: 'serialized-break', regex: /\\[nrt]/g, blank: 'space' },
];

/** The line with STRUCTURE blanked, same length. */
export function blankStructure(line: string): string {
  let out = line;
  for (const { regex, blank } of STRUCTURE) {
    regex.lastIndex = 0;
    out = out.replace(regex, (m: string) => {
      if (blank === 'word') return 'x'.repeat(m.length);
      if (blank === 'space') return ' '.repeat(m.length);
      const edge = m[0] === m[1] ? 2 : 1;
      return ' '.repeat(edge) + m.slice(edge, m.length - edge) + ' '.repeat(edge);
    });
  }
  return out;
}
const TABLE_CELLS = /\s\|\s/g;
/** The suffix sits at the end of the request: at most this many tokens follow the window start. */
const MAX_TAIL = 40;

function isOdd(raw: string): boolean {
  // Escape sequences of serialized text (`\n`, `\"`) are not suffix material.
  const tok = raw.includes('\\') ? raw.replace(ESCAPES, '') : raw;
  if (tok === '') return false;
  if (ONLY_PUNCT.test(tok)) return !COMMON_PUNCT.test(tok);
  if (LETTER.test(tok) && SYMBOL_WITH_LETTER.test(tok)) return true;
  return CAMEL_HUMP.test(tok);
}

function bracketCount(tok: string): number {
  BRACKETS.lastIndex = 0;
  return tok.match(BRACKETS)?.length ?? 0;
}

export class AdversarialSuffixRecognizer implements Recognizer {
  readonly id = 'injection.adversarial_suffix';
  readonly guardrail = 'injection' as const;
  readonly categories = ['adversarial_suffix'];
  readonly directions = ['input'] as const;

  scan(ctx: ScanContext): Detection[] {
    const view = ctx.base;
    const text = view.text;
    // Needs brackets, and a line long enough for a request plus a suffix.
    if (text.length < 60 || ctx.options.depth > 0) return [];
    let lineStart = 0;
    while (lineStart < text.length) {
      let lineEnd = text.indexOf('\n', lineStart);
      if (lineEnd < 0) lineEnd = text.length;
      // Serialized text (JSON strings, logs) carries its line breaks as a literal backslash-n.
      const serialized = text.indexOf('\\n', lineStart);
      if (serialized >= 0 && serialized < lineEnd) lineEnd = serialized;
      const hit = lineEnd - lineStart >= 60 && lineEnd - lineStart <= MAX_LINE ? this.scanLine(text, lineStart, lineEnd) : null;
      if (hit) {
        return [{
          guardrail: 'injection',
          category: 'adversarial_suffix',
          span: view.toOriginal(hit[0], hit[1]),
          score: 0.7,
          recognizer: this.id,
          explanation: { pattern: 'odd-token-window', baseScore: 0.7, tier: 'pattern' },
        }];
      }
      lineStart = lineEnd + (text[lineEnd] === '\\' ? 2 : 1);
    }
    return [];
  }

  /** The span of the first odd window after an ordinary-language prefix, or null. */
  private scanLine(text: string, start: number, end: number): [number, number] | null {
    const raw = text.slice(start, end);
    if (CODE_LINE.test(raw)) return null;
    const line = blankStructure(raw);
    // Table rows (`| a | b |`) are made of brackets-like separators.
    if ((line.match(TABLE_CELLS)?.length ?? 0) >= 3) return null;
    const toks: { s: number; e: number; odd: boolean; br: number; plain: boolean }[] = [];
    for (const m of line.matchAll(/\S+/g)) {
      const t = m[0];
      toks.push({ s: m.index, e: m.index + t.length, odd: isOdd(t), br: bracketCount(t), plain: PLAIN_WORD.test(t) });
    }
    if (toks.length < MIN_PREFIX_WORDS + WINDOW) return null;
    // The line opens with ordinary words (the request itself).
    let opening = 0;
    for (let i = 0; i < MIN_PREFIX_WORDS; i++) if (toks[i]!.plain) opening++;
    if (opening < MIN_PREFIX_WORDS - 1) return null;
    let prefixPlain = 0;
    let odd = 0;
    let br = 0;
    for (let i = 0; i < toks.length; i++) {
      const t = toks[i]!;
      odd += t.odd ? 1 : 0;
      br += t.br;
      if (i >= WINDOW) {
        const out = toks[i - WINDOW]!;
        odd -= out.odd ? 1 : 0;
        br -= out.br;
        prefixPlain = out.plain ? prefixPlain + 1 : prefixPlain;
      }
      if (i >= WINDOW - 1 && prefixPlain >= MIN_PREFIX_WORDS && ((odd >= MIN_ODD && br >= MIN_BRACKETS) || (odd >= DENSE_MIN_ODD && br >= DENSE_BRACKETS)) && toks.length - (i - WINDOW + 1) <= MAX_TAIL) {
        const first = toks[i - WINDOW + 1]!;
        return [start + first.s, start + t.e];
      }
    }
    return null;
  }
}
