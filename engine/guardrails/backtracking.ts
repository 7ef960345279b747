/**
 * Load-time check of a pattern's tree (`regex-ast.ts`) for shapes that make JavaScript's
 * backtracking engine slow on long text. The test suite runs `recheck` on the built-in
 * patterns; this is the cheap, static check that guards the patterns users load.
 *
 * - Polynomial: two unbounded repetitions (`*`, `+`, `{n,}`) that can read the same character,
 *   with everything between them able to read it too (or nothing). A long run of it followed by
 *   something the rest of the pattern rejects is shared out between them in O(n²) ways, O(n³)
 *   with three. The search's own start counts as one of them: it tries every position, so
 *   `\s+$`, `a+b` or `x[^y]*y` are quadratic alone. A repetition after which the rest cannot
 *   fail (nothing follows, `\w+\b`) is left alone: its first try succeeds.
 * - Bounded: repetitions with an upper bound that can read the same character with nothing but
 *   optional parts between them can split a run of it in as many ways as the product of their
 *   counts, each tried at every start; a chain of them (round an enclosing repetition, once per
 *   count it can take) with more than `MAX_SPLITS` ways is refused.
 * - Exponential: an unbounded repetition whose body can read the same text in two ways
 *   (`loop-ambiguity.ts`), or a bounded one that can go round 17 times or more.
 *
 * Conservative where it cannot tell: a lookaround longer than one character lets everything
 * through, a repeated group is taken to read any of its characters in any order, and two large
 * sets written with `\p{…}` properties other than general categories are taken to overlap.
 */
import { ANY, charSetOf, intersects, isSubset, unionOf, type CharSet, type Occurs } from './char-set.ts';
import { Firsts, readsTwoWays } from './loop-ambiguity.ts';
import type { RegexNode } from './regex-ast.ts';

type Quant = Extract<RegexNode, { kind: 'quant' }>;
type Atom = Extract<RegexNode, { kind: 'char' | 'class' }>;
type ZeroWidth = Extract<RegexNode, { kind: 'zero-width' }>;

export interface BacktrackingHazard {
  /** `too-complex`: the check gave up (`MAX_STEPS`); nothing is said to be safe. */
  kind: 'polynomial' | 'bounded' | 'exponential' | 'too-complex';
  /** Where the earlier part is in the source; null when it is the search's start. */
  first: [number, number] | null;
  /** Where the later part is (for `exponential`, the repetition itself). */
  second: [number, number];
  /** For `bounded`: how many ways the chain of repetitions can split a run of text. */
  splits?: number;
  /** For `bounded`: the repetition the chain goes round, when it does. */
  around?: [number, number];
}

/**
 * The most ways a chain of bounded repetitions may split a run of text. Each is one more try of
 * the rest of the pattern from the same start, so ~10⁵ is about a millisecond of V8's time per
 * start that fails. A pack's literal space (up to four separators) takes 5 counts; two in a row
 * 25; a space between words that can each be 1 to 12 letters long, repeated (`(?: \w{1,12}){0,4}`),
 * reads a run of `_` (both a separator and a word character) in ~10⁷ ways.
 */
export const MAX_SPLITS = 100_000;

/** A repetition that can take more than one count (or the search's start, `node` null). */
class Rep {
  private read: CharSet | undefined;

  constructor(
    readonly id: number,
    readonly node: Quant | null,
    readonly unbounded: boolean,
    /** Number of counts it can take; 1 when unbounded (that case is the polynomial check's). */
    readonly weight: number,
    readonly inLook: boolean,
    private readonly reader: (() => CharSet) | CharSet,
  ) {}

  /** Every character it can read (read when first asked: most repetitions never pair). */
  get set(): CharSet {
    return (this.read ??= typeof this.reader === 'function' ? this.reader() : this.reader);
  }
}

/**
 * A repetition on the path being followed: `moved` once the path has read a character since
 * it (only unbounded ones go on then), `asserts` the assertions passed before that.
 */
interface Open {
  rep: Rep;
  moved: boolean;
  asserts: readonly ZeroWidth[];
}

interface Walk {
  /** What an open repetition becomes after one more character; null: it stops there. */
  step(open: Open, atom: Atom): Open | null;
  /** The same, past an assertion. */
  assert(open: Open, node: ZeroWidth): Open | null;
  /** Whether a repetition left behind opens. */
  opens: boolean;
  enter(rep: Rep, open: readonly Open[]): void;
}

