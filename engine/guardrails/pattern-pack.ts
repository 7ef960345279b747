/**
 * Rule packs: guardrail patterns as data (JSON) that users can add, remove or replace. The
 * loader checks the shape, compiles every pattern, rejects patterns whose shape can backtrack
 * badly, and reports problems as coded diagnostics instead of throwing.
 *
 * Pattern dialect: JavaScript regex source, compiled with the `u` flag. A literal space outside
 * a character class means "up to four non-letter, non-digit characters" (so "ignore previous"
 * also matches "ignore -- previous", "ignore\nprevious" and "ignoreprevious"); write `\ ` for
 * one real space. Patterns on the `folded` view see lower-cased, de-confused text.
 */
import type { Diagnostic } from '../types.ts';
import { leadingLiterals } from './leading-literals.ts';
import { maxLookaroundLength, maxMatchLength } from './match-length.ts';
import { requiredLiterals } from './required-literals.ts';
import { backtrackingHazard, MAX_SPLITS, type BacktrackingHazard } from './backtracking.ts';
import { readRegex, type RegexNode } from './regex-ast.ts';
import { minTokenRun } from './token-run.ts';
import { asciiBoundaryNextToNonAscii } from './ascii-boundary.ts';
import { isInvisible } from './normalize/invisible.ts';
import { foldLiteral } from './normalize/normalize.ts';
import type { ViewName } from './scan-context.ts';
import type { Direction, GuardrailName, Sensitivity } from './types.ts';

export interface PackRuleSource {
  id: string;
  category: string;
  pattern: string;
  score: number;
  sensitivity?: Sensitivity;
  /**
   * Literals one of which every match contains: the rule runs only on texts where one occurs
   * (`prefilter.ts`). When absent, they are read from the pattern (`required-literals.ts`);
   * a pattern with none selective enough needs them listed, or `alwaysRun`.
   */
  triggers?: string[];
  /**
   * Literals one of which every match also contains, checked in the same pass: the rule runs only
   * where a trigger and one of these occur. For patterns made of two parts that are each common
   * alone (a question frame and an act), so a text with only one of them does not run the regex.
   */
  requires?: string[];
  alwaysRun?: boolean;
  view?: 'folded' | 'base';
  caseInsensitive?: boolean;
  /** Drop the match when this regex matches the text around it (`window` units each side). */
  unless?: string;
  window?: number;
  directions?: Direction[];
  lang?: string;
  note?: string;
  examples?: { match?: string[]; noMatch?: string[] };
}

export interface PackSource {
  id: string;
  guardrail: GuardrailName;
  description?: string;
  rules: PackRuleSource[];
}

export interface CompiledRule {
  id: string;
  category: string;
  score: number;
  sensitivity: Sensitivity;
  /** Built on first read (see `LoadPackOptions.lazy`); the same instance every read. */
  readonly regex: RegExp;
  /** Strings one of which begins every match (see `leading-literals.ts`); null when the pattern has none. */
  anchors: { literals: string[] } | null;
  /** The same regex compiled sticky, to try at chosen positions; built on first read. */
  readonly sticky: RegExp;
  /** The longest match in UTF-16 units of the rule's view (`match-length.ts`); Infinity when unbounded. */
  maxLength: number;
  /** How far the pattern's lookarounds read beyond a match (`match-length.ts`). */
  lookaround: number;
  /**
   * For a base-view rule: a run of token units at least this long is inside every match
   * (`token-run.ts`); 0 when nothing can be said, and for folded-view rules.
   */
  minTokenRun: number;
  source: string;
  triggers: string[];
  /** Folded like the triggers; empty when the rule has no such condition. */
  requires: string[];
  /**
   * For a folded-view rule with listed triggers: literals one of which every match also contains,
   * read from the pattern (`required-literals.ts`), when they are not the triggers themselves.
   * Checked like `requires`: hand-listed triggers are often common words ("call", "act", "child")
   * that the pattern only accepts in a rarer context, and a big rule selected by them alone was
   * compiled and run for a fifth of ordinary prompts. Empty when there is no such set.
   */
  implied: string[];
  alwaysRun: boolean;
  view: 'folded' | 'base';
  readonly unless: RegExp | null;
  window: number;
  directions: Direction[] | null;
  examples: { match: string[]; noMatch: string[] };
}

export interface CompiledPack {
  id: string;
  guardrail: GuardrailName;
  rules: CompiledRule[];
}

