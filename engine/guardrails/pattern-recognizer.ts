/**
 * Helper for validator-backed recognizers (PII and secrets): a few named patterns, an optional
 * tri-state validator (valid / invalid / can't tell), and context words that raise the score
 * of a weak match when they appear just before it (Presidio's recognizer shape).
 */
import { allMatches } from './regex-matches.ts';
import type { ScanContext } from './scan-context.ts';
import type { Detection, GuardrailName, Recognizer } from './types.ts';

export type Validation = 'valid' | 'invalid' | undefined;

export interface NamedPattern {
  name: string;
  /** Must carry the `g` flag. */
  regex: RegExp;
  score: number;
  /** Capture group whose text is the entity (defaults to the whole match). */
  group?: number;
  /** Gate for this pattern alone (character-class counts, token runs). */
  when?: (ctx: ScanContext) => boolean;
  /**
   * The only positions where a match can start, in increasing order (e.g. the start of the
   * local part before each `@`). The regex then runs anchored at those positions instead of
   * being tried at every one, with the same matches as a full scan. Every position a match can
   * start at must be listed, and the pattern must never match the empty string. `ctx` gives
   * the shared character-class counts and token runs; null means no list this time (the regex
   * is tried at every position).
   */
  starts?: (text: string, ctx: ScanContext) => Iterable<number> | null;
}

export interface PatternRecognizerOptions {
  id: string;
  guardrail?: GuardrailName;
  category: string;
  patterns: NamedPattern[];
  /**
   * Cheap test that must pass before any pattern runs (e.g. the text contains `@`); `ctx`
   * gives the shared character-class counts and token runs.
   */
  prefilter?: (text: string, ctx: ScanContext) => boolean;
  validate?: (value: string, text: string, start: number, end: number) => Validation;
  /** Lower-case words that, within `contextWindow` units before the match, add `contextBoost`. */
  contextWords?: readonly string[];
  contextWindow?: number;
  contextBoost?: number;
  /** Lower-case words that, right after the match (16 units), add `contextBoost` too. */
  contextAfter?: readonly string[];
  /** Lower-case words that, just before the match, cancel it (e.g. "version" before 1.2.3.4). */
  negativeContext?: readonly string[];
  /** Valid matches get at least this score. */
  validScore?: number;
}

export class PatternRecognizer implements Recognizer {
  readonly id: string;
  readonly guardrail: GuardrailName;
  readonly categories: readonly string[];

  /** Sticky copies of the patterns that list their start positions (`starts`). */
  private readonly anchored: (RegExp | null)[];
  /** Global copies of the other patterns' regexes (see `matchesOf`). */
  private readonly copies: ({ of: RegExp; re: RegExp } | undefined)[] = [];
  private readonly negative: WordList | undefined;
  private readonly before: WordList | undefined;
  private readonly after: WordList | undefined;

  constructor(private readonly o: PatternRecognizerOptions) {
    this.id = o.id;
    this.guardrail = o.guardrail ?? 'pii';
    this.categories = [o.category];
    this.anchored = o.patterns.map((p) => (p.starts ? new RegExp(p.regex.source, p.regex.flags.replace('g', '') + 'y') : null));
    if (o.negativeContext) this.negative = new WordList(o.negativeContext);
    if (o.contextWords) this.before = new WordList(o.contextWords);
    if (o.contextAfter) this.after = new WordList(o.contextAfter);
  }

  /**
   * What `text.matchAll(regex)` yields, without its per-call clone and iterator: a private copy
   * of a global regex (kept until the pattern's regex is replaced) run with `exec`. Anything
   * else goes through `matchAll` as before (which throws for a non-global regex).
   */
  private matchesOf(index: number, regex: RegExp, text: string): Iterable<RegExpExecArray> {
    if (!regex.global || regex.constructor !== RegExp) return text.matchAll(regex);
    let copy = this.copies[index];
    if (!copy || copy.of !== regex || copy.re.source !== regex.source || copy.re.flags !== regex.flags) {
      this.copies[index] = copy = { of: regex, re: new RegExp(regex.source, regex.flags) };
    }
    return allMatches(copy.re, text);
  }

