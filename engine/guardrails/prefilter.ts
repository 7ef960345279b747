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
  /**
   * For a selected rule whose matches are bounded (`maxLength`): the only ranges of the folded
   * view where a match can start, as flat `[from, to, from, to, …]` pairs (ends exclusive, in
   * increasing order). Every match contains one of the rule's triggers (and one of its
   * `requires`), so it starts at most `maxLength` units before that occurrence ends; the rarer
   * of the two lists sets the ranges. For a base-view rule the ranges hold on the base view only
   * where the two views share offsets (`ScanContext.viewsAligned`). Undefined: no bound, try
   * anywhere.
   */
  windows(rule: CompiledRule): readonly number[] | undefined;
}

interface Entry {
  pack: number;
  rule: number;
  /**
   * `anchor`: a leading literal (positions wanted); `trigger`: its presence selects the rule;
   * `requirement`: its presence is also needed (`PackRuleSource.requires`); `implied`: so is one
   * of the literals the pattern itself requires (`CompiledRule.implied`).
   */
  kind: 'anchor' | 'trigger' | 'requirement' | 'implied';
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
const NO_IDS: readonly number[] = [];
const NO_ENDS = new Int32Array(0);

/**
 * A `requires` or `implied` list as the index checks it: "one of these occurs" is only as strict
 * as its commonest literal, and a list holding one that occurs everywhere ("in", "p", "ti"; a lone
 * Hangul syllable) almost always holds, while each of that literal's occurrences is recorded:
 * such a list is not checked at all (empty). Every match still holds one of its literals, so the
 * rule only runs on a few more texts and windows, and finds the same matches.
 */
function gating(literals: readonly string[]): readonly string[] {
  return literals.every(selective) ? literals : NO_LITERALS;
}
const NO_LITERALS: readonly string[] = [];

function selectiveAnchors(rule: CompiledRule): string[] | null {
  if (rule.view !== 'folded' || !rule.anchors) return null;
  return rule.anchors.literals.every(selective) ? rule.anchors.literals : null;
}

const UNSTABLE_UNDER_FOLD = /[\u0370-\u03ff\u0400-\u052f]/;

class LiteralTable {
  readonly literals: string[] = [];
  readonly entries: Entry[][] = [];
  private readonly ids = new Map<string, number>();

  add(literal: string, entry: Entry): number {
    let id = this.ids.get(literal);
    if (id === undefined) {
      id = this.literals.length;
      this.ids.set(literal, id);
      this.literals.push(literal);
      this.entries.push([]);
    }
    this.entries[id]!.push(entry);
    return id;
  }
}

export class TriggerIndex {
  private readonly folded: LiteralAutomaton;
  /** Per folded literal: its selecting entries (`packedEntries`) and the rules it anchors (global indices). */
  private readonly foldedCodes: PackedLists;
  private readonly foldedAnchors: PackedLists;
  private readonly base: LiteralAutomaton;
  private readonly baseCodes: PackedLists;
  /** Every rule by global index, and 1 for the base-view ones (skipped on derived views). */
  private readonly ruleAt: CompiledRule[] = [];
  private readonly baseViewRule: Uint8Array;
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
  /** Per global rule index: 1 when the rule has `requires`; `met` holds the epoch one was seen. */
  private readonly needs: Uint8Array;
  private readonly met: Uint32Array;
  /** The same for `implied`. */
  private readonly needsImplied: Uint8Array;
  private readonly metImplied: Uint32Array;
  /** For rules with bounded matches: the folded literal ids of their triggers, requirements and implied literals. */
  private readonly boundedLiterals = new Map<CompiledRule, { triggers: number[]; requirements: number[]; implied: number[] }>();
  private epoch = 0;
  /** The rules whose leading literals are in the folded automaton. */
  private readonly anchored = new Set<CompiledRule>();
  private readonly foldedLiterals: readonly string[];
  /**
   * Which literals occur, as bits, and each one's index in its selection's `foundIds`: a rule's
   * windows read its literal lists (a hundred ids and more for the big rules), and a bit is much
   * cheaper to test than a map lookup that misses. One table for all selections, filled for the
   * selection of `foundOwner` (an epoch) when its windows are first asked for: allocating it per
   * `select` was a fifth of a short text's check.
   */
  private found?: Uint32Array;
  private foundSlot?: Int32Array;
  private foundOwner = 0;
  private foundOwnerIds: readonly number[] = [];