const NONE: readonly Open[] = [];
/** Rounds from which a body that reads some text two ways makes too many ways (2^17 > `MAX_SPLITS`). */
const MIN_ROUNDS = Math.ceil(Math.log2(MAX_SPLITS));

/**
 * Parts of the tree the check may visit (nesting and loops visit some more than once): ~17
 * times what the largest built-in pattern needs (~3,000), few enough that no pattern stalls
 * loading.
 */
const MAX_STEPS = 50_000;

class TooComplex extends Error {}
const START = new Rep(-1, null, true, 1, false, ANY);

/**
 * The first hazard found in a pattern's tree, or null. `flags` are the ones it compiles with;
 * `occurs`, which characters the text it meets can hold (an overlap on others is harmless).
 */
export function backtrackingHazard(root: RegexNode, flags: string, occurs?: Occurs): BacktrackingHazard | null {
  try {
    return new Analysis(root, flags, occurs).run();
  } catch (e) {
    if (e instanceof TooComplex) return { kind: 'too-complex', first: null, second: [0, 0] };
    throw e;
  }
}

class Analysis {
  private readonly reps = new Map<Quant, Rep>();
  private readonly canonical = new Map<string, Open>();
  private readonly assertIds = new Map<ZeroWidth, number>();
  private readonly sets = new Map<RegexNode, CharSet>();
  /** Answers of `meets` by pair of set ids (the same pairs come up at every literal space). */
  private readonly met = new Map<number, boolean>();
  private readonly firsts: Firsts;
  private parents: Map<RegexNode, RegexNode> | null = null;
  /** The first unbounded repetition found whose body reads some text two ways. */
  private exponential: BacktrackingHazard | null = null;
  private readonly loopsChecked = new Set<Quant>();
  /** Steps left (see `MAX_STEPS`). */
  private budget = MAX_STEPS;

  constructor(readonly root: RegexNode, readonly flags: string, readonly occurs: Occurs) {
    this.firsts = new Firsts({ setOf: (a) => this.atomSet(a), meets: (a, b) => this.meets(a, b) });
  }

  run(): BacktrackingHazard | null {
    // Pairs (earlier, later): unbounded ones (and the start) with a path between them that
    // each character of the earlier one's set can follow, to check again with their common
    // set; and any two with nothing but optional parts and assertions between them.
    const polynomial = new Map<Rep, Set<Rep>>();
    const edges = new Map<Rep, Set<Rep>>();
    const note = (map: Map<Rep, Set<Rep>>, p: Rep, q: Rep): void => {
      let later = map.get(p);
      if (!later) map.set(p, (later = new Set()));
      later.add(q);
    };
    this.flow(this.root, [this.openOf(START, false)], {
      step: (open, atom) => {
        if (open.rep === START) return open;
        return open.rep.unbounded && this.meets(open.rep.set, this.atomSet(atom)) ? this.openOf(open.rep, true) : null;
      },
      assert: (open, node) => {
        if (node.assertion === '^' || node.assertion === '$') return null;
        if (open.rep === START) return open;
        if (open.moved) return this.stops(node, [open.rep.set]) ? null : open;
        // Whether it stops depends on the repetition met next: kept until then. One is enough
        // for a `\b` between two words; past that, let through (more pairs, a bounded count of opens).
        if (open.asserts.includes(node)) return open;
        return open.asserts.length === 0 ? this.openOf(open.rep, false, [node]) : this.openOf(open.rep, false);
      },
      opens: true,
      enter: (q, open) => {
        for (const o of open) {
          const p = o.rep;
          // The search's start only pairs with unbounded repetitions.
          if (p.unbounded && q.unbounded) note(polynomial, p, q);
          if (p !== START && !o.moved && this.meets(p.set, q.set) && !o.asserts.some((a) => this.stops(a, [p.set, q.set]))) note(edges, p, q);
        }
      },
    }, false);
    if (this.exponential) return this.exponential;
    let fromStart: BacktrackingHazard | null = null;
    for (const [p, later] of polynomial) {
      for (const q of later) {
        if (!this.canFailAfter(q) || !this.reaches(p, q)) continue;
        const hazard: BacktrackingHazard = { kind: 'polynomial', first: p.node ? p.node.at : null, second: q.node!.at };
        // A pair of the pattern's own parts says more than "the start" does.
        if (p !== START) return hazard;
        fromStart ??= hazard;
      }
    }
    return fromStart ?? this.bounded(edges);
  }

