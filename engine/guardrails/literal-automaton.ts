/**
 * Aho-Corasick automaton over UTF-16 units: one pass over the text reports which literal
 * triggers occur. The trigger index (`prefilter.ts`) merges the triggers of every pack into one
 * automaton per view, so a rule's regex runs only when one of its trigger literals is present
 * (the "combined literal scan selects anchored verifiers" design). Linear in the text length
 * whatever the number of literals.
 *
 * The root and every state reached by an ASCII unit within `denseDepth` units of the root have
 * a full row of ASCII transitions in one flat table indexed by `state * width + column[unit]`
 * (a column per ASCII unit the literals use; the others share one): two array reads per ASCII
 * unit, where a scan of ordinary text spends nearly all its steps. Other states
 * (deeper ones, and those reached by a non-ASCII unit, whose ASCII row would only copy a
 * shallower state's) keep only their own trie edges and follow failure links on a miss, as do
 * all non-ASCII transitions. Full rows for every state cost 128 entries per state: with the
 * built-in packs (~18,000 literals, ~50,000 states) that was a 34 MB table, plus ~5 MB of
 * precomputed non-ASCII transitions, and a third of the guardrails' start-up; then 5 MB of
 * 128-wide 32-bit rows, built ~3× faster; now ~1 MB of narrow 16-bit rows, which the CPU caches
 * hold better.
 *
 * A run of ASCII whitespace (space, tab, line breaks) reads as one space, in the literals and in
 * the text: the trigger "do as i say" occurs in "do as\n\ni  say", as the rule's pattern (a pack
 * space is a gap of up to four non-letters) would match there. A literal's end offset is where
 * its last unit is, so for a literal without whitespace runs its start is end − length, exactly;
 * one that spans a run starts earlier than that (see `Selection.starts`: such literals are not
 * used for positions).
 */

/**
 * Where literals occur: see `LiteralAutomaton.occurrences`. The ends of `found[k]` are
 * `ends[start[k] … start[k + 1])`, in increasing order (laid end to end in one buffer rather than
 * an array per literal: English prompts have ~1,400 occurrences per 10 KB, and growing an array
 * for each literal was a sixth of a check's allocations).
 */
export interface Occurrences {
  /** Ids of the literals that occur, in order of first occurrence. */
  found: number[];
  ends: Int32Array;
  start: Int32Array;
}

/** Reused buffers of `occurrences`. */
interface OccurrenceScratch {
  result: Occurrences;
  /** (id, end) per occurrence, in text order. */
  pairs: Int32Array;
  /** Occurrences of each literal in the current text (0 for those not in `found`). */
  count: Int32Array;
  /** Index in `found` of each literal that occurs. */
  slot: Int32Array;
  cursor: Int32Array;
}

const WHITESPACE_RUN = /[\t\n\v\f\r ]+/g;
const ASCII_WHITESPACE = [9, 10, 11, 12, 13, 32] as const;
const IS_ASCII_WHITESPACE = new Uint8Array(128);
for (const w of ASCII_WHITESPACE) IS_ASCII_WHITESPACE[w] = 1;
const NONE = -1;
const MANY = -2;

/**
 * How deep ASCII-reached states still get a row. At 6 the built-in packs' table has ~9,900 rows
 * (5 MB) and English text scans as fast as with every row; at 3 or 4 it ran 10–20% slower.
 */
export const DEFAULT_DENSE_DEPTH = 6;

