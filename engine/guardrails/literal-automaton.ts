/**
 * Aho-Corasick automaton over UTF-16 units: one pass over the text reports which literal
 * triggers occur. The trigger index (`prefilter.ts`) merges the triggers of every pack into one
 * automaton per view, so a rule's regex runs only when one of its trigger literals is present
 * (the "combined literal scan selects anchored verifiers" design). Linear in the text length
 * whatever the number of literals.
 *
 * The automaton is fully built (a DFA): ASCII transitions live in one flat table indexed by
 * `state * 128 + unit`, so the inner loop is a single array read per ASCII unit; a non-ASCII
 * unit costs one map read (and one array read).
 *
 * A run of ASCII whitespace (space, tab, line breaks) reads as one space, in the literals and in
 * the text: the trigger "do as i say" occurs in "do as\n\ni  say", as the rule's pattern (a pack
 * space is a gap of up to four non-letters) would match there. A literal's end offset is where
 * its last unit is, so for a literal without whitespace runs its start is end − length, exactly;
 * one that spans a run starts earlier than that (see `Selection.starts`: such literals are not
 * used for positions).
 */

/** Where literals occur: see `LiteralAutomaton.occurrences`. */
export interface Occurrences {
  ends: (number[] | undefined)[];
  found: number[];
}

const WHITESPACE_RUN = /[\t\n\v\f\r ]+/g;
const ASCII_WHITESPACE = [9, 10, 11, 12, 13, 32] as const;

export class LiteralAutomaton {
  /** Flat DFA table for ASCII units; filled in `build` (every entry is a state, never -1). */
  private table: Int32Array;
  private readonly other: (Map<number, number> | undefined)[] = [];
  private readonly fail: number[] = [];
  /** Literal ids ending at each state (including those reached through failure links). */
  private readonly out: number[][] = [];
  /** 1 where `out[state]` is non-empty, so the loop skips empty outputs with one read. */
  private hasOut: Uint8Array;
  /**
   * 1 for each non-ASCII unit that occurs in some literal. Any other non-ASCII unit has no
   * transition from any state, so it sends the automaton back to the root without a lookup
   * (CJK and Hangul prose is mostly such units).
   */
  private readonly inLiterals = new Uint8Array(0x10000);
  private states = 0;
  readonly size: number;
  private scratch: Occurrences | undefined;
  /** Non-ASCII transitions (see `buildNonAsciiTransitions`); unset without non-ASCII literals. */
  private rootNext: Int32Array | undefined;
  /**
   * The `deep` transitions as an open-addressing hash table: state, unit and target per slot
   * (state -1: empty). A Map keyed by `state * 2^16 + unit` cost a hashed heap-number lookup per
   * unit: on Chinese prose, where most units occur in some literal, that was most of the pass.
   */
  private deepState = new Int32Array(0);
  private deepUnit = new Uint16Array(0);
  private deepTarget = new Int32Array(0);
  private deepMask = 0;

  constructor(literals: readonly string[]) {
    this.size = literals.length;
    this.table = new Int32Array(128 * 64).fill(-1);
    this.newState();
    const lastUnit: number[] = [-1];
    literals.forEach((raw, id) => {
      const lit = raw.replace(WHITESPACE_RUN, ' ');
      let s = 0;
      for (let i = 0; i < lit.length; i++) {
        const c = lit.charCodeAt(i);
        if (c >= 128) this.inLiterals[c] = 1;
        let next = this.goto(s, c);
        if (next < 0) {
          next = this.newState();
          lastUnit[next] = c;
          this.setGoto(s, c, next);
        }
        s = next;
      }
      this.out[s]!.push(id);
    });
    this.buildNonAsciiTransitions(this.buildFailureLinks());
    // Whitespace: every kind reads as a space, and a space right after a space changes nothing.
    const table = this.table;
    for (let s = 0; s < this.states; s++) {
      const onSpace = lastUnit[s] === 32 ? s : table[s * 128 + 32]!;
      for (const w of ASCII_WHITESPACE) table[s * 128 + w] = onSpace;
    }
    // The trie's own maps and failure links only served the construction: the scan reads the DFA.
    this.other.length = 0;
    this.fail.length = 0;
    this.hasOut = new Uint8Array(this.states);
    for (let s = 0; s < this.states; s++) if (this.out[s]!.length > 0) this.hasOut[s] = 1;
  }

  private newState(): number {
    const s = this.states++;
    if (this.states * 128 > this.table.length) {
      const t = new Int32Array(this.table.length * 2).fill(-1);
      t.set(this.table);
      this.table = t;
    }
    this.other.push(undefined);
    this.fail.push(0);
    this.out.push([]);
    return s;
  }

  private goto(s: number, c: number): number {
    if (c < 128) return this.table[s * 128 + c]!;
    return this.other[s]?.get(c) ?? -1;
  }

  private setGoto(s: number, c: number, t: number): void {
    if (c < 128) this.table[s * 128 + c] = t;
    else {
      let m = this.other[s];
      if (!m) this.other[s] = m = new Map();
      m.set(c, t);
    }
  }