const SENSITIVITIES: readonly Sensitivity[] = ['low', 'medium', 'high'];
const GUARDRAILS: readonly GuardrailName[] = ['injection', 'pii', 'toxicity', 'prompt_leak'];
/**
 * What a literal space in a pack pattern reads as: up to four of this class. It lists the
 * separators text puts between words: ASCII and Latin-1 whitespace, punctuation and symbols,
 * Hebrew points and punctuation, Arabic punctuation and vowel marks (both optional on a word),
 * general punctuation (dashes, curly quotes, ellipsis, zero-width and bidi marks) and CJK
 * punctuation and brackets. It used to be `[^\p{L}\p{N}]`, which V8 compiles into a test of
 * ~700 ranges at every place it occurs: a rule with a hundred spaces became ~1 MB of machine
 * code, the built-in packs ~240 MB on two-byte text, and once an isolate has made more than
 * 1 MB of regex code (with 16 MB of executable memory) V8 no longer optimises the regexes it
 * compiles after that, which then ran several times slower. The list is short in source too:
 * V8 does not optimise a regex whose source is longer than 20 KB.
 */
export const GAP_CLASS = '[\\0-\\/:-@\\[-`{-\\xbf\\u0591-\\u05c7\\u060c-\\u061f\\u064b-\\u065f\\u2000-\\u206f\\u3000-\\u3003\\u3008-\\u301f]';
const GAP = `${GAP_CLASS}{0,4}`;
const MAX_PATTERN = 2000;
const REPEATS = /[*+{]/;

/**
 * Expands the pack dialect (spaces as gaps) into JavaScript regex source. With `fold`, literal
 * characters are folded like the text they will meet (lower case, Latin diacritics dropped),
 * so authors may write "précédentes" or "Übersetze" as spelled; escapes are left alone.
 */
export function expandPattern(pattern: string, fold = false): string {
  // Parts joined once: `out +=` per character left a tree of ~100,000 string pieces per set of
  // packs in the heap (rules whose regex is never built keep their source unflattened).
  const out: string[] = [];
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i]!;
    if (ch === '\\') {
      const next = pattern[i + 1] ?? '';
      out.push(next === ' ' ? ' ' : ch + next);
      i++;
      // Keep \p{…}/\u{…} bodies verbatim (property names are case-sensitive).
      if ((next === 'p' || next === 'P' || next === 'u') && pattern[i + 1] === '{') {
        const close = pattern.indexOf('}', i);
        if (close > 0) {
          out.push(pattern.slice(i + 1, close + 1));
          i = close;
        }
      }
    } else if (inClass) {
      if (ch === ']') inClass = false;
      out.push(fold && ch !== ']' ? foldedLiteral(ch, true) : ch);
    } else if (ch === '[') {
      inClass = true;
      out.push(ch);
    } else if (ch === ' ') {
      while (pattern[i + 1] === ' ') i++;
      out.push(GAP);
    } else out.push(fold ? foldedLiteral(ch, false) : ch);
  }
  return out.join('');
}

const SYNTAX_IN_CLASS = /[\\^$.*+?()[\]{}|/-]/g;
const SYNTAX = /[\\^$.*+?()[\]{}|/]/g;
/** Folded non-ASCII pattern characters, by character and context (the packs reuse few). */
const foldedNonAscii = new Map<string, string>();

/**
 * A literal folded as the text will be. A non-ASCII character may fold to regex syntax (the
 * fullwidth `？` to `?`, `（` to `(`): that is still the literal character, so it is escaped.
 */
function foldedLiteral(ch: string, inClass: boolean): string {
  const code = ch.charCodeAt(0);
  if (code < 0x80) return code >= 65 && code <= 90 ? String.fromCharCode(code + 32) : ch;
  const key = inClass ? `[${ch}` : ch;
  let folded = foldedNonAscii.get(key);
  if (folded === undefined) {
    folded = foldLiteral(ch).replace(inClass ? SYNTAX_IN_CLASS : SYNTAX, '\\$&');
    foldedNonAscii.set(key, folded);
  }
  return folded;
}

/**
 * A cheap structural guard against catastrophic backtracking: a quantified group that itself
 * contains an unbounded quantifier. The test suite runs the full `recheck` analysis on every
 * built-in pattern; this check protects user packs at load time.
 */