  /** Whether the cheap gate (`prefilter`) lets the scan's text through to the patterns. */
  passesPrefilter(ctx: ScanContext): boolean {
    return !this.o.prefilter || this.o.prefilter(ctx.base.text, ctx);
  }

  /** The named patterns (for listing, and for the ReDoS audit in the tests). */
  get patterns(): readonly NamedPattern[] {
    return this.o.patterns;
  }

  scan(ctx: ScanContext): Detection[] {
    const view = ctx.base;
    const text = view.text;
    if (this.o.prefilter && !this.o.prefilter(text, ctx)) return [];
    const out: Detection[] = [];
    this.o.patterns.forEach((p, index) => {
      if (p.when && !p.when(ctx)) return;
      p.regex.lastIndex = 0;
      const anchored = this.anchored[index];
      const starts = anchored ? p.starts!(text, ctx) : null;
      for (const m of starts ? anchoredMatches(anchored!, starts, text) : this.matchesOf(index, p.regex, text)) {
        let start = m.index;
        let value = m[0];
        if (p.group !== undefined) {
          const g = m[p.group];
          if (g === undefined) continue;
          start = m.index + m[0].indexOf(g);
          value = g;
        }
        const end = start + value.length;
        const validation = this.o.validate?.(value, text, start, end);
        if (validation === 'invalid') continue;
        let score = p.score;
        if (validation === 'valid' && this.o.validScore !== undefined) score = Math.max(score, this.o.validScore);
        let contextWord: string | undefined;
        let contextBoost: number | undefined;
        const window = this.o.contextWindow ?? 48;
        if (this.o.contextWords || this.o.negativeContext) {
          const before = text.slice(Math.max(0, start - window), start).toLowerCase();
          const neg = this.negative?.first(before);
          if (neg !== undefined) continue;
          contextWord = this.before?.first(before);
          if (contextWord === undefined && this.after) {
            const after = text.slice(end, end + 16).toLowerCase();
            contextWord = this.after.first(after);
          }
          if (contextWord !== undefined) {
            contextBoost = this.o.contextBoost ?? 0.35;
            score = Math.min(1, score + contextBoost);
          }
        }
        out.push({
          guardrail: this.guardrail,
          category: this.o.category,
          span: view.toOriginal(start, end),
          score,
          recognizer: this.id,
          // Two literals rather than a spread of the context keys (V8's slow path, per finding);
          // the keys keep their order either way.
          explanation: contextBoost !== undefined
            ? { pattern: p.name, baseScore: p.score, validator: validation ?? 'not-applicable', contextBoost, contextWord: contextWord!, tier: 'pattern' }
            : { pattern: p.name, baseScore: p.score, validator: validation ?? 'not-applicable', tier: 'pattern' },
        });
      }
    });
    return out;
  }
}

/** Context words: one regex pass says whether any is there, before asking which comes first in the list. */
class WordList {
  private readonly any: RegExp;
  constructor(private readonly words: readonly string[]) {
    this.any = new RegExp(words.map((w) => w.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')).join('|'));
  }

  /** The first word of the list that `text` contains. */
  first(text: string): string | undefined {
    return this.any.test(text) ? this.words.find((w) => text.includes(w)) : undefined;
  }
}

/** The matches of sticky `re` at the listed start positions, skipping starts inside a match. */
export function* anchoredMatches(re: RegExp, starts: Iterable<number>, text: string): Generator<RegExpExecArray> {
  let next = 0;
  for (const s of starts) {
    if (s < next) continue;
    re.lastIndex = s;
    const m = re.exec(text);
    if (m === null) continue;
    next = s + m[0].length;
    yield m;
  }
}