export class LiteralAutomaton {
  readonly size: number;
  /** States `0 … denseCount − 1` have a row in `table` (they are numbered first). */
  private readonly denseCount: number;
  /**
   * Rows of `width` entries, one per column (`column`); 16-bit while the states fit, so the
   * table (~9,900 rows for the built-in packs) stays small enough to live in the CPU caches.
   */
  private readonly table: Uint16Array | Int32Array;
  /**
   * The column of each ASCII unit: units that occur in no literal share column 0 (every state
   * goes to the root on them) and ASCII whitespace shares the space's column, so a row holds
   * one entry per distinct unit of the literals (~60) rather than 128.
   */
  private readonly column = new Uint8Array(128);
  private readonly width: number;
  private readonly fail: Int32Array;
  /** 1 for a state reached by a space: further whitespace keeps it there. */
  private readonly endsInSpace: Uint8Array;
  /**
   * Literal ids ending at each state (including those reached through failure links), laid end
   * to end: state s's are `outIds[outStart[s] … outStart[s + 1])`, read without a per-state array.
   */
  private readonly outIds: Int32Array;
  private readonly outStart: Int32Array;
  /** 1 where a state has output, so the loop skips empty outputs with one read. */
  private readonly hasOut: Uint8Array;
  /**
   * 1 for each non-ASCII unit that occurs in some literal. Any other non-ASCII unit has no
   * transition from any state, so it sends the automaton back to the root without a lookup
   * (CJK and Hangul prose is mostly such units).
   */
  private readonly inLiterals = new Uint8Array(0x10000);
  /** The root's transitions on non-ASCII units (0: none). */
  private readonly rootNext: Int32Array;
  /**
   * Trie edges not in `table`, `rootNext` or `onlyUnit` (the ASCII edges of a deep state with
   * several, a non-root state's non-ASCII ones), as an open-addressing hash table: state, unit and target per slot (state
   * -1: empty). At most half full, so a miss ends after a few probes.
   */
  private readonly edgeState: Int32Array;
  private readonly edgeUnit: Uint16Array;
  private readonly edgeTarget: Int32Array;
  private readonly edgeMask: number;
  /**
   * A deep state's ASCII edge when it has exactly one (most deep states are inside one literal):
   * its unit and target, read without a hash probe. `MANY` marks a state with several (in the
   * edge table), `NONE` one without.
   */
  private readonly onlyUnit: Int16Array;
  private readonly onlyTarget: Int32Array;
  private scratch: OccurrenceScratch | undefined;

  constructor(literals: readonly string[], denseDepth = DEFAULT_DENSE_DEPTH) {
    this.size = literals.length;
    const trie = new Trie();
    let width = 1;
    literals.forEach((raw, id) => {
      const lit = raw.replace(WHITESPACE_RUN, ' ');
      let s = 0;
      for (let i = 0; i < lit.length; i++) {
        const c = lit.charCodeAt(i);
        if (c >= 128) this.inLiterals[c] = 1;
        else if (this.column[c] === 0) this.column[c] = width++;
        s = trie.child(s, c, true);
      }
      trie.ids[s]!.push(id);
    });
    // Whitespace reads as a space (see the whitespace rows below).
    if (this.column[32] === 0) this.column[32] = width++;
    for (const w of ASCII_WHITESPACE) this.column[w] = this.column[32]!;
    this.width = width;
    // States with a row are numbered first, then the others; each group breadth-first, so a
    // state's failure target (shallower, ending in the same unit) comes before it.
    const bfs = trie.breadthFirst();
    const hasRow = (old: number): boolean => old === 0 || (trie.unit[old]! < 128 && trie.depth[old]! <= denseDepth);
    const order = bfs.filter(hasRow);
    const denseCount = order.length;
    for (const old of bfs) if (!hasRow(old)) order.push(old);
    this.denseCount = denseCount;
    const states = order.length;
    const renamed = new Int32Array(states);
    order.forEach((old, s) => (renamed[old] = s));

    this.fail = new Int32Array(states);
    this.endsInSpace = new Uint8Array(states);
    const out = new Array<number[]>(states);
    this.hasOut = new Uint8Array(states);
    this.rootNext = new Int32Array(0x10000);
    this.table = states <= 0xffff ? new Uint16Array(denseCount * width) : new Int32Array(denseCount * width);
    // A deep state's ASCII edge goes to the hash table only when it has several (`onlyUnit`).
    this.onlyUnit = new Int16Array(states).fill(NONE);
    this.onlyTarget = new Int32Array(states);
    let edges = 0;
    for (let s = 0; s < states; s++) {
      const old = order[s]!;
      this.fail[s] = renamed[trie.fail[old]!]!;
      this.endsInSpace[s] = trie.unit[old] === 32 ? 1 : 0;
      // A state's own literals first, then those of its failure target (already complete).
      const ids = trie.ids[old]!;
      out[s] = s === 0 ? ids : ids.concat(out[this.fail[s]!]!);
      if (out[s]!.length > 0) this.hasOut[s] = 1;
      for (let e = trie.first[old]!; e >= 0; e = trie.next[e]!) {
        const c = trie.edgeUnit[e]!;
        const t = renamed[trie.edgeTarget[e]!]!;
        if (s === 0 && c >= 128) this.rootNext[c] = t;
        else if (c >= 128) edges++;
        else if (s >= denseCount) {
          this.onlyUnit[s] = this.onlyUnit[s] === NONE ? c : MANY;
          this.onlyTarget[s] = t;
        }
      }
      if (this.onlyUnit[s] === MANY) for (let e = trie.first[old]!; e >= 0; e = trie.next[e]!) if (trie.edgeUnit[e]! < 128) edges++;
    }
    this.outStart = new Int32Array(states + 1);
    for (let s = 0; s < states; s++) this.outStart[s + 1] = this.outStart[s]! + out[s]!.length;
    this.outIds = new Int32Array(this.outStart[states]!);
    for (let s = 0; s < states; s++) this.outIds.set(out[s]!, this.outStart[s]!);
    let capacity = 16;
    while (capacity < edges * 2) capacity *= 2;
    this.edgeState = new Int32Array(capacity).fill(-1);
    this.edgeUnit = new Uint16Array(capacity);
    this.edgeTarget = new Int32Array(capacity);
    this.edgeMask = capacity - 1;
    const table = this.table;
    for (let s = 0; s < states; s++) {
      const old = order[s]!;
      const dense = s < denseCount;
      // A state's row: its own edges, the rest from its failure target's row (complete: the
      // target ends in the same ASCII unit and is shallower, so it has a row, numbered earlier).
      if (dense && s > 0) table.copyWithin(s * width, this.fail[s]! * width, this.fail[s]! * width + width);
      for (let e = trie.first[old]!; e >= 0; e = trie.next[e]!) {
        const c = trie.edgeUnit[e]!;
        const t = renamed[trie.edgeTarget[e]!]!;
        if (c < 128 && dense) table[s * width + this.column[c]!] = t;
        else if (c >= 128 ? s > 0 : this.onlyUnit[s] === MANY) this.addEdge(s, c, t);
      }
    }
    // Whitespace: every kind reads as a space, and a space right after a space changes nothing.
    const space = this.column[32]!;
    for (let s = 0; s < denseCount; s++) if (this.endsInSpace[s] === 1) table[s * width + space] = s;
  }

