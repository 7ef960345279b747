/**
 * The single-pass prefilter. The trigger literals of every pack taking part in a scan are merged
 * into one Aho-Corasick automaton; one pass over the folded view (plus one over the
 * de-obfuscated view when it exists) tells which rules of which pack may match, and only those
 * rules run their anchored regex.
 *
 * Base-view rules (case-sensitive tokens such as `AKIA` or `ghp_`) are selected from the folded
 * pass too: the folded view is the base view lower-cased code point by code point, so a base
 * literal folded the same way occurs in the folded view whenever the literal occurs in the base
 * view (a superset test; the regex then decides on the base view). Literals with Cyrillic or
 * Greek letters, which the folded view may rewrite, get a second automaton over the base view.
 *
 * The same pass also says where folded-view rules may match: a rule's leading literals
 * (`leading-literals.ts`: one of them begins every match) go into the automaton too, and their
 * occurrences are the only starts where the rule's sticky regex needs trying (`Selection.starts`).
 */
import { LiteralAutomaton, type Occurrences } from './literal-automaton.ts';
import { foldLiteral } from './normalize/normalize.ts';
import type { CompiledPack, CompiledRule } from './pattern-pack.ts';

/** Which rules may match, per pack, for one text view, and where. */
export interface Selection {
  /** Each pack's selected rules, in rule order. */
  readonly rules: Map<CompiledPack, CompiledRule[]>;
  /**
   * For a selected folded-view rule with leading literals: where they start in the view, in
   * increasing order, each once (no start: no match). Undefined: scan the whole view.
   */
  starts(rule: CompiledRule): readonly number[] | undefined;
}

interface Entry {
  pack: number;
  rule: number;
  /** A leading literal (positions wanted), not a trigger (presence wanted). */
  anchor: boolean;
}

/**
 * Leading literals shorter than this (ASCII) occur everywhere in prose ("i", "do", "in"):
 * recording every occurrence would cost more than scanning the rule's regex over the text.
 */
const MIN_ASCII_ANCHOR = 3;
const MIN_ANCHOR = 2;
const NO_STARTS: readonly number[] = [];

function selectiveAnchors(rule: CompiledRule): string[] | null {
  if (rule.view !== 'folded' || !rule.anchors) return null;
  const ok = rule.anchors.literals.every((l) => l.length >= (/^[\x00-\x7f]*$/.test(l) ? MIN_ASCII_ANCHOR : MIN_ANCHOR));
  return ok ? rule.anchors.literals : null;
}

const UNSTABLE_UNDER_FOLD = /[\u0370-\u03ff\u0400-\u052f]/;

class LiteralTable {
  readonly literals: string[] = [];
  readonly entries: Entry[][] = [];
  private readonly ids = new Map<string, number>();

  idOf(literal: string): number | undefined {
    return this.ids.get(literal);
  }

  add(literal: string, entry: Entry): void {
    let id = this.ids.get(literal);
    if (id === undefined) {
      id = this.literals.length;
      this.ids.set(literal, id);
      this.literals.push(literal);
      this.entries.push([]);
    }
    this.entries[id]!.push(entry);
  }
}

export class TriggerIndex {
  private readonly folded: LiteralAutomaton;
  private readonly foldedEntries: Entry[][];
  private readonly base: LiteralAutomaton;
  private readonly baseEntries: Entry[][];
  private readonly packIndex = new Map<CompiledPack, number>();
  /** Indices of each pack's always-run rules (all of them, or the folded-view ones only). */
  private readonly alwaysRun: number[][];
  private readonly alwaysRunFolded: number[][];
  /** Where each pack's rules start in `marks` (rules of all packs laid end to end), and how many. */
  private readonly offsets: number[];
  private readonly counts: number[];
  /** `marks[offsets[p] + r] === epoch`: rule r of pack p is selected in the current `select`. */
  private readonly marks: Uint32Array;
  private epoch = 0;
  /** The literal ids (folded automaton) of each anchored rule's leading literals. */
  private readonly anchorIds = new Map<CompiledRule, number[]>();
  private readonly foldedLiterals: readonly string[];