export function looksUnsafe(source: string): boolean {
  return /\((?:[^()\\]|\\.)*[*+](?:[^()\\]|\\.)*\)[*+{]/.test(source) || /\\\d/.test(source);
}

/**
 * Refuses a pattern (or `unless`) whose shape can backtrack polynomially or exponentially
 * (`backtracking.ts`), naming the parts and how to fix them.
 */
function checkBacktracking(tree: RegexNode | null, source: string, flags: string, path: (string | number)[], diagnostics: Diagnostic[]): void {
  if (!tree) {
    // What the reader cannot read and still compiles: named back-references, `\cX` escapes.
    diagnostics.push(diag('pack.pattern-unsafe', 'the pattern uses syntax the backtracking check cannot read (a named back-reference `\\k<…>` or a control escape `\\cX`); back-references can take exponential time: remove them, and write a control character as `\\x..`', path));
    return;
  }
  const hazard = backtrackingHazard(tree, flags, occursInViews);
  if (hazard) diagnostics.push(diag(hazard.kind === 'polynomial' || hazard.kind === 'bounded' ? 'pack.pattern-polynomial' : 'pack.pattern-unsafe', hazardMessage(hazard, source), path));
}

/**
 * Whether a character can occur in the text a pattern meets: both views are NFKC-normalized per
 * code point, without invisible characters and with lone surrogates replaced, so `ª`, `²`, `ﬁ`
 * or a fullwidth letter never occur there (and an overlap only on them is harmless).
 */
function occursInViews(cp: number): boolean {
  if ((cp >= 0xd800 && cp <= 0xdfff) || isInvisible(cp)) return false;
  const ch = String.fromCodePoint(cp);
  return ch.normalize('NFKC') === ch;
}

function hazardMessage(h: BacktrackingHazard, source: string): string {
  if (h.kind === 'too-complex') return 'the pattern is too large or too deeply nested for the backtracking check to finish, so it cannot be shown safe: split it into several rules';
  const second = quotePart(source, h.second);
  if (h.kind === 'exponential') {
    return `${second} repeats a part that can read the same text in more than one way (branches of an alternation, or a repetition inside it, that can match alike), which can take exponential time: make the ways differ from their first character, or take the choice out of the repetition`;
  }
  if (h.kind === 'bounded') {
    const round = h.around ? `, going round ${quotePart(source, h.around)},` : '';
    return `${quotePart(source, h.first!)} and ${second}${round} can match the same characters with nothing between them that must differ, so together they can split a run of them ${count(h.splits!)} ways (more than ${count(MAX_SPLITS)}), each tried at every start of a failed search: lower the bounds, make the parts disjoint (a class without the shared characters), or put a literal between them that they cannot match`;
  }
  if (h.first === null) {
    return `${second} repeats without bound over characters that everything before it can match too (or nothing comes before it), and the search tries every start: on a long run of them that does not end in a match it reads the run again from each start, O(n²) steps. Anchor the pattern (\`^\`), begin it with a literal that the repetition cannot match (\`x[^x]*\`), or bound it (\`{0,40}\`)`;
  }
  return `${quotePart(source, h.first)} and ${second} both repeat without bound over the same characters, and what lies between them can match those characters too (or nothing): a long run of them that does not end in a match is split between the two in O(n²) ways or more. Bound one of them (\`{0,40}\`), make them disjoint (a negated class that stops where the next part begins, such as \`[^:]*:\`), put a literal between them that they cannot match, or anchor the pattern`;
}

/** 1,234,567; past a trillion, just that. */
function count(n: number): string {
  if (n >= 1e12) return 'more than a trillion';
  let digits = String(Math.round(n));
  let out = '';
  while (digits.length > 3) {
    out = `,${digits.slice(-3)}${out}`;
    digits = digits.slice(0, -3);
  }
  return digits + out;
}

/** A part of the pattern as the author wrote it (a literal space stands for the gap it became). */
function quotePart(source: string, at: [number, number]): string {
  const text = source.slice(at[0], at[1]).replaceAll(GAP, ' ');
  if (text === ' ') return 'a space (up to four separators)';
  return `\`${text.length > 60 ? `${text.slice(0, 57)}…` : text}\``;
}

function diag(code: string, message: string, path: (string | number)[], severity: Diagnostic['severity'] = 'error'): Diagnostic {
  return { code, severity, message, path };
}

function warnAsciiBoundary(source: string, fold: boolean, path: (string | number)[], diagnostics: Diagnostic[]): void {
  const trap = asciiBoundaryNextToNonAscii(source, fold ? foldLiteral : undefined);
  if (!trap) return;
  diagnostics.push(diag(
    'pack.ascii-boundary',
    `\`${trap.escape}\` next to "${trap.neighbour}": \`\\b\` and \`\\w\` know only ASCII letters, so this part never matches as meant; write (?<![\\p{L}\\p{N}]) / (?![\\p{L}\\p{N}]) for a boundary and \\p{L} for a letter`,
    path,
    'warning',
  ));
}

function errorCount(diagnostics: Diagnostic[]): number {
  return diagnostics.filter((d) => d.severity === 'error').length;
}

export interface LoadPackOptions {
  /**
   * Build each rule's regular expressions when a scan first needs them instead of at load, and
   * skip the checks that cost load time for trusted packs: a pattern that does not compile is
   * then not reported (it throws when first used, and the guardrails fail closed), and neither
   * the backtracking check (`backtracking.ts`, ~0.1 s over the built-in packs) nor the lint that
   * only warns (`pack.ascii-boundary`, ~40 ms) runs. Only for packs whose patterns are known to
   * compile and to be safe, such as the built-in ones (the test suite loads those eagerly and
   * expects no diagnostic). Why: V8 builds each `\p{…}` class when a regex
   * is constructed (~0.1 ms per pack gap), which made loading the built-in packs take ~0.5 s,
   * mostly for rules a given text never selects.
   */
  lazy?: boolean;
}

/** Validates and compiles a pack; never throws. Rules with errors are left out; warnings keep them. */
export function loadPack(data: unknown, options: LoadPackOptions = {}): { pack?: CompiledPack; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    return { diagnostics: [diag('pack.invalid', 'a pack must be an object with `id`, `guardrail` and `rules`', [])] };
  }
  const src = data as Partial<PackSource>;
  if (typeof src.id !== 'string' || src.id === '') diagnostics.push(diag('pack.invalid', 'the pack needs a non-empty string `id`', ['id']));
  if (!GUARDRAILS.includes(src.guardrail as GuardrailName)) {
    diagnostics.push(diag('pack.invalid', `\`guardrail\` must be one of ${GUARDRAILS.join(', ')}`, ['guardrail']));
  }
  if (!Array.isArray(src.rules)) {
    diagnostics.push(diag('pack.invalid', 'the pack needs a `rules` array', ['rules']));
    return { diagnostics };
  }
  if (diagnostics.length > 0) return { diagnostics };
  const rules: CompiledRule[] = [];
  const seen = new Set<string>();
  src.rules.forEach((raw, index) => {
    const rule = compileRule(raw, index, diagnostics, options.lazy === true);
    if (!rule) return;
    if (seen.has(rule.id)) {
      diagnostics.push(diag('pack.duplicate-rule', `rule id \`${rule.id}\` is used twice`, ['rules', index, 'id']));
      return;
    }
    seen.add(rule.id);
    rules.push(rule);
  });
  return { pack: { id: src.id!, guardrail: src.guardrail!, rules }, diagnostics };
}