  private addEdge(s: number, c: number, t: number): void {
    let i = slot(s, c) & this.edgeMask;
    while (this.edgeState[i] !== -1) i = (i + 1) & this.edgeMask;
    this.edgeState[i] = s;
    this.edgeUnit[i] = c;
    this.edgeTarget[i] = t;
  }

  /** The state's own edge on `c`, or -1. */
  private edge(s: number, c: number): number {
    const states = this.edgeState;
    const mask = this.edgeMask;
    for (let i = slot(s, c) & mask; states[i] !== -1; i = (i + 1) & mask) {
      if (states[i] === s && this.edgeUnit[i] === c) return this.edgeTarget[i]!;
    }
    return -1;
  }

  /** The transition of a deep state (no row) on an ASCII unit. */
  private stepDeep(s: number, c: number): number {
    if (IS_ASCII_WHITESPACE[c] === 1) {
      if (this.endsInSpace[s] === 1) return s;
      c = 32;
    }
    // A failure target ends with the same unit as the state, so it ends in a space only if the
    // state does: the whitespace rule above needs no second look on the way.
    for (; s >= this.denseCount; s = this.fail[s]!) {
      const only = this.onlyUnit[s]!;
      if (only === c) return this.onlyTarget[s]!;
      if (only === MANY) {
        const t = this.edge(s, c);
        if (t >= 0) return t;
      }
    }
    return this.table[s * this.width + this.column[c]!]!;
  }

  /** The transition on a non-ASCII unit that occurs in some literal. */
  private stepNonAscii(s: number, c: number): number {
    for (; s !== 0; s = this.fail[s]!) {
      const t = this.edge(s, c);
      if (t >= 0) return t;
    }
    return this.rootNext[c]!;
  }

