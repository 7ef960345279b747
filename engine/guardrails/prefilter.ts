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
import { LiteralAutomaton } from './literal-automaton.ts';
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
 * Leading literals that occur everywhere ("i", "do", "in"; a lone Hangul syllable such as 니,
 * or kana) would cost more to record at every occurrence than scanning the rule's regex over
 * the text: a rule with such a literal scans. Short literals with a symbol ("<!", "$(") and
 * single ideographs are rare enough.
 */
function selective(literal: string): boolean {
  // Whitespace other than single spaces: the automaton reads runs as one space, so its offsets
  // would not say where such a literal starts (`literal-automaton.ts`).
  if (/[\t\n\v\f\r]| {2}/.test(literal)) return false;
  if (/^[\x00-\x7f]*$/.test(literal)) return literal.length >= 3 || (literal.length === 2 && /[^a-z0-9]/.test(literal));
  if (literal.length >= 2) return true;
  return !/[\uac00-\ud7a3\u3040-\u30ff\u1100-\u11ff\u3130-\u318f]/.test(literal);
}

const NO_STARTS: readonly number[] = [];

function selectiveAnchors(rule: CompiledRule): string[] | null {
  if (rule.view !== 'folded' || !rule.anchors) return null;
  return rule.anchors.literals.every(selective) ? rule.anchors.literals : null;
}

const UNSTABLE_UNDER_FOLD = /[\u0370-\u03ff\u0400-\u052f]/;

class LiteralTable {
  readonly literals: string[] = [];
  readonly entries: Entry[][] = [];
  private readonly ids = new Map<string, number>();

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
  /** Scratch list of the selected global rule indices. */
  private readonly selected: Int32Array;
  /** The pack of each global rule index. */
  private readonly packOf: Uint16Array;
  private epoch = 0;
  /** The rules whose leading literals are in the folded automaton. */
  private readonly anchored = new Set<CompiledRule>();
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
          this.anchored.add(rule);
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
    this.selected = new Int32Array(total);
    this.packOf = new Uint16Array(total);
    this.counts.forEach((count, p) => this.packOf.fill(p, this.offsets[p]!, this.offsets[p]! + count));
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
    // Selected rules are marked with a fresh epoch (no clearing between calls) so each is
    // listed once, then sorted into pack order.
    if (++this.epoch === 0xffffffff) {
      this.marks.fill(0);
      this.epoch = 1;
    }
    const epoch = this.epoch;
    const marks = this.marks;
    const offsets = this.offsets;
    // Global indices (offset of the pack + rule) of the selected rules, each once.
    const selected = this.selected;
    let count = 0;
    const add = (index: number): void => {
      if (marks[index] === epoch) return;
      marks[index] = epoch;
      selected[count++] = index;
    };
    const mark = (entries: Entry[][], ids: Iterable<number>): void => {
      for (const id of ids) {
        for (const e of entries[id]!) {
          if (e.anchor) continue;
          if (baseText === null && this.packs[e.pack]!.rules[e.rule]!.view === 'base') continue;
          add(offsets[e.pack]! + e.rule);
        }
      }
    };
    const occurrences = this.folded.occurrences(foldedText);
    mark(this.foldedEntries, occurrences.found);
    if (baseText !== null && this.base.size > 0) mark(this.baseEntries, this.base.findAll(baseText));
    for (let p = 0; p < this.packs.length; p++) {
      for (const r of baseText !== null ? this.alwaysRun[p]! : this.alwaysRunFolded[p]!) add(offsets[p]! + r);
    }
    // Global indices sort into pack order, and rule order within a pack (a typed array sorts
    // numerically without a comparator call per step).
    const order = selected.subarray(0, count).sort();
    const out = new Map<CompiledPack, CompiledRule[]>();
    let current: CompiledRule[] | undefined;
    let currentPack = -1;
    for (const index of order) {
      const p = this.packOf[index]!;
      if (p !== currentPack) {
        currentPack = p;
        out.set(this.packs[p]!, (current = []));
      }
      current!.push(this.packs[p]!.rules[index - offsets[p]!]!);
    }
    // The occurrences are scratch space of the automaton: read the starts of the selected
    // rules' leading literals now, walking the literals that occur (few) rather than the rules.
    const starts = new Map<CompiledRule, number[]>();
    let unsorted: Set<number[]> | undefined;
    for (const id of occurrences.found) {
      const length = this.foldedLiterals[id]!.length;
      const ends = occurrences.ends[id]!;
      for (const e of this.foldedEntries[id]!) {
        if (!e.anchor || marks[offsets[e.pack]! + e.rule] !== epoch) continue;
        const rule = this.packs[e.pack]!.rules[e.rule]!;
        let list = starts.get(rule);
        if (!list) starts.set(rule, (list = []));
        else (unsorted ??= new Set()).add(list);
        for (const end of ends) list.push(end - length);
      }
    }
    if (unsorted) for (const list of unsorted) sortUnique(list);
    return {
      rules: out,
      starts: (rule) => (this.anchored.has(rule) ? (starts.get(rule) ?? NO_STARTS) : undefined),
    };
  }
}

/** Sorts in place and drops repeats. */
function sortUnique(list: number[]): void {
  list.sort((a, b) => a - b);
  let w = 1;
  for (let r = 1; r < list.length; r++) if (list[r] !== list[w - 1]) list[w++] = list[r]!;
  list.length = w;
}