/** A regex built at most once, on first use. */
function once(source: string, flags: string, built?: RegExp): () => RegExp {
  let regex = built;
  return () => (regex ??= new RegExp(source, flags));
}

/** Literals folded the way the folded view folds text. */
const foldLiterals = (list: readonly string[]): string[] => list.map((t) => [...t].map(foldLiteral).join(''));

/** Whether two literal lists hold the same literals. */
const sameSet = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && a.every((x) => b.includes(x));

function compileRule(raw: unknown, index: number, diagnostics: Diagnostic[], lazy: boolean): CompiledRule | undefined {
  const path = ['rules', index];
  if (typeof raw !== 'object' || raw === null) {
    diagnostics.push(diag('pack.rule-invalid', 'a rule must be an object', path));
    return undefined;
  }
  const r = raw as Partial<PackRuleSource>;
  const before = errorCount(diagnostics);
  if (typeof r.id !== 'string' || r.id === '') diagnostics.push(diag('pack.rule-invalid', 'the rule needs a string `id`', [...path, 'id']));
  if (typeof r.category !== 'string' || r.category === '') diagnostics.push(diag('pack.rule-invalid', 'the rule needs a string `category`', [...path, 'category']));
  if (typeof r.score !== 'number' || !(r.score > 0 && r.score <= 1)) diagnostics.push(diag('pack.rule-invalid', '`score` must be a number in (0, 1]', [...path, 'score']));
  if (r.sensitivity !== undefined && !SENSITIVITIES.includes(r.sensitivity)) {
    diagnostics.push(diag('pack.rule-invalid', `\`sensitivity\` must be one of ${SENSITIVITIES.join(', ')}`, [...path, 'sensitivity']));
  }
  let triggers = r.triggers ?? [];
  const triggersValid = Array.isArray(triggers) && triggers.every((t) => typeof t === 'string' && t !== '');
  if (!triggersValid) diagnostics.push(diag('pack.rule-invalid', '`triggers` must be a list of non-empty strings', [...path, 'triggers']));
  const requires = r.requires ?? [];
  if (!Array.isArray(requires) || !requires.every((t) => typeof t === 'string' && t !== '')) {
    diagnostics.push(diag('pack.rule-invalid', '`requires` must be a list of non-empty strings', [...path, 'requires']));
  }
  if (typeof r.pattern !== 'string' || r.pattern === '') {
    diagnostics.push(diag('pack.rule-invalid', 'the rule needs a string `pattern`', [...path, 'pattern']));
    return undefined;
  }
  if (r.pattern.length > MAX_PATTERN) diagnostics.push(diag('pack.pattern-too-long', `the pattern is longer than ${MAX_PATTERN} characters`, [...path, 'pattern']));
  const view = r.view ?? 'folded';
  const source = expandPattern(r.pattern, view === 'folded');
  // One tree for every analysis of the pattern (derived triggers, leading literals, longest match).
  const tree = readRegex(source);
  let implied: string[] = [];
  if (triggersValid && r.alwaysRun !== true) {
    // The literals every match contains, read from the pattern, if any: the triggers when none
    // are listed, else a second condition (`CompiledRule.implied`).
    const derived = requiredLiterals(tree);
    if (triggers.length > 0) {
      if (derived && view === 'folded' && !sameSet(derived, foldLiterals(triggers))) implied = derived;
    } else if (derived) triggers = derived;
    else diagnostics.push(diag('pack.rule-no-trigger', 'the rule has no `triggers` and its pattern has no literal that every match contains: list the literals one of which every match contains, or set `alwaysRun`', [...path, 'triggers']));
  }
  const flags = view === 'base' && r.caseInsensitive ? 'giu' : 'gu';
  const unlessSource = r.unless !== undefined ? expandPattern(r.unless, view === 'folded') : undefined;
  let regex: RegExp | undefined;
  let unless: RegExp | undefined;
  let compiles = true;
  if (!lazy) {
    try {
      regex = new RegExp(source, flags);
    } catch (e) {
      compiles = false;
      diagnostics.push(diag('pack.pattern-invalid', `the pattern does not compile: ${(e as Error).message}`, [...path, 'pattern']));
    }
    if (unlessSource !== undefined) {
      try {
        unless = new RegExp(unlessSource, 'u');
      } catch (e) {
        diagnostics.push(diag('pack.pattern-invalid', `\`unless\` does not compile: ${(e as Error).message}`, [...path, 'unless']));
      }
    }
  }
  if (compiles && looksUnsafe(r.pattern)) {
    diagnostics.push(diag('pack.pattern-unsafe', 'the pattern nests unbounded repetition or uses back-references, which can take exponential time; bound the inner quantifier', [...path, 'pattern']));
  } else if (compiles && !lazy) {
    checkBacktracking(tree, source, flags, [...path, 'pattern'], diagnostics);
    // Without `*`, `+` or `{` nothing repeats (cheaper than reading the tree).
    if (unlessSource !== undefined && REPEATS.test(unlessSource)) checkBacktracking(readRegex(unlessSource), unlessSource, 'u', [...path, 'unless'], diagnostics);
  }
  if (errorCount(diagnostics) > before) return undefined;
  if (!lazy) {
    warnAsciiBoundary(r.pattern, view === 'folded', [...path, 'pattern'], diagnostics);
    if (r.unless !== undefined) warnAsciiBoundary(r.unless, view === 'folded', [...path, 'unless'], diagnostics);
  }
  // Case-insensitive base-view rules would need case-folded literals: they scan the whole text.
  const literals = view === 'base' && r.caseInsensitive ? null : leadingLiterals(tree);
  const regexOnce = once(source, flags, regex);
  const stickyOnce = once(source, flags.replace('g', '') + 'y');
  const unlessOnce = unlessSource !== undefined ? once(unlessSource, 'u', unless) : null;
  return {
    id: r.id!,
    category: r.category!,
    score: r.score!,
    sensitivity: r.sensitivity ?? 'low',
    get regex() {
      return regexOnce();
    },
    anchors: literals ? { literals } : null,
    get sticky() {
      return stickyOnce();
    },
    maxLength: maxMatchLength(tree),
    lookaround: maxLookaroundLength(tree),
    minTokenRun: view === 'base' ? minTokenRun(tree, flags) : 0,
    get unless() {
      return unlessOnce ? unlessOnce() : null;
    },
    source: r.pattern,
    triggers: view === 'base' ? triggers : foldLiterals(triggers),
    requires: view === 'base' ? requires : foldLiterals(requires),
    implied: foldLiterals(implied),
    alwaysRun: r.alwaysRun === true,
    view,
    window: r.window ?? 60,
    directions: r.directions ?? null,
    examples: { match: r.examples?.match ?? [], noMatch: r.examples?.noMatch ?? [] },
  };
}
