/**
 * The deterministic autopolicy grammar: one clause (a run of tokens) → what it asks for.
 *
 *   clause   := [only] PREFIX-DIRECTIVE objects | objects SUFFIX-DIRECTIVE [modifiers]
 *   objects  := segment (CONJUNCTION segment)* [EXCEPT objects]
 *   segment  := (concept | 'quoted' | target | amount | window | time | days | filler)*
 *
 * Every token must be understood: an unknown word fails the whole clause, which is then reported
 * instead of being guessed at. Vocabulary (directive phrases, verbs and their globs, targets,
 * windows, units) lives in `vocabulary.json`.
 */
import type { Approval } from '../types.ts';
import type { Token } from './tokenize.ts';
import vocabularyData from './vocabulary.json' with { type: 'json' };

export type Vocabulary = typeof vocabularyData;
export type Conditions = Record<string, unknown>;

export interface Concept {
  id: string;
  glob: string;
  risk: string;
}

/** A run of objects sharing modifiers: "reads and writes on staging after 18:00". */
export interface Segment {
  concepts: Concept[];
  /** Exact action types named in quotes. */
  types: string[];
  targets: { id: string; glob: string }[];
  agents: string[];
  /** Alternatives (any may hold), each a conditions mapping; `[{}]` means unconditional. */
  alternatives: Conditions[];
  /** "everything else": this segment sets the policy defaults. */
  rest: boolean;
  /** Refers back with "them" / "it" / "those": takes the previous clause's targets when it has none. */
  pronoun: boolean;
}

export interface Clause {
  mode: Approval;
  /** The directive phrase as written ("don't allow"). */
  directive: string;
  /** The directive negates a permission ("never allow") or an approval ("no approval needed for"). */
  negated: boolean;
  segments: Segment[];
  exceptions: Segment[];
  only: boolean;
}

export type ClauseResult = { ok: true; clause: Clause } | { ok: false; reason: string };

type Phrases = { words: string[]; value: number }[];

/** Phrase tables compiled once: token-word sequences, longest first. */
class Lexicon {
  readonly prefix: Phrases;
  readonly prefixModes: { mode: string; phrase: string }[] = [];
  readonly suffix: Phrases;
  readonly suffixModes: { mode: string; phrase: string }[] = [];
  readonly concepts: Phrases;
  readonly targets: Phrases;
  readonly windows: Phrases;
  readonly rest: Phrases;
  readonly conjunctions: Phrases;
  readonly exceptions: Phrases;
  readonly comparators: Phrases;
  readonly fillers: Set<string>;

  constructor(readonly v: Vocabulary) {
    this.prefix = this.modes(v.directives.prefix, this.prefixModes);
    this.suffix = this.modes(v.directives.suffix, this.suffixModes);
    this.concepts = table(v.concepts.map((c) => c.words));
    this.targets = table(v.targets.map((t) => t.words));
    this.windows = table(v.windows.map((w) => w.words));
    this.rest = table([v.rest]);
    this.conjunctions = table([v.conjunctions]);
    this.exceptions = table([v.exceptions]);
    this.comparators = table(v.comparators.map((c) => c.words));
    this.fillers = new Set(v.fillers);
  }

  private modes(groups: { words: string[]; mode: string }[], out: { mode: string; phrase: string }[]): Phrases {
    const phrases: Phrases = [];
    for (const g of groups) for (const w of g.words) {
      phrases.push({ words: w.split(' '), value: out.length });
      out.push({ mode: g.mode, phrase: w });
    }
    return phrases.sort((a, b) => b.words.length - a.words.length);
  }
}

function table(groups: string[][]): Phrases {
  return groups.flatMap((words, value) => words.map((w) => ({ words: w.split(' '), value }))).sort((a, b) => b.words.length - a.words.length);
}

/** Longest phrase of `phrases` starting at token `i`: [value, length] or undefined. */
function match(tokens: Token[], i: number, phrases: Phrases): [number, number] | undefined {
  for (const p of phrases) {
    if (p.words.every((w, k) => { const t = tokens[i + k]; return t?.kind === 'word' && t.text === w; })) return [p.value, p.words.length];
  }
  return undefined;
}

const word = (t: Token | undefined) => (t?.kind === 'word' ? t.text : undefined);
const PREPOSITIONS = new Set(['on', 'to', 'in', 'into', 'from', 'against', 'at', 'inside', 'within']);
const AGENT_WORDS = new Set(['agent', 'agents', 'bot', 'bots', 'named', 'called', 'matching']);