  constructor(readonly packs: readonly CompiledPack[]) {
    const folded = new LiteralTable();
    const base = new LiteralTable();
    packs.forEach((pack, p) => {
      this.packIndex.set(pack, p);
      pack.rules.forEach((rule, r) => {
        // An always-run rule is selected by the empty literal: see `select`.
        for (const literal of selectiveAnchors(rule) ?? []) {
          folded.add(literal, { pack: p, rule: r, kind: 'anchor' });
          this.anchored.add(rule);
        }
        // A base-view literal with letters the folded view may rewrite goes to the base
        // automaton, whose offsets are the base view's: such a rule gets no windows.
        const bounded = rule.maxLength !== Infinity && !rule.alwaysRun && (rule.view === 'folded' || ![...rule.triggers, ...rule.requires, ...rule.implied].some((t) => UNSTABLE_UNDER_FOLD.test(t)));
        const lists = { triggers: [] as number[], requirements: [] as number[], implied: [] as number[] };
        const add = (t: string, entry: Entry): void => {
          if (rule.view === 'base' && UNSTABLE_UNDER_FOLD.test(t)) {
            base.add(t, entry);
            return;
          }
          const id = folded.add(rule.view === 'folded' ? t : [...t].map(foldLiteral).join(''), entry);
          (entry.kind === 'trigger' ? lists.triggers : entry.kind === 'requirement' ? lists.requirements : lists.implied).push(id);
        };
        for (const t of rule.triggers) add(t, { pack: p, rule: r, kind: 'trigger' });
        for (const t of gating(rule.requires)) add(t, { pack: p, rule: r, kind: 'requirement' });
        for (const t of gating(rule.implied)) add(t, { pack: p, rule: r, kind: 'implied' });
        if (bounded) this.boundedLiterals.set(rule, lists);
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
    this.needs = new Uint8Array(total);
    this.met = new Uint32Array(total);
    this.needsImplied = new Uint8Array(total);
    this.metImplied = new Uint32Array(total);
    packs.forEach((pack, p) => pack.rules.forEach((rule, r) => {
      if (gating(rule.requires).length > 0) this.needs[this.offsets[p]! + r] = 1;
      if (gating(rule.implied).length > 0) this.needsImplied[this.offsets[p]! + r] = 1;
    }));
    this.folded = new LiteralAutomaton(folded.literals);
    for (const pack of packs) this.ruleAt.push(...pack.rules);
    this.baseViewRule = Uint8Array.from(this.ruleAt, (r) => (r.view === 'base' ? 1 : 0));
    const global = (e: Entry): number => this.offsets[e.pack]! + e.rule;
    const kinds = { trigger: 0, requirement: 1, implied: 2 } as const;
    // Entries other than anchors as `global index × 4 + kind` (0 trigger, 1 requirement, 2 implied).
    const selecting = (entries: readonly Entry[]): number[] => entries.flatMap((e) => (e.kind === 'anchor' ? [] : [global(e) * 4 + kinds[e.kind]]));
    this.foldedCodes = packLists(folded.entries.map(selecting));
    this.foldedAnchors = packLists(folded.entries.map((entries) => entries.flatMap((e) => (e.kind === 'anchor' ? [global(e)] : []))));
    this.foldedLiterals = folded.literals;
    this.base = new LiteralAutomaton(base.literals);
    this.baseCodes = packLists(base.entries.map(selecting));
  }

  /** The `found` bits and slots for the selection of `epoch`, whose literals are `ids`. */
  private foundTable(epoch: number, ids: readonly number[]): { found: Uint32Array; slot: Int32Array } {
    const found = (this.found ??= new Uint32Array((this.foldedLiterals.length + 31) >>> 5));
    const slot = (this.foundSlot ??= new Int32Array(this.foldedLiterals.length));
    if (this.foundOwner !== epoch) {
      for (const id of this.foundOwnerIds) found[id >>> 5] = 0;
      for (let k = 0; k < ids.length; k++) {
        const id = ids[k]!;
        found[id >>> 5]! |= 1 << (id & 31);
        slot[id] = k;
      }
      this.foundOwner = epoch;
      this.foundOwnerIds = ids;
    }
    return { found, slot };
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
      this.met.fill(0);
      this.metImplied.fill(0);
      this.found?.fill(0);
      this.foundOwner = 0;
      this.foundOwnerIds = [];
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
    const met = this.met;
    const metImplied = this.metImplied;
    const baseViewRule = this.baseViewRule;
    const derived = baseText === null;
    const mark = (codesOf: PackedLists, ids: Iterable<number>): void => {
      const { start, values } = codesOf;
      for (const id of ids) {
        for (let k = start[id]!, end = start[id + 1]!; k < end; k++) {
          const code = values[k]!;
          const index = code >> 2;
          if (derived && baseViewRule[index] === 1) continue;
          const kind = code & 3;
          if (kind === 0) add(index);
          else if (kind === 1) met[index] = epoch;
          else metImplied[index] = epoch;
        }
      }
    };
    const occurrences = this.folded.occurrences(foldedText);
    mark(this.foldedCodes, occurrences.found);
    if (baseText !== null && this.base.size > 0) mark(this.baseCodes, this.base.findAll(baseText));
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
      // A rule with `requires` runs only when one of them occurred too, and so for `implied`.
      if (this.needs[index] === 1 && met[index] !== epoch) continue;
      if (this.needsImplied[index] === 1 && metImplied[index] !== epoch) continue;
      const p = this.packOf[index]!;
      if (p !== currentPack) {
        currentPack = p;
        out.set(this.packs[p]!, (current = []));
      }
      current!.push(this.ruleAt[index]!);
    }
    // The occurrences are scratch space of the automaton: read the starts of the selected
    // rules' leading literals now, walking the literals that occur (few) rather than the rules.
    const starts = new Map<CompiledRule, number[]>();
    let unsorted: Set<number[]> | undefined;
    const anchorStart = this.foldedAnchors.start;
    const anchorRules = this.foldedAnchors.values;
    const { found: foundList, ends: occurrenceEnds, start: occurrenceStart } = occurrences;
    for (let f = 0; f < foundList.length; f++) {
      const id = foundList[f]!;
      const first = anchorStart[id]!;
      const last = anchorStart[id + 1]!;
      if (first === last) continue;
      const length = this.foldedLiterals[id]!.length;
      const from = occurrenceStart[f]!;
      const to = occurrenceStart[f + 1]!;
      for (let k = first; k < last; k++) {
        const index = anchorRules[k]!;
        if (marks[index] !== epoch) continue;
        const rule = this.ruleAt[index]!;
        let list = starts.get(rule);
        if (!list) starts.set(rule, (list = []));
        else (unsorted ??= new Set()).add(list);
        for (let e = from; e < to; e++) list.push(occurrenceEnds[e]! - length);
      }
    }
    if (unsorted) for (const list of unsorted) sortUnique(list);
    // The literals that occur and their end offsets, copied: `occurrences` is scratch space the
    // automaton's next call overwrites, and windows are built later, on request.
    const foundIds = foundList.length > 0 ? foundList.slice() : NO_IDS;
    const foundStart = foundList.length > 0 ? occurrenceStart.slice(0, foundList.length + 1) : NO_ENDS;
    const foundEnds = foundList.length > 0 ? occurrenceEnds.slice(0, occurrenceStart[foundList.length]!) : NO_ENDS;
    const windows = new Map<CompiledRule, readonly number[]>();
    return {
      rules: out,
      starts: (rule) => (this.anchored.has(rule) ? (starts.get(rule) ?? NO_STARTS) : undefined),
      windows: (rule) => {
        const lists = this.boundedLiterals.get(rule);
        if (!lists) return undefined;
        let ranges = windows.get(rule);
        if (ranges) return ranges;
        const { found, slot } = this.foundTable(epoch, foundIds);
        // Which of the listed literals occur, as indices into `foundIds` (their ends are
        // `foundEnds[foundStart[k] … foundStart[k + 1])`).
        const occurring = (ids: readonly number[]): number[] => {
          const out: number[] = [];
          for (const id of ids) if (((found[id >>> 5]! >>> (id & 31)) & 1) !== 0) out.push(slot[id]!);
          return out;
        };
        const occurrences = { ends: foundEnds, start: foundStart };
        // A match holds a trigger, a requirement and an implied literal, so each two end less
        // than `maxLength` apart: an occurrence of the rarest list with none of each other list
        // that near starts no match. Only the rarest list's ends are gathered and sorted; the
        // others are looked up in them.
        const present = [lists.triggers, lists.requirements, lists.implied].map(occurring).filter((l) => l.length > 0);
        if (present.length === 0) return undefined;
        const total = (ks: number[]): number => ks.reduce((n, k) => n + foundStart[k + 1]! - foundStart[k]!, 0);
        let rarest = 0;
        for (let k = 1; k < present.length; k++) if (total(present[k]!) < total(present[rarest]!)) rarest = k;
        let ends = merged(present[rarest]!, occurrences);
        for (let k = 0; k < present.length && ends.length > 0; k++) if (k !== rarest) ends = near(ends, present[k]!, occurrences, rule.maxLength);
        windows.set(rule, (ranges = startRanges(ends, rule.maxLength)));
        return ranges;
      },
    };
  }
}

/**
 * Lists of integers laid end to end: list i is `values[start[i] … start[i + 1])`. One pair of
 * typed arrays for all ~20,000 literals instead of a typed array each (~7 MB of heap).
 */
interface PackedLists {
  start: Int32Array;
  values: Int32Array;
}

function packLists(lists: readonly number[][]): PackedLists {
  const start = new Int32Array(lists.length + 1);
  lists.forEach((list, i) => (start[i + 1] = start[i]! + list.length));
  const values = new Int32Array(start[lists.length]!);
  lists.forEach((list, i) => values.set(list, start[i]!));
  return { start, values };
}

/** `[end - maxLength, end)` for every end (in increasing order), merged, as flat pairs. */
function startRanges(ends: ArrayLike<number>, maxLength: number): number[] {
  const out: number[] = [];
  for (let k = 0; k < ends.length; k++) {
    const end = ends[k]!;
    const from = Math.max(0, end - maxLength);
    if (out.length > 0 && from <= out[out.length - 1]!) out[out.length - 1] = end;
    else out.push(from, end);
  }
  return out;
}

/** The end offsets of the literals that occur in one selection, laid end to end (see `Occurrences`). */
interface FoundEnds {
  ends: Int32Array;
  start: Int32Array;
}

/** The ends of the found literals `ks` (each in increasing order) as one list in increasing order. */
function merged(ks: readonly number[], { ends, start }: FoundEnds): Int32Array {
  if (ks.length === 1) return ends.subarray(start[ks[0]!]!, start[ks[0]! + 1]!);
  let n = 0;
  for (const k of ks) n += start[k + 1]! - start[k]!;
  const out = new Int32Array(n);
  n = 0;
  for (const k of ks) {
    out.set(ends.subarray(start[k]!, start[k + 1]!), n);
    n += start[k + 1]! - start[k]!;
  }
  // A typed array sorts numerically without a comparator call per step.
  return out.sort();
}

/**
 * The ends in `ends` (increasing) with an end of a found literal of `others` less than
 * `distance` away. Each other end marks the stretch of `ends` it is near, found by binary
 * search, so the other ends are never sorted.
 */
function near(ends: Int32Array, others: readonly number[], found: FoundEnds, distance: number): Int32Array {
  // +1 where a marked stretch starts, -1 after it ends.
  const cover = new Int32Array(ends.length + 1);
  for (const k of others) {
    for (let e = found.start[k]!, last = found.start[k + 1]!; e < last; e++) {
      const o = found.ends[e]!;
      const from = firstAtLeast(ends, o - distance + 1);
      const to = firstAtLeast(ends, o + distance);
      if (from < to) {
        cover[from]!++;
        cover[to]!--;
      }
    }
  }
  let kept = 0;
  let depth = 0;
  for (let i = 0; i < ends.length; i++) {
    depth += cover[i]!;
    // Reuses `cover` for the result: entry i is read before entry `kept` ≤ i is written.
    if (depth > 0) cover[kept++] = ends[i]!;
  }
  return cover.subarray(0, kept);
}

/** The index of the first value ≥ `x` in `sorted` (its length if none). */
function firstAtLeast(sorted: ArrayLike<number>, x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Sorts offsets in place and drops repeats, through a typed array: it sorts numbers without a
 * comparator call per step (~4× faster on the few hundred offsets of a long text).
 */
function sortUnique(list: number[]): void {
  const sorted = Int32Array.from(list).sort();
  let w = 0;
  for (let r = 0; r < sorted.length; r++) if (w === 0 || sorted[r] !== list[w - 1]) list[w++] = sorted[r]!;
  list.length = w;
}
