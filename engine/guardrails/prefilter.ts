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
 */
import { LiteralAutomaton } from './literal-automaton.ts';
import { foldLiteral } from './normalize/normalize.ts';
import type { CompiledPack, CompiledRule } from './pattern-pack.ts';

/** Which rules may match, per pack, for one text view. */
export type Selection = Map<CompiledPack, CompiledRule[]>;

interface Entry {
  pack: number;
  rule: number;
}

const UNSTABLE_UNDER_FOLD = /[\u0370-\u03ff\u0400-\u052f]/;

class LiteralTable {
  readonly literals: string[] = [];
  readonly entries: Entry[][] = [];
  private readonly idOf = new Map<string, number>();

  add(literal: string, entry: Entry): void {
    let id = this.idOf.get(literal);
    if (id === undefined) {
      id = this.literals.length;
      this.idOf.set(literal, id);
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

  constructor(readonly packs: readonly CompiledPack[]) {
    const folded = new LiteralTable();
    const base = new LiteralTable();
    packs.forEach((pack, p) => {
      this.packIndex.set(pack, p);
      pack.rules.forEach((rule, r) => {
        const entry = { pack: p, rule: r };
        // An always-run rule is selected by the empty literal: see `select`.
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
    const mark = (entries: Entry[][], ids: Set<number>): void => {
      for (const id of ids) {
        for (const e of entries[id]!) {
          if (baseText === null && this.packs[e.pack]!.rules[e.rule]!.view === 'base') continue;
          marks[offsets[e.pack]! + e.rule] = epoch;
          hitPacks[e.pack] = 1;
        }
      }
    };
    mark(this.foldedEntries, this.folded.findAll(foldedText));
    if (baseText !== null && this.base.size > 0) mark(this.baseEntries, this.base.findAll(baseText));
    const out: Selection = new Map();
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
    return out;
  }
}