  /** Whether a path from `p` reaches `q` reading only characters both repeat, past its assertions. */
  private reaches(p: Rep, q: Rep): boolean {
    const common = p === START ? [q.set] : [p.set, q.set];
    if (!intersects(common, this.flags, this.occurs)) return false;
    let found = false;
    const walk: Walk = {
      step: (open, atom) => (intersects([this.atomSet(atom), ...common], this.flags, this.occurs) ? open : null),
      assert: (open, node) => (this.stops(node, common) ? null : open),
      opens: false,
      enter: (rep, open) => {
        if (rep === q && open.length > 0) found = true;
      },
    };
    const start = [this.openOf(p, false)];
    if (p === START) this.flow(this.root, start, walk, false);
    else this.flowFrom(p.node!, start, walk);
    return found;
  }

  /** Follows the pattern from the end of `node` to the end of the pattern (and round enclosing repetitions). */
  private flowFrom(node: RegexNode, open: readonly Open[], walk: Walk): void {
    this.parents ??= parentsOf(this.root);
    let cur = node;
    for (let parent = this.parents.get(cur); parent && open.length > 0; cur = parent, parent = this.parents.get(cur)) {
      if (parent.kind === 'seq') {
        for (const item of parent.items.slice(parent.items.indexOf(cur) + 1)) open = this.flow(item, open, walk, false);
      } else if (parent.kind === 'quant' && parent.max > 1) {
        const all = [...open];
        for (let frontier = open; frontier.length > 0; ) {
          const fresh: Open[] = [];
          for (const o of this.flow(parent.node, frontier, walk, false)) if (!all.includes(o)) all.push(o), fresh.push(o);
          frontier = fresh;
        }
        open = all;
      }
    }
  }

  /** The heaviest chain of overlapping bounded repetitions, if it has more than `MAX_SPLITS` splits. */
  private bounded(edges: Map<Rep, Set<Rep>>): BacktrackingHazard | null {
    type Chain = { splits: number; last: Rep; around: Quant | null };
    const best = new Map<Rep, Chain>();
    const path: Rep[] = [];
    // The heaviest chain from each repetition (splits multiply along it), depth first.
    const heaviest = (r: Rep): Chain => {
      const known = best.get(r);
      if (known) return known;
      path.push(r);
      let result: Chain = { splits: r.weight, last: r, around: null };
      for (const q of edges.get(r) ?? []) {
        const at = path.indexOf(q);
        // Back to a repetition on the way here: round an enclosing repetition, once per count.
        const tail = at >= 0 ? this.cycle(path.slice(at)) : heaviest(q);
        if (result.last === r || r.weight * tail.splits > result.splits) result = { ...tail, splits: r.weight * tail.splits };
      }
      path.pop();
      best.set(r, result);
      return result;
    };
    for (const p of edges.keys()) {
      const chain = heaviest(p);
      if (chain.splits > MAX_SPLITS) return { kind: 'bounded', first: p.node!.at, second: chain.last.node!.at, splits: chain.splits, ...(chain.around ? { around: chain.around.at } : {}) };
    }
    return null;
  }

  /**
   * A cycle of repetitions round the innermost repetition enclosing them all: their product, to
   * the power of its count (an upper bound: each round takes one count of each).
   */
  private cycle(reps: Rep[]): { splits: number; last: Rep; around: Quant | null } {
    this.parents ??= parentsOf(this.root);
    const product = reps.reduce((n, r) => n * r.weight, 1);
    const enclosing = (node: RegexNode): Quant[] => {
      const out: Quant[] = [];
      for (let cur = this.parents!.get(node); cur; cur = this.parents!.get(cur)) if (cur.kind === 'quant') out.push(cur);
      return out;
    };
    const around = reps.map((r) => enclosing(r.node!));
    const shared = around[0]!.find((q) => around.every((list) => list.includes(q))) ?? null;
    // The weights on the cycle multiply in again on the way back to its start.
    return { splits: shared ? product ** (shared.max - 1) : Infinity, last: reps[0]!, around: shared };
  }