/** Quoted names become exact globs unless they already use `*` or `?`; a lone `[` is made literal. */
export function quotedGlob(text: string): string {
  return /[*?]/.test(text) ? text : text.replace(/\[/g, '[[]');
}

export class Grammar {
  private readonly lex: Lexicon;
  constructor(readonly vocabulary: Vocabulary = vocabularyData) {
    this.lex = new Lexicon(vocabulary);
  }

  /** Does this token start a new instruction? Used to decide where a sentence splits into clauses. */
  splitterAt(tokens: Token[], i: number): number {
    const t = tokens[i];
    if (t?.kind === 'comma') {
      const next = word(tokens[i + 1]);
      return next && this.vocabulary.splitters.includes(next) ? 2 : 1;
    }
    const w = word(t);
    return w && this.vocabulary.splitters.includes(w) ? 1 : 0;
  }

  parseClause(input: Token[]): ClauseResult {
    let tokens = input.filter((t) => !(t.kind === 'word' && t.text === 'please'));
    let only = false;
    while (tokens.length && this.vocabulary.only.includes(word(tokens[0]) ?? '')) { only = true; tokens = tokens.slice(1); }
    if (!tokens.length) return { ok: false, reason: 'empty instruction' };

    let mode: string | undefined;
    let directive = '';
    let objects: Token[] = [];
    const prefix = match(tokens, 0, this.lex.prefix);
    if (prefix) {
      ({ mode, phrase: directive } = this.lex.prefixModes[prefix[0]]!);
      objects = tokens.slice(prefix[1]);
    } else {
      for (let p = 1; p < tokens.length && !mode; p++) {
        const suffix = match(tokens, p, this.lex.suffix);
        if (!suffix) continue;
        ({ mode, phrase: directive } = this.lex.suffixModes[suffix[0]]!);
        objects = [...tokens.slice(0, p), ...tokens.slice(p + suffix[1])];
      }
    }
    if (!mode) return { ok: false, reason: 'no instruction found (allow, require approval or block)' };
    if (mode === 'unclear') return { ok: false, reason: `"${directive}" says what not to block but not whether to allow it or ask a human` };
    const stripped = objects.filter((t) => !this.vocabulary.only.includes(word(t) ?? ''));
    if (stripped.length !== objects.length) only = true;
    if (!stripped.length) return { ok: false, reason: `"${directive}" names no action` };

    const parsed = this.parseObjects(stripped);
    if ('reason' in parsed) return { ok: false, reason: parsed.reason };
    const negated = /\b(don't|do|dont|never|no|not|cannot|can't|without|skip)\b/.test(directive);
    return { ok: true, clause: { mode: mode as Approval, directive, negated, segments: parsed.segments, exceptions: parsed.exceptions, only } };
  }

  private parseObjects(tokens: Token[]): { segments: Segment[]; exceptions: Segment[] } | { reason: string } {
    const v = this.vocabulary;
    const segments: Segment[] = [emptySegment()];
    let exceptions: Segment[] = [];
    let afterPreposition = false;
    let i = 0;
    const seg = () => segments[segments.length - 1]!;
    const addAlternatives = (alts: Conditions[]): string | undefined => {
      const merged: Conditions[] = [];
      for (const a of seg().alternatives) for (const b of alts) {
        const m = mergeConditions(a, b);
        if (!m) return 'two conditions on the same thing contradict or repeat each other';
        merged.push(m);
      }
      seg().alternatives = merged;
      return undefined;
    };

    while (i < tokens.length) {
      const t = tokens[i]!;
      const w = word(t);
      const wasPreposition = afterPreposition;
      afterPreposition = false;

      const exception = match(tokens, i, this.lex.exceptions);
      if (exception) {
        const rest = this.parseObjects(tokens.slice(i + exception[1]));
        if ('reason' in rest) return rest;
        if (rest.exceptions.length) return { reason: 'an exception inside an exception is not understood' };
        exceptions = rest.segments;
        break;
      }
      if (w === 'unless' || w === 'if' || w === 'when' || w === 'whenever' || w === 'provided') {
        return { reason: `conditions introduced by "${w}" are not understood; use "over $N", "after 18:00", "on weekends"` };
      }
      if (w === 'not') return { reason: '"not" in the middle of an instruction is ambiguous; say "block …" or "except …"' };

      const window = match(tokens, i, this.lex.windows);
      if (window) {
        const error = addAlternatives(v.windows[window[0]]!.alternatives as Conditions[]);
        if (error) return { reason: error };
        i += window[1];
        continue;
      }
      const time = this.timePhrase(tokens, i);
      if (time) {
        if ('reason' in time) return time;
        const error = addAlternatives([time.conditions]);
        if (error) return { reason: error };
        i += time.length;
        continue;
      }
      const amount = this.amountPhrase(tokens, i);
      if (amount) {
        const error = addAlternatives([amount.conditions]);
        if (error) return { reason: error };
        i += amount.length;
        continue;
      }
      const days = this.daysPhrase(tokens, i);
      if (days) {
        const error = addAlternatives([{ weekdays: days.days }]);
        if (error) return { reason: error };
        i += days.length;
        continue;
      }
      if (t.kind === 'comma' || match(tokens, i, this.lex.conjunctions)) {
        i += t.kind === 'comma' ? 1 : match(tokens, i, this.lex.conjunctions)![1];
        if (word(tokens[i]) && match(tokens, i, this.lex.conjunctions)) i += match(tokens, i, this.lex.conjunctions)![1];
        if (!isEmpty(seg())) segments.push(emptySegment());
        continue;
      }
      const rest = match(tokens, i, this.lex.rest);
      const target = match(tokens, i, this.lex.targets);
      const concept = match(tokens, i, this.lex.concepts);
      const best = Math.max(rest?.[1] ?? 0, target?.[1] ?? 0, concept?.[1] ?? 0);
      if (best > 0) {
        if (rest && rest[1] === best) seg().rest = true;
        else if (target && target[1] === best) { const x = v.targets[target[0]]!; seg().targets.push({ id: x.id, glob: x.glob }); }
        else { const c = v.concepts[concept![0]]!; seg().concepts.push({ id: c.id, glob: c.glob, risk: c.risk }); }
        i += best;
        continue;
      }
      if (t.kind === 'quoted') {
        if (!t.text) return { reason: 'an empty quoted name' };
        const before = word(tokens[i - 1]);
        if (before && AGENT_WORDS.has(before)) seg().agents.push(quotedGlob(t.text));
        else if (wasPreposition) seg().targets.push({ id: slug(t.text), glob: quotedGlob(t.text) });
        else seg().types.push(quotedGlob(t.text));
        i++;
        continue;
      }
      if (w && AGENT_WORDS.has(w) && tokens[i + 1]?.kind === 'quoted') { i++; continue; }
      if (w && this.lex.fillers.has(w)) {
        afterPreposition = PREPOSITIONS.has(w);
        if (w === 'them' || w === 'it' || w === 'those') seg().pronoun = true;
        i++;
        continue;
      }
      if (t.kind === 'number') return { reason: `the number ${t.text} has no comparison ("over", "under", "at least", …)` };
      if (t.kind === 'time') return { reason: `the time ${t.text} has no "after", "before" or "between"` };
      return { reason: `"${t.text}" is not a word autopolicy knows` };
    }

    const kept = segments.filter((s) => !isEmpty(s));
    // A segment of modifiers only ("… and on staging") extends the one before it.
    const merged: Segment[] = [];
    for (const s of kept) {
      const prev = merged[merged.length - 1];
      if (prev && !s.concepts.length && !s.types.length && !s.rest) {
        prev.targets.push(...s.targets);
        prev.agents.push(...s.agents);
        if (s.alternatives.some((a) => Object.keys(a).length)) {
          const amounts = (alts: Conditions[]) => alts.every((a) => Object.keys(a).length > 0 && Object.keys(a).every((k) => k.startsWith('param_')));
          if (!prev.alternatives.some((a) => Object.keys(a).length)) prev.alternatives = s.alternatives;
          else if (amounts(prev.alternatives) && amounts(s.alternatives)) {
            // "over $10K and under $20K": a range, both bounds at once.
            const both = prev.alternatives.flatMap((a) => s.alternatives.map((b) => mergeConditions(a, b)));
            if (both.some((c) => c === null)) return { reason: 'two amounts on the same thing contradict or repeat each other' };
            prev.alternatives = both as Conditions[];
          } else {
            // "on weekends and at night": either window, so the alternatives add up.
            prev.alternatives = [...prev.alternatives, ...s.alternatives];
          }
        }
      } else merged.push(s);
    }
    if (!merged.length) return { reason: 'names no action' };
    // Trailing modifiers apply to every object before them: "block deletes and drops on production".
    const modified = merged.filter(hasModifiers);
    const last = merged[merged.length - 1]!;
    if (merged.length > 1 && modified.length === 1 && modified[0] === last) {
      for (const s of merged) if (s !== last) { s.targets = [...last.targets]; s.agents = [...last.agents]; s.alternatives = last.alternatives.map((a) => ({ ...a })); }
    }
    for (const s of merged) {
      if (s.concepts.length > 1) s.concepts = s.concepts.filter((c) => c.id !== 'all');
      s.concepts = s.concepts.filter((c, k) => s.concepts.findIndex((d) => d.id === c.id) === k);
    }
    return { segments: merged, exceptions };
  }

  private timePhrase(tokens: Token[], i: number): { conditions: Conditions; length: number } | { reason: string } | undefined {
    const w = word(tokens[i]);
    const timeAt = (k: number): string | undefined => {
      const t = tokens[k];
      if (t?.kind === 'time') return t.hhmm;
      const named = word(t);
      return named ? (this.vocabulary.times as Record<string, string>)[named] : undefined;
    };
    const valid = (hhmm: string) => /^([01]\d|2[0-3]):[0-5]\d$/.test(hhmm);
    if ((w === 'after' || w === 'before') && timeAt(i + 1)) {
      const at = timeAt(i + 1)!;
      if (!valid(at)) return { reason: `${at} is not a time of day` };
      return { conditions: { [w === 'after' ? 'time_after' : 'time_before']: at }, length: 2 };
    }
    if ((w === 'between' || w === 'from') && timeAt(i + 1) && ['and', 'to', 'until', 'till'].includes(word(tokens[i + 2]) ?? '') && timeAt(i + 3)) {
      const from = timeAt(i + 1)!;
      const to = timeAt(i + 3)!;
      if (!valid(from) || !valid(to)) return { reason: `${valid(from) ? to : from} is not a time of day` };
      if (from === to) return { reason: `the window ${from}–${to} is empty` };
      return { conditions: { time_after: from, time_before: to }, length: 4 };
    }
    return undefined;
  }

  private amountPhrase(tokens: Token[], i: number): { conditions: Conditions; length: number } | undefined {
    const cmp = match(tokens, i, this.lex.comparators);
    if (!cmp) return undefined;
    let k = i + cmp[1];
    const n = tokens[k];
    if (n?.kind !== 'number') return undefined;
    k++;
    let money = n.money;
    let param = 'amount';
    const unit = word(tokens[k]);
    if (unit && this.vocabulary.moneyUnits.includes(unit)) { money = true; k++; }
    else if (unit && this.vocabulary.countUnits.includes(unit) && !money) { param = 'count'; k++; }
    const op = this.vocabulary.comparators[cmp[0]]!.op;
    return { conditions: { [op]: { [param]: n.value } }, length: k - i };
  }

  private daysPhrase(tokens: Token[], i: number): { days: number[]; length: number } | undefined {
    const table = this.vocabulary.days as Record<string, number>;
    const days: number[] = [];
    let k = i;
    for (;;) {
      const d = table[word(tokens[k]) ?? ''];
      if (d === undefined) break;
      days.push(d);
      k++;
      const sep = tokens[k];
      const next = table[word(tokens[k + 1]) ?? ''];
      if (next !== undefined && (sep?.kind === 'comma' || word(sep) === 'and' || word(sep) === 'or')) k++;
      else break;
    }
    return days.length ? { days: [...new Set(days)].sort((a, b) => a - b), length: k - i } : undefined;
  }
}

function emptySegment(): Segment {
  return { concepts: [], types: [], targets: [], agents: [], alternatives: [{}], rest: false, pronoun: false };
}

const hasModifiers = (s: Segment) => s.targets.length > 0 || s.agents.length > 0 || s.alternatives.some((a) => Object.keys(a).length > 0);
const isEmpty = (s: Segment) => !s.concepts.length && !s.types.length && !s.rest && !hasModifiers(s);

/** Both condition sets at once, or null when they set the same thing (twice, or in contradiction). */
export function mergeConditions(a: Conditions, b: Conditions): Conditions | null {
  const out: Conditions = { ...a };
  for (const [key, value] of Object.entries(b)) {
    if (!(key in out)) { out[key] = value; continue; }
    if (key.startsWith('param_')) {
      const left = out[key] as Record<string, unknown>;
      const right = value as Record<string, unknown>;
      if (Object.keys(right).some((p) => p in left)) return null;
      out[key] = { ...left, ...right };
      continue;
    }
    if (key === 'weekdays') {
      const both = (out[key] as number[]).filter((d) => (value as number[]).includes(d));
      if (!both.length) return null;
      out[key] = both;
      continue;
    }
    return null;
  }
  return out;
}

export function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '').slice(0, 40) || 'named';
}