  /**
   * Every occurrence, in one pass: `found` lists the ids that occur, in order of first
   * occurrence, and `ends`/`start` the end offsets (exclusive) of each (see `Occurrences`). The
   * result is scratch space reused by the next call: read or copy it before calling again.
   */
  occurrences(text: string): Occurrences {
    const scratch = (this.scratch ??= {
      result: { found: [], ends: new Int32Array(256), start: new Int32Array(64) },
      pairs: new Int32Array(512),
      count: new Int32Array(this.size),
      slot: new Int32Array(this.size),
      cursor: new Int32Array(64),
    });
    const result = scratch.result;
    const { found } = result;
    const count = scratch.count;
    for (const id of found) count[id] = 0;
    found.length = 0;
    if (this.size === 0) return result;
    const table = this.table;
    const column = this.column;
    const width = this.width;
    const hasOut = this.hasOut;
    const outIds = this.outIds;
    const outStart = this.outStart;
    const inLiterals = this.inLiterals;
    const denseCount = this.denseCount;
    let pairs = scratch.pairs;
    let p = 0;
    let s = 0;
    for (let i = 0, n = text.length; i < n; i++) {
      const c = text.charCodeAt(i);
      if (c < 128) s = s < denseCount ? table[s * width + column[c]!]! : this.stepDeep(s, c);
      else if (inLiterals[c] === 0) s = 0;
      else s = this.stepNonAscii(s, c);
      if (hasOut[s] === 1) {
        for (let k = outStart[s]!, last = outStart[s + 1]!; k < last; k++) {
          const id = outIds[k]!;
          if (count[id]! === 0) found.push(id);
          count[id]!++;
          if (p + 2 > pairs.length) {
            const grown = new Int32Array(pairs.length * 2);
            grown.set(pairs);
            pairs = scratch.pairs = grown;
          }
          pairs[p++] = id;
          pairs[p++] = i + 1;
        }
      }
    }
    // Grouped by literal (a counting sort: each literal's ends stay in text order).
    const f = found.length;
    if (result.start.length < f + 1) result.start = new Int32Array(Math.max(f + 1, result.start.length * 2));
    if (scratch.cursor.length < f) scratch.cursor = new Int32Array(Math.max(f, scratch.cursor.length * 2));
    if (result.ends.length < p >> 1) result.ends = new Int32Array(Math.max(p >> 1, result.ends.length * 2));
    const { start, ends } = result;
    const { slot, cursor } = scratch;
    start[0] = 0;
    for (let k = 0; k < f; k++) {
      const id = found[k]!;
      slot[id] = k;
      cursor[k] = start[k]!;
      start[k + 1] = start[k]! + count[id]!;
    }
    for (let q = 0; q < p; q += 2) ends[cursor[slot[pairs[q]!]!]!++] = pairs[q + 1]!;
    return result;
  }

  /** Ids of the literals that occur in `text` (each at most once). */
  findAll(text: string, found: Set<number> = new Set()): Set<number> {
    for (const id of this.occurrences(text).found) found.add(id);
    return found;
  }
}

/**
 * The construction's trie: edges as linked lists per state (most states have one child), the
 * root's in a direct table. Only the constructor uses it; the scan reads the tables above.
 */
class Trie {
  readonly first: number[] = [-1];
  readonly next: number[] = [];
  readonly edgeUnit: number[] = [];
  readonly edgeTarget: number[] = [];
  readonly ids: number[][] = [[]];
  readonly depth: number[] = [0];
  /** The unit on the edge into each state (-1 for the root). */
  readonly unit: number[] = [-1];
  readonly fail: number[] = [0];
  private readonly rootChild = new Int32Array(0x10000).fill(-1);

  child(s: number, c: number, create: boolean): number {
    if (s === 0) {
      const t = this.rootChild[c]!;
      if (t >= 0 || !create) return t;
    } else {
      for (let e = this.first[s]!; e >= 0; e = this.next[e]!) if (this.edgeUnit[e] === c) return this.edgeTarget[e]!;
      if (!create) return -1;
    }
    const t = this.ids.length;
    this.first.push(-1);
    this.ids.push([]);
    this.depth.push(this.depth[s]! + 1);
    this.unit.push(c);
    this.fail.push(0);
    this.next.push(this.first[s]!);
    this.edgeUnit.push(c);
    this.edgeTarget.push(t);
    this.first[s] = this.edgeUnit.length - 1;
    if (s === 0) this.rootChild[c] = t;
    return t;
  }

  /** Fills the failure links; returns every state in breadth-first order (the root first). */
  breadthFirst(): number[] {
    const queue = [0];
    for (let qi = 0; qi < queue.length; qi++) {
      const s = queue[qi]!;
      // The order of siblings only numbers states: no occurrence depends on it.
      for (let e = this.first[s]!; e >= 0; e = this.next[e]!) {
        const c = this.edgeUnit[e]!;
        const t = this.edgeTarget[e]!;
        if (s !== 0) {
          let f = this.fail[s]!;
          let g = this.child(f, c, false);
          while (g < 0 && f !== 0) {
            f = this.fail[f]!;
            g = this.child(f, c, false);
          }
          this.fail[t] = g >= 0 ? g : 0;
        }
        queue.push(t);
      }
    }
    return queue;
  }
}

/** Hash of a (state, unit) pair for the edge table. */
function slot(s: number, c: number): number {
  return Math.imul(s, 0x9e3779b1) ^ Math.imul(c, 0x85ebca6b);
}