  /** Follows the pattern through `node` with the repetitions `open`; returns those open after it. */
  private flow(node: RegexNode, open: readonly Open[], walk: Walk, inLook: boolean): readonly Open[] {
    if (open.length === 0 && !walk.opens) return open;
    if (--this.budget < 0) throw new TooComplex();
    switch (node.kind) {
      case 'char':
      case 'class':
        return open.length === 0 ? open : map(open, (o) => walk.step(o, node));
      case 'seq': {
        let cur = open;
        for (const item of node.items) cur = this.flow(item, cur, walk, inLook);
        return cur;
      }
      case 'alt': {
        let out = NONE;
        for (const branch of node.branches) out = union(out, this.flow(branch, open, walk, inLook));
        return out;
      }
      case 'zero-width':
        // Lookaround contents are followed as if inline, for the repetitions inside them.
        if (node.look) this.flow(node.look, open, walk, true);
        return open.length === 0 ? open : map(open, (o) => walk.assert(o, node));
      case 'quant': {
        const rep = this.repOf(node, inLook);
        if (rep && open.length > 0) walk.enter(rep, open);
        // Two ways per round, `max` rounds: past ~17 that is more than MAX_SPLITS ways as well.
        if (node.max - node.min >= MIN_ROUNDS && !this.exponential && !this.loopsChecked.has(node)) {
          this.loopsChecked.add(node);
          if (readsTwoWays(node.node, this.firsts.oracle)) this.exponential = { kind: 'exponential', first: null, second: node.at };
        }
        let out = node.min === 0 ? open : NONE;
        let seen: Open[] | null = null;
        for (let frontier = open; ; ) {
          const after = this.flow(node.node, frontier, walk, inLook);
          if (after.length === 0) break;
          out = union(out, after);
          if (node.max <= 1) break;
          // Round again from where this iteration ended (opens are made once per repetition and
          // set of assertions passed, so the rounds end).
          seen ??= [...open];
          const fresh: Open[] = [];
          for (const o of after) if (!seen.includes(o)) seen.push(o), fresh.push(o);
          if (fresh.length === 0) break;
          frontier = fresh;
        }
        return rep && walk.opens ? union(out, [this.openOf(rep, false)]) : out;
      }
    }
  }

  /**
   * Whether an assertion fails between any two characters of a run that `sets` all contain
   * (an overlap is a long run of such characters, so those on both sides of an assertion on
   * its path are among them). Without the `m` flag `^` and `$` hold only at the ends; `\b`
   * needs a word character on one side only; a one-character lookaround needs (or forbids)
   * one. Longer lookarounds are let through.
   */
  private stops(node: ZeroWidth, sets: CharSet[]): boolean {
    if (node.assertion === '^' || node.assertion === '$') return true;
    if (node.assertion === 'b') {
      const word = charSetOf({ kind: 'class', source: '\\w' }, this.flags);
      const other = charSetOf({ kind: 'class', source: '\\W' }, this.flags);
      return !intersects([...sets, word], this.flags, this.occurs) || !intersects([...sets, other], this.flags, this.occurs);
    }
    const look = node.look;
    if (!look || (look.kind !== 'char' && look.kind !== 'class')) return false;
    const one = this.atomSet(look);
    return node.negative ? sets.some((s) => isSubset(s, one, this.flags, this.occurs)) : !intersects([...sets, one], this.flags, this.occurs);
  }

  /** The one open for a repetition, whether it moved, and the assertions passed. */
  private openOf(rep: Rep, moved: boolean, asserts: readonly ZeroWidth[] = []): Open {
    let key = `${rep.id}${moved ? '+' : ''}`;
    for (const a of asserts) {
      let id = this.assertIds.get(a);
      if (id === undefined) this.assertIds.set(a, (id = this.assertIds.size));
      key += `,${id}`;
    }
    let open = this.canonical.get(key);
    if (!open) this.canonical.set(key, (open = { rep, moved, asserts }));
    return open;
  }

  private repOf(node: Quant, inLook: boolean): Rep | null {
    const unbounded = node.max === Infinity;
    if (!unbounded && (node.max < 2 || node.max === node.min)) return null;
    let rep = this.reps.get(node);
    if (!rep) {
      rep = new Rep(this.reps.size, node, unbounded, unbounded ? 1 : node.max - node.min + 1, inLook, () => this.consumed(node.node) ?? ANY);
      this.reps.set(node, rep);
    }
    return rep;
  }

  private atomSet(node: Atom): CharSet {
    let set = this.sets.get(node);
    if (!set) this.sets.set(node, (set = charSetOf(node, this.flags)));
    return set;
  }