  constructor(readonly packs: readonly CompiledPack[]) {
    const folded = new LiteralTable();
    const base = new LiteralTable();
    packs.forEach((pack, p) => {
      this.packIndex.set(pack, p);
      pack.rules.forEach((rule, r) => {
        const entry = { pack: p, rule: r, anchor: false };
        // An always-run rule is selected by the empty literal: see `select`.
        for (const literal of selectiveAnchors(rule) ?? []) {
          folded.add(literal, { pack: p, rule: r, anchor: true });
          let ids = this.anchorIds.get(rule);
          if (!ids) this.anchorIds.set(rule, (ids = []));
          ids.push(folded.idOf(literal)!);
        }
        for (const t of rule.triggers) {
          if (rule.view === 'folded') folded.add(t, entry);
          else if (UNSTABLE_UNDER_FOLD.test(t)) base.add(t, entry);
          else folded.add([...t].map(foldLiteral).join(''), entry);
        }
      });
    });
    const alwaysRun = (p: CompiledPack, foldedOnly: boolean): number[] =>
      p.rules.flatMap((r, i) => (r.alwaysRun && (!foldedOnly || r.view === 'folded') ? [i] : []));
    this.alwaysRun = packs.map((p) => alwaysRun(p, false));
    this.alwaysRunFolded = packs.map((p) => alwaysRun(p, true));
    this.offsets = [];
    this.counts = packs.map((p) => p.rules.length);
    let total = 0;
    for (const count of this.counts) {
      this.offsets.push(total);
      total += count;
    }
    this.marks = new Uint32Array(total);
    this.folded = new LiteralAutomaton(folded.literals);
    this.foldedEntries = folded.entries;
    this.foldedLiterals = folded.literals;
    this.base = new LiteralAutomaton(base.literals);
    this.baseEntries = base.entries;
  }

  covers(pack: CompiledPack): boolean {
    return this.packIndex.has(pack);
  }

  /**
   * Rules selected by the literals present. `foldedText` is the folded (or de-obfuscated)
   * view; `baseText` the base view, or null for a derived view where base-view rules do not
   * run. Each pack's rules come back in pack order.
   */
  select(foldedText: string, baseText: string | null): Selection {
    // Selected rules are marked with a fresh epoch (no clearing between calls), then read back
    // in pack order: each pack's rules come out in rule order, each once.
    if (++this.epoch === 0xffffffff) {
      this.marks.fill(0);
      this.epoch = 1;
    }
    const epoch = this.epoch;
    const marks = this.marks;
    const offsets = this.offsets;
    const hitPacks = new Uint8Array(this.packs.length);
    const mark = (entries: Entry[][], ids: Iterable<number>): void => {
      for (const id of ids) {
        for (const e of entries[id]!) {
          if (e.anchor) continue;
          if (baseText === null && this.packs[e.pack]!.rules[e.rule]!.view === 'base') continue;
          marks[offsets[e.pack]! + e.rule] = epoch;
          hitPacks[e.pack] = 1;
        }
      }
    };
    const occurrences = this.folded.occurrences(foldedText);
    mark(this.foldedEntries, occurrences.found);
    if (baseText !== null && this.base.size > 0) mark(this.baseEntries, this.base.findAll(baseText));
    const out = new Map<CompiledPack, CompiledRule[]>();
    for (let p = 0; p < this.packs.length; p++) {
      const pack = this.packs[p]!;
      const always = baseText !== null ? this.alwaysRun[p]! : this.alwaysRunFolded[p]!;
      if (hitPacks[p] === 0 && always.length === 0) continue;
      const offset = offsets[p]!;
      for (const r of always) marks[offset + r] = epoch;
      const rules: CompiledRule[] = [];
      for (let r = 0, n = this.counts[p]!; r < n; r++) if (marks[offset + r] === epoch) rules.push(pack.rules[r]!);
      if (rules.length > 0) out.set(pack, rules);
    }
    // The occurrences are scratch space of the automaton: read the starts now.
    const starts = new Map<CompiledRule, readonly number[]>();
    for (const rules of out.values()) {
      for (const rule of rules) {
        const ids = this.anchorIds.get(rule);
        if (ids) starts.set(rule, startsOf(ids, this.foldedLiterals, occurrences));
      }
    }
    return { rules: out, starts: (rule) => starts.get(rule) };
  }
}

/** The start offsets of the literals `ids`, increasing, each once. */
function startsOf(ids: readonly number[], literals: readonly string[], occurrences: Occurrences): readonly number[] {
  const starts: number[] = [];
  let sorted = true;
  for (const id of ids) {
    const ends = occurrences.ends[id];
    if (!ends) continue;
    const length = literals[id]!.length;
    for (const end of ends) {
      const start = end - length;
      if (starts.length > 0 && start <= starts[starts.length - 1]!) sorted = false;
      starts.push(start);
    }
  }
  if (starts.length === 0) return NO_STARTS;
  if (sorted) return starts;
  starts.sort((a, b) => a - b);
  let w = 1;
  for (let r = 1; r < starts.length; r++) if (starts[r] !== starts[w - 1]) starts[w++] = starts[r]!;
  starts.length = w;
  return starts;
}