  /** Fills the failure links and the ASCII table; returns the non-root states breadth-first. */
  private buildFailureLinks(): number[] {
    // Breadth-first: a state's failure target is complete (its ASCII row filled) before the
    // state itself is visited, so missing ASCII transitions copy the failure target's row.
    const table = this.table;
    const queue: number[] = [];
    for (let c = 0; c < 128; c++) {
      const t = table[c]!;
      if (t < 0) table[c] = 0;
      else {
        this.fail[t] = 0;
        queue.push(t);
      }
    }
    for (const [, t] of this.other[0] ?? []) {
      this.fail[t] = 0;
      queue.push(t);
    }
    for (let qi = 0; qi < queue.length; qi++) {
      const s = queue[qi]!;
      const f = this.fail[s]!;
      this.out[s]!.push(...this.out[f]!);
      for (let c = 0; c < 128; c++) {
        const t = table[s * 128 + c]!;
        if (t < 0) table[s * 128 + c] = table[f * 128 + c]!;
        else {
          this.fail[t] = table[f * 128 + c]!;
          queue.push(t);
        }
      }
      for (const [c, t] of this.other[s] ?? []) {
        let g = f;
        let next = this.goto(g, c);
        while (next < 0 && g > 0) {
          g = this.fail[g]!;
          next = this.goto(g, c);
        }
        this.fail[t] = next >= 0 && next !== t ? next : 0;
        queue.push(t);
      }
    }
    return queue;
  }

  /**
   * The non-ASCII transitions as a DFA: `rootNext[c]` from the root, and `deep` for every
   * (state, unit) whose transition leads elsewhere than `rootNext[c]` (deeper into a literal).
   * A transition on `c` ends in a state whose last unit is `c`, so any other target is the root's
   * child on `c`, or the root itself: one map read and one array read per unit, instead of a
   * walk down the failure links.
   */
  private buildNonAsciiTransitions(order: readonly number[]): void {
    if (!this.other.some((m) => m !== undefined)) return;
    const rootNext = new Int32Array(0x10000);
    for (const [c, t] of this.other[0] ?? []) rootNext[c] = t;
    const lists: ([number, number][] | undefined)[] = [];
    const deep: [number, number, number][] = [];
    for (const s of order) {
      const own = this.other[s];
      const inherited = lists[this.fail[s]!];
      let list: [number, number][] | undefined = own ? [...own] : undefined;
      if (inherited) for (const entry of inherited) if (!own?.has(entry[0])) (list ??= []).push(entry);
      lists[s] = list;
      if (list) for (const [c, t] of list) deep.push([s, c, t]);
    }
    this.rootNext = rootNext;
    // At most half full, so a miss ends after a few probes.
    let capacity = 16;
    while (capacity < deep.length * 2) capacity *= 2;
    this.deepState = new Int32Array(capacity).fill(-1);
    this.deepUnit = new Uint16Array(capacity);
    this.deepTarget = new Int32Array(capacity);
    this.deepMask = capacity - 1;
    for (const [s, c, t] of deep) {
      let i = slot(s, c) & this.deepMask;
      while (this.deepState[i] !== -1) i = (i + 1) & this.deepMask;
      this.deepState[i] = s;
      this.deepUnit[i] = c;
      this.deepTarget[i] = t;
    }
  }

  /**
   * Every occurrence, in one pass: `ends[id]` lists the end offsets (exclusive) of literal `id`
   * in increasing order, and `found` the ids that occur, in order of first occurrence. The
   * result is scratch space reused by the next call: read it before calling again.
   */
  occurrences(text: string): Occurrences {
    const scratch = (this.scratch ??= { ends: new Array<number[] | undefined>(this.size).fill(undefined), found: [] });
    const { ends, found } = scratch;
    for (const id of found) ends[id] = undefined;
    found.length = 0;
    if (this.size === 0) return scratch;
    const table = this.table;
    const hasOut = this.hasOut;
    const inLiterals = this.inLiterals;
    let s = 0;
    for (let i = 0, n = text.length; i < n; i++) {
      const c = text.charCodeAt(i);
      if (c < 128) s = table[s * 128 + c]!;
      else if (inLiterals[c] === 0) s = 0;
      else s = this.step(s, c);
      if (hasOut[s] === 1) {
        const o = this.out[s]!;
        for (let k = 0; k < o.length; k++) {
          const id = o[k]!;
          const list = ends[id];
          if (list === undefined) {
            ends[id] = [i + 1];
            found.push(id);
          } else list.push(i + 1);
        }
      }
    }
    return scratch;
  }

  /** The transition on a non-ASCII unit that occurs in some literal. */
  private step(s: number, c: number): number {
    if (s !== 0) {
      const states = this.deepState;
      const mask = this.deepMask;
      for (let i = slot(s, c) & mask; states[i] !== -1; i = (i + 1) & mask) {
        if (states[i] === s && this.deepUnit[i] === c) return this.deepTarget[i]!;
      }
    }
    return this.rootNext![c]!;
  }

  /** Ids of the literals that occur in `text` (each at most once). */
  findAll(text: string, found: Set<number> = new Set()): Set<number> {
    for (const id of this.occurrences(text).found) found.add(id);
    return found;
  }
}

/** Hash of a (state, unit) pair for the `deep` table. */
function slot(s: number, c: number): number {
  return Math.imul(s, 0x9e3779b1) ^ Math.imul(c, 0x85ebca6b);
}