  /** Every character a part can read (lookaround contents read nothing), or null when none. */
  private consumed(node: RegexNode): CharSet | null {
    if (node.kind === 'char' || node.kind === 'class') return this.atomSet(node);
    const parts: CharSet[] = [];
    const visit = (n: RegexNode): void => {
      if (n.kind === 'char' || n.kind === 'class') parts.push(this.atomSet(n));
      else if (n.kind === 'seq') n.items.forEach(visit);
      else if (n.kind === 'alt') n.branches.forEach(visit);
      else if (n.kind === 'quant' && n.max > 0) visit(n.node);
    };
    visit(node);
    return parts.length > 0 ? unionOf(parts) : null;
  }

  /**
   * Whether the rest of the pattern can fail after `q` has repeated as far as it can: if it
   * cannot (nothing follows, or only what holds after a longest run, as `\b` after `\w+`), the
   * first try from there succeeds and nothing is shared out. Inside a lookaround: can fail
   * (the run is not consumed, so it is read again from the next start).
   */
  private canFailAfter(q: Rep): boolean {
    if (q.inLook) return true;
    this.parents ??= parentsOf(this.root);
    let cur: RegexNode = q.node!;
    for (let parent = this.parents.get(cur); parent; cur = parent, parent = this.parents.get(cur)) {
      if (parent.kind === 'seq') {
        const rest = parent.items.slice(parent.items.indexOf(cur) + 1);
        if (!rest.every((item) => this.emptyAfterRun(item, q))) return true;
      } else if ((parent.kind === 'quant' && parent.min > 1) || parent.kind === 'zero-width') return true;
    }
    return false;
  }

  /** Whether `node` can match the empty string right after a longest run of `q`, for certain. */
  private emptyAfterRun(node: RegexNode, q: Rep): boolean {
    switch (node.kind) {
      case 'char':
      case 'class':
        return false;
      case 'seq':
        return node.items.every((item) => this.emptyAfterRun(item, q));
      case 'alt':
        return node.branches.some((branch) => this.emptyAfterRun(branch, q));
      case 'quant':
        return node.min === 0 || this.emptyAfterRun(node.node, q);
      case 'zero-width':
        return this.holdsAfterRun(node, q);
    }
  }

  /**
   * A longest run of a one-atom repetition ends before a character outside its set (or at the
   * end): `\b` then holds after `\w+`, `(?!X)` when X must begin with a character of the set,
   * and `$` when the set is every character.
   */
  private holdsAfterRun(node: ZeroWidth, q: Rep): boolean {
    const body = q.node!.node;
    if (body.kind !== 'char' && body.kind !== 'class') return false;
    if (node.assertion === 'b') return body.kind === 'class' && body.source === '\\w';
    if (node.assertion === '$') return !this.flags.includes('m') && isSubset(ANY, q.set, this.flags, this.occurs);
    if (node.look && !node.behind && node.negative) {
      const first = this.firsts.of(node.look);
      return !first.nullable && first.sets.every((s) => isSubset(s, q.set, this.flags, this.occurs));
    }
    return false;
  }

  private meets(a: CharSet, b: CharSet): boolean {
    const key = a.id < b.id ? a.id * 0x4000000 + b.id : b.id * 0x4000000 + a.id;
    let answer = this.met.get(key);
    if (answer === undefined) this.met.set(key, (answer = intersects([a, b], this.flags, this.occurs)));
    return answer;
  }
}

/** `open` after `f` (null drops one), the same array when nothing changes. */
function map(open: readonly Open[], f: (o: Open) => Open | null): readonly Open[] {
  let out: Open[] | null = null;
  for (let i = 0; i < open.length; i++) {
    const o = open[i]!;
    const next = f(o);
    if (next !== o && !out) out = open.slice(0, i);
    if (out && next && !out.includes(next)) out.push(next);
  }
  return out ?? open;
}

function union(a: readonly Open[], b: readonly Open[]): readonly Open[] {
  if (a.length === 0) return b;
  let out: Open[] | null = null;
  for (const o of b) if (!a.includes(o)) (out ??= [...a]).push(o);
  return out ?? a;
}

function parentsOf(root: RegexNode): Map<RegexNode, RegexNode> {
  const parents = new Map<RegexNode, RegexNode>();
  const visit = (node: RegexNode): void => {
    const children = node.kind === 'seq' ? node.items : node.kind === 'alt' ? node.branches : node.kind === 'quant' ? [node.node] : node.kind === 'zero-width' && node.look ? [node.look] : [];
    for (const child of children) {
      parents.set(child, node);
      visit(child);
    }
  };
  visit(root);
  return parents;
}
