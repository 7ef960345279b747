/**
 * Optimized adversarial suffixes (GCG, AutoDAN-style token search, "DSN"): a plain-language
 * request followed on the same line by a run of machine-found tokens — brackets and markup
 * fragments glued to words (`({[HTMLsvg`, `Sure]`), camel humps in the middle of words
 * (`shortlyPlease`, `CVToStringDB`), operator clusters (`=>`, `==`, `(`:[`). A window of eight
 * whitespace tokens where at least half are such odd tokens, with several brackets among them,
 * near the end of a line that opens with ordinary words, is reported.
 *
 * Suffixes with few brackets (`Let Bef Clear that..., versus ! With Similarly format`,
 * `coveringvars needed = effectenty ur silence assistant ## Sure!.`) are scored token by token
 * instead (SOFT_*): each mark of machine text (a camel hump, a symbol glued to letters, punctuation
 * glued to the front of a word, a glued ellipsis, an unusual punctuation token, an underscore run)
 * counts 1 and a capitalized word in mid-sentence a third; twelve tokens near the end of the line
 * reaching 4.5, with at least three marked tokens, are reported.
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
import { allMatches } from '../../regex-matches.ts';
import { ASCII_LETTER, BACKSLASH, bracketsOf, CAMEL_HUMP, GLUED_DOTS, LEADING_PUNCT, ONLY_PUNCT, PAREN, PLAIN_WORD, SENTENCE_END, SYMBOL, SYMBOL_OR_UNDERSCORE, TITLE_WORD, tokenShape, UNDERSCORES, isPlainWord } from './token-shape.ts';

const WINDOW = 8;
const MIN_ODD = 4;
const MIN_BRACKETS = 2;
/** Fewer odd tokens suffice when the window is dense with brackets (`<?hide](x<<`, `$\{fen`). */
const DENSE_BRACKETS = 6;
const DENSE_MIN_ODD = 2;
const MIN_PREFIX_WORDS = 6;
const MAX_LINE = 4_000;

const TOKEN = /\S+/g;
const BRACKETS = /[{}[\]()<>|\\^]/g;
const COMMON_PUNCT = /^(?:[-–—&:;,.!?'"…/→←]|\.\.\.|--|->|<-|=>)$/;
const CODE_LINE = /^\s{2,}\S|[;{}]\s*$|^\s*(?:def|class|function|import|from|return|const|let|var|if|for|while|public|private|#include|SELECT|\$\s)\b/;

const ESCAPES = /\\[nrt"'\\/]/g;
const PAREN_WORD = /^(?:\((?:[a-z]+|[a-z]\.[a-z]\.)[,.;:]?|[A-Za-z][a-z]*\)[,.;:!?]?|\)[,.;:!?]?)$/;

/**
 * Written structure that machine-found suffixes do not produce but prompts, templates and
 * documentation are full of. Each is blanked (same length, so offsets hold) before the line is
 * cut into tokens: markdown links and template placeholders (`${topic}`, `${role:default}`,
 * `{{name}}`, `{age}`) become a plain word, code spans disappear, and the markers of markdown
 * emphasis, of bracketed asides with ordinary contents (`(320px+)`, `(Median vs. Mean)`) and of
 * serialized line breaks (a literal backslash-n) become spaces; doc-comment tags and call
 * signatures become a plain word.
 */
export const STRUCTURE: readonly { name: string; regex: RegExp; blank: 'word' | 'space' | 'markers'; hint: string }[] = [
  // Absolute or relative targets; one level of parentheses inside (`…/cc751383(v=technet.10)`).
  { name: 'link', regex: /\[[^[\]\n]{0,80}\]\((?:[^\s()]|\([^\s()]{0,40}\)){1,300}\)/g, blank: 'word', hint: '](' },
  // Reference-style links (`[text][]`, `[\`new URL()\`][]`, `[Transform][stream-transform]`).
  { name: 'reference-link', regex: /\[[^[\]\n]{1,80}\]\[[^[\]\s]{0,40}\]/g, blank: 'word', hint: '][' },
  // Escaped brackets (`\[`, `\]`): Markdown showing a bare bracket, as changelogs do around
  // commit links. Other escapes (`\_`, `\*`) stay: machine-found suffixes are full of them.
  { name: 'markdown-escape', regex: /\\[[\]]/g, blank: 'space', hint: '\\' },
  // A written list of operators or marks ("+, |, ^, ~, etc.").
  { name: 'symbol-list', regex: /(?<=^|\s)(?:[^\p{L}\p{N}\s,]{1,2}, ){2,}[^\p{L}\p{N}\s,]{1,2}(?=[\s,.;]|$)/gu, blank: 'word', hint: ', ' },
  { name: 'placeholder', regex: /\$\{[A-Za-z_][\w.:\- ]{0,60}\}|\{\{ ?[A-Za-z_][\w.:\- ]{0,60}\}\}|\{[A-Za-z_][\w\- ]{0,40}\}/g, blank: 'word', hint: '{' },
  { name: 'fenced-code', regex: /```[^`]{0,2000}```/g, blank: 'space', hint: '```' },
  // A code span fenced by two backticks, so it may hold one (`` ` ``).
  { name: 'double-code', regex: /(?<!`)``(?!`)[^\n]{1,118}?(?<!`)``(?!`)/g, blank: 'space', hint: '``' },
  { name: 'inline-code', regex: /(?<![`\w])`[^`\s{}[\]<>][^`\n{}[\]<>]{0,198}(?<!\s)`(?![`\w])/g, blank: 'space', hint: '`' },
  { name: 'emphasis', regex: /\*\*[\p{L}\p{N}][\p{L}\p{N} ,.'’+\-/:&()]{0,78}\*\*/gu, blank: 'markers', hint: '**' },
  { name: 'aside', regex: /(?<=^|\s)(?:\([\p{L}\p{N}][\p{L}\p{N} ,.'’+\-/:&]{0,78}\)|\[[\p{L}\p{N}][\p{L}\p{N} ,.'’+\-/:&]{0,78}\])(?=[\s,.;:!?]|$)/gu, blank: 'markers', hint: '' },
  // A shortcut reference link in parentheses: "auto-formatter ([rustfmt]),".
  { name: 'bracketed-reference', regex: /\(\[[\p{L}\p{N}][\p{L}\p{N} .'’+\-/:&]{0,60}\]\)/gu, blank: 'word', hint: '([' },
  { name: 'serialized-break', regex: /\\[nrt]/g, blank: 'space', hint: '\\' },
  // Doc-comment inline tags (`{@link Foo}`, `{@linkcode format}`) and call signatures with plain
  // arguments (`precondition(x, y, ...)`, `normalize()`): API documentation, not suffix tokens.
  { name: 'doc-tag', regex: /\{@[A-Za-z]{2,20}(?:\s[^{}\n]{0,80})?\}/g, blank: 'word', hint: '{@' },
  { name: 'call-signature', regex: /\b[A-Za-z_$][\w$.]{0,40}\((?: ?(?:[\w$]{1,20}|\.\.\.)(?: ?, ?(?:[\w$]{1,20}|\.\.\.)){0,8})?\)/g, blank: 'word', hint: '(' },
];

/** The line with STRUCTURE blanked, same length. */
export function blankStructure(line: string): string {
  let out = line;
  for (const { regex, blank, hint } of STRUCTURE) {
    // Each needs a literal the line may lack (most lines hold no '(' or '`').
    if (!out.includes(hint)) continue;
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

const SOFT_WINDOW = 12;
const SOFT_MIN_SCORE = 4.5;
/** Tokens with a mark of machine text (score ≥ 1) the window must hold. */
const SOFT_MIN_HARD = 3;
/**
 * Every token with a mark of machine text contains at least one match (the line gate): a camel
 * hump, a glueable symbol, an ellipsis, or at a token's start two non-word characters, a
 * punctuation mark before a letter, or a lone unusual mark. That reads
 *   /[a-z][A-Z]|[{}[\]()<>|\\^$~=`@*%_]|\.{3}|(?<=^|\s)(?:[^\p{L}\p{N}\s]{2}|[!?.,;:](?=\p{L})|[^\p{L}\p{N}\s\-–—&:;,.!?'"…/→←](?=\s|$))/gu
 * and is written so that every match begins with a capital, a symbol, a dot or white space: V8
 * then skips lower-case letters (most of a line) without entering the pattern (English
 * requests: 9 → 8 µs/KB, prompts 3 → 1.5). It matches other stretches, never another number of
 * them (a test compares the counts with the form above).
 */
export const SOFT_HINT = /[A-Z](?<=[a-z][A-Z])|[{}[\]()<>|\\^$~=`@*%_]|\.{3}|(?:^|\s)(?:[{}[\]()<>|\\^$~=`@*%_]|\.{3}|[^\p{L}\p{N}\s]{2}|[!?.,;:](?=\p{L})|[^\p{L}\p{N}\s\-–—&:;,.!?'"…/→←](?=\s|$))/gu;

/** Matches of a global regex in `text`, counting stops at `cap`. */
function countUpTo(re: RegExp, text: string, cap: number): number {
  re.lastIndex = 0;
  let n = 0;
  // test() moves lastIndex as exec() does without building a match array (neither regex
  // matches the empty string, so the loop always advances).
  while (n < cap && re.test(text)) n++;
  re.lastIndex = 0;
  return n;
}
/** Balanced code spans (brackets allowed, no space just inside the ticks) and HTML comments. */
const SOFT_BLANK = /(?<![`\w])`[^`\s][^`\n]{0,118}(?<!\s)`(?![`\w])|<!--[^\n]{0,200}?-->/g;

/** The line both detectors read: STRUCTURE and SOFT_BLANK blanked, same length. */
export function blankLine(raw: string): string {
  SOFT_BLANK.lastIndex = 0;
  return blankStructure(raw).replace(SOFT_BLANK, (m) => ' '.repeat(m.length));
}

/**
 * How much a token looks machine-found (see the header), from its shape (`token-shape.ts`) and
 * that of the token before it (-1 for none): a camel hump, a symbol or underscore glued to
 * letters, punctuation glued to the front of a word, glued dots, an unusual punctuation token and
 * an underscore run count 1; a capitalized word not after a sentence end a third.
 */
function softScore(tok: string, shape: number, prevShape: number): number {
  let s = 0;
  if (shape & CAMEL_HUMP) s += 1;
  if (shape & ASCII_LETTER && shape & SYMBOL_OR_UNDERSCORE) s += 1;
  if (shape & LEADING_PUNCT) s += 1;
  if (shape & GLUED_DOTS) s += 1;
  if (shape & ONLY_PUNCT && !COMMON_PUNCT.test(tok)) s += 1;
  if (shape & UNDERSCORES) s += 1;
  if (prevShape >= 0 && shape & TITLE_WORD && !(prevShape & SENTENCE_END)) s += 0.34;
  return s;
}
/**
 * What every match of a blanking pattern (STRUCTURE, SOFT_BLANK) holds within 42 units of its
 * start: most start with one of these; a placeholder `${…}` holds its `{` one unit in, a call
 * signature its `(` up to 41 units in (after a name), a symbol list its first `, `. A `(` counts
 * only after a space, a name character or the line start (an aside or a call): a parenthesis
 * glued to a Hangul or CJK word (`키(K)`, `값(모두 문자열)`) starts neither.
 */
const BLANK_START = /[[\\`{]|\*\*|<!--|(?<![^\s\w$.])\(|[^\p{L}\p{N}\s,], /u;
/** How far past the opening a blanked stretch that reaches back into it can still hold its BLANK_START. */
const BLANK_REACH = 42;

/**
 * False when the line cannot open with ordinary words once blanked: fewer than five of its first
 * six tokens are plain words, and no blanking can start before the sixth ends (or within
 * BLANK_REACH after it), so blanking leaves those tokens as they are. Both detectors need that
 * opening, so a Korean, Chinese or code-heavy line is done after six tokens, before the gates,
 * blanking and tokenizing (half the lines of 10 KB of Korean coding prompts passed the gates).
 * True when unsure (fewer than six tokens). Exported for the tests.
 */
export function mayOpenWithWords(raw: string): boolean {
  const opening = readOpening(raw);
  if (opening === null || opening.plain >= MIN_PREFIX_WORDS - 1) return true;
  return BLANK_START.test(raw.slice(0, opening.end + BLANK_REACH));
}

/** How many of the line's first six tokens are plain words, and where the sixth ends; null when it has fewer. */
function readOpening(line: string): { plain: number; end: number } | null {
  TOKEN.lastIndex = 0;
  let plain = 0;
  let end = 0;
  for (let k = 0; k < MIN_PREFIX_WORDS; k++) {
    const m = TOKEN.exec(line);
    if (m === null) {
      TOKEN.lastIndex = 0;
      return null;
    }
    if (isPlainWord(m[0])) plain++;
    end = m.index + m[0].length;
  }
  TOKEN.lastIndex = 0;
  return { plain, end };
}

/** The suffix sits at the end of the request: at most this many tokens follow the window start. */
const MAX_TAIL = 40;

/** A symbol glued to letters, a camel hump, or unusual punctuation; `shape` is the token's. */
function isOdd(raw: string, shape: number): boolean {
  let tok = raw;
  // Escape sequences of serialized text (`\n`, `\"`) are not suffix material.
  if (shape & BACKSLASH) {
    tok = raw.replace(ESCAPES, '');
    if (tok === '') return false;
    shape = tokenShape(tok);
  }
  // The parentheses of an aside around a word: `(for`, `(e.g.`, `example),`, `)`.
  if (shape & PAREN && PAREN_WORD.test(tok)) return false;
  if (shape & ONLY_PUNCT) return !COMMON_PUNCT.test(tok);
  if (shape & ASCII_LETTER && shape & SYMBOL) return true;
  return (shape & CAMEL_HUMP) !== 0;
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
    // The next literal backslash-n at or after lineStart (-1: none), searched again only once
    // passed: searching from every line start re-read the rest of the text each time.
    let serialized = -2;
    while (lineStart < text.length) {
      let lineEnd = text.indexOf('\n', lineStart);
      if (lineEnd < 0) lineEnd = text.length;
      // Serialized text (JSON strings, logs) carries its line breaks as a literal backslash-n.
      if (serialized !== -1 && serialized < lineStart) serialized = text.indexOf('\\n', lineStart);
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
    // Cheap gates first: lines that cannot open with plain words (most non-Latin prose) are done
    // after six tokens; most lines of prose have neither two brackets nor three odd tokens; and
    // blanking and tokenizing every line cost more than the rest of the input guardrails.
    if (!mayOpenWithWords(raw)) return null;
    const strict = countUpTo(BRACKETS, raw, MIN_BRACKETS) >= MIN_BRACKETS;
    const soft = countUpTo(SOFT_HINT, raw, SOFT_MIN_HARD) >= SOFT_MIN_HARD;
    if ((!strict && !soft) || CODE_LINE.test(raw)) return null;
    const line = blankLine(raw);
    // Both detectors need the blanked line to open with ordinary words (the request itself):
    // checked before every token of a long line is read (Korean and Chinese lines with a bracket
    // or a code span near the start pass the gates above).
    const opening = readOpening(line);
    if (opening === null || opening.plain < MIN_PREFIX_WORDS - 1) return null;
    // Table rows (`| a | b |`) are made of brackets-like separators.
    if ((line.match(TABLE_CELLS)?.length ?? 0) >= 3) return null;
    // Tokens read once for both detectors: where each is, its text and its shape.
    const toks: Token[] = [];
    for (const m of allMatches(TOKEN, line)) toks.push({ s: m.index, e: m.index + m[0].length, t: m[0], shape: tokenShape(m[0]) });
    if (!strict) return softWindow(toks, start);
    if (toks.length < MIN_PREFIX_WORDS + WINDOW) return null;
    const oddAt = toks.map((t) => isOdd(t.t, t.shape));
    let prefixPlain = 0;
    let odd = 0;
    let br = 0;
    for (let i = 0; i < toks.length; i++) {
      const t = toks[i]!;
      odd += oddAt[i] ? 1 : 0;
      br += bracketsOf(t.shape);
      if (i >= WINDOW) {
        const out = toks[i - WINDOW]!;
        odd -= oddAt[i - WINDOW] ? 1 : 0;
        br -= bracketsOf(out.shape);
        prefixPlain = out.shape & PLAIN_WORD ? prefixPlain + 1 : prefixPlain;
      }
      if (i >= WINDOW - 1 && prefixPlain >= MIN_PREFIX_WORDS && ((odd >= MIN_ODD && br >= MIN_BRACKETS) || (odd >= DENSE_MIN_ODD && br >= DENSE_BRACKETS)) && toks.length - (i - WINDOW + 1) <= MAX_TAIL) {
        const first = toks[i - WINDOW + 1]!;
        return [start + first.s, start + t.e];
      }
    }
    return softWindow(toks, start);
  }
}

/** A whitespace token of a blanked line: offsets in the line, text, `tokenShape`. */
interface Token {
  s: number;
  e: number;
  t: string;
  shape: number;
}

/**
 * The first twelve-token window near the end of the (blanked) line whose soft score reaches the
 * bar; the caller has checked that the line opens with ordinary words.
 */
function softWindow(toks: readonly Token[], start: number): [number, number] | null {
  if (toks.length < MIN_PREFIX_WORDS + SOFT_WINDOW) return null;
  const scores = toks.map((tok, i) => softScore(tok.t, tok.shape, i > 0 ? toks[i - 1]!.shape : -1));
  for (let i = Math.max(MIN_PREFIX_WORDS, toks.length - MAX_TAIL); i + SOFT_WINDOW <= toks.length; i++) {
    let sum = 0;
    let hard = 0;
    for (let j = i; j < i + SOFT_WINDOW; j++) {
      sum += scores[j]!;
      if (scores[j]! >= 1) hard++;
    }
    if (sum >= SOFT_MIN_SCORE && hard >= SOFT_MIN_HARD) return [start + toks[i]!.s, start + toks[i + SOFT_WINDOW - 1]!.e];
  }
  return null;
}
