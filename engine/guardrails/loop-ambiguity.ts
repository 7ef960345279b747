/**
 * Whether an unbounded repetition's body can read some text in two ways and be back at its
 * start both times: what makes `(a|a)*`, `(?:a|ab|b)*`, `(?:a+)+` or `(?:\d+,?)+` take
 * exponential time in a backtracking engine, and not `(?:x|xy)*` (one way to read "xxy").
 * Part of the load-time check of rule packs (`backtracking.ts`).
 *
 * The body's Glushkov automaton (one state per character it reads; an inner repetition of up to
 * `MAX_COPIES` written out, a larger one read as unbounded) keeps one edge per way of getting
 * from a character to the next, so `(?:a+)+` has two edges a→a. Two readings of the same text
 * are a path in the graph of pairs of states (both states can read the same character); the
 * body is ambiguous when a cycle of that graph goes through a pair (x, x) and a pair (x, y),
 * x ≠ y, or takes two different edges from (x, x) to (z, z). A body with more than
 * `MAX_POSITIONS` characters gets a cruder test: a choice in it whose ways can begin with the
 * same character.
 */
import type { CharSet } from './char-set.ts';
import type { RegexNode } from './regex-ast.ts';

type Atom = Extract<RegexNode, { kind: 'char' | 'class' }>;

/** What the check asks of its caller: the set of an atom, and whether two sets share a character. */
export interface SetOracle {
  setOf(atom: Atom): CharSet;
  meets(a: CharSet, b: CharSet): boolean;
}

/** Bodies with more characters than this get the cruder test (pairs of states grow as its square). */
const MAX_POSITIONS = 200;
/** Pairs of states followed at most, before the cruder test. */
const MAX_PAIRS = 20_000;
/** Inner repetitions bounded by at most this are written out; larger ones are read as unbounded. */
const MAX_COPIES = 8;

export function readsTwoWays(body: RegexNode, oracle: SetOracle): boolean {
  const g = glushkov(body);
  if (!g) return new Choices(oracle).ambiguous(body);
  const sets = g.atoms.map((a) => oracle.setOf(a));
  const n = g.atoms.length;
  const key = (x: number, y: number): number => x * n + y;
  const next = new Map<number, number[]>();
  const split: [number, number][] = [];
  const queue: number[] = [];
  const reach = (x: number, y: number): boolean => {
    const k = key(x, y);
    if (next.has(k)) return true;
    if (!oracle.meets(sets[x]!, sets[y]!)) return false;
    next.set(k, []);
    queue.push(k);
    return true;
  };
  const firsts = [...new Set(g.first)];
  for (const x of firsts) for (const y of firsts) reach(x, y);
  let steps = 0;
  while (queue.length > 0) {
    // A body whose pairs of states are too many to follow gets the cruder test.
    if (++steps > MAX_PAIRS) return new Choices(oracle).ambiguous(body);
    const k = queue.pop()!;
    const x = Math.floor(k / n);
    const y = k % n;
    const out = next.get(k)!;
    g.follow[x]!.forEach((x2, i) => {
      g.follow[y]!.forEach((y2, j) => {
        if (!reach(x2, y2)) return;
        out.push(key(x2, y2));
        if (x === y && x2 === y2 && i !== j) split.push([k, key(x2, y2)]);
      });
    });
  }
  const component = stronglyConnected(next);
  const kinds = new Map<number, { diagonal: boolean; offDiagonal: boolean; size: number }>();
  for (const [pair, c] of component) {
    const kind = kinds.get(c) ?? { diagonal: false, offDiagonal: false, size: 0 };
    if (Math.floor(pair / n) === pair % n) kind.diagonal = true;
    else kind.offDiagonal = true;
    kind.size++;
    kinds.set(c, kind);
  }
  for (const kind of kinds.values()) if (kind.size > 1 && kind.diagonal && kind.offDiagonal) return true;
  return split.some(([a, b]) => component.get(a) === component.get(b));
}

interface Positions {
  atoms: Atom[];
  first: number[];
  /** The states that can come next after each state, once per way of getting there. */
  follow: number[][];
}

type Part = { first: number[]; last: number[]; nullable: boolean };
const EMPTY_PART: Part = { first: [], last: [], nullable: true };

/** Glushkov's automaton of `body` repeated, or null when it has too many states. */
function glushkov(body: RegexNode): Positions | null {
  const atoms: Atom[] = [];
  const follow: number[][] = [];
  const link = (from: number[], to: number[]): void => {
    for (const f of from) follow[f]!.push(...to);
  };
  const sequence = (parts: (() => Part | null)[]): Part | null => {
    let acc = EMPTY_PART;
    for (const make of parts) {
      const part = make();
      if (!part) return null;
      link(acc.last, part.first);
      acc = {
        first: acc.nullable ? [...acc.first, ...part.first] : acc.first,
        last: part.nullable ? [...acc.last, ...part.last] : part.last,
        nullable: acc.nullable && part.nullable,
      };
    }
    return acc;
  };
  const build = (node: RegexNode): Part | null => {
    switch (node.kind) {
      case 'char':
      case 'class': {
        if (atoms.length >= MAX_POSITIONS) return null;
        atoms.push(node);
        follow.push([]);
        return { first: [atoms.length - 1], last: [atoms.length - 1], nullable: false };
      }
      case 'zero-width':
        return EMPTY_PART;
      case 'alt': {
        const parts = node.branches.map(build);
        if (parts.some((p) => !p)) return null;
        return { first: parts.flatMap((p) => p!.first), last: parts.flatMap((p) => p!.last), nullable: parts.some((p) => p!.nullable) };
      }
      case 'seq':
        return sequence(node.items.map((item) => () => build(item)));
      case 'quant': {
        if (node.max === 0) return EMPTY_PART;
        if (node.max <= MAX_COPIES) {
          // x{2,4} as x x (x x?)?: one way to read each count.
          const optional = (k: number): Part | null => {
            if (k === 0) return EMPTY_PART;
            const part = sequence([() => build(node.node), () => optional(k - 1)]);
            return part && { ...part, nullable: true };
          };
          return sequence([...Array.from({ length: node.min }, () => () => build(node.node)), () => optional(node.max - node.min)]);
        }
        const part = build(node.node);
        if (!part) return null;
        link(part.last, part.first);
        return { ...part, nullable: part.nullable || node.min === 0 };
      }
    }
  };
  const whole = build(body);
  if (!whole) return null;
  link(whole.last, whole.first);
  return { atoms, first: whole.first, follow };
}

/** Tarjan's algorithm, iterative (pair graphs can be deep): the component of each node. */
function stronglyConnected(next: Map<number, number[]>): Map<number, number> {
  const index = new Map<number, number>();
  const low = new Map<number, number>();
  const component = new Map<number, number>();
  const stack: number[] = [];
  let counter = 0;
  const open = (v: number): void => {
    index.set(v, counter);
    low.set(v, counter++);
    stack.push(v);
  };
  for (const root of next.keys()) {
    if (index.has(root)) continue;
    open(root);
    const work: [number, number][] = [[root, 0]];
    while (work.length > 0) {
      const frame = work[work.length - 1]!;
      const v = frame[0];
      const edges = next.get(v)!;
      if (frame[1] < edges.length) {
        const w = edges[frame[1]++]!;
        if (!index.has(w)) {
          open(w);
          work.push([w, 0]);
        } else if (!component.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
        continue;
      }
      work.pop();
      if (work.length > 0) {
        const parent = work[work.length - 1]![0];
        low.set(parent, Math.min(low.get(parent)!, low.get(v)!));
      }
      if (low.get(v) === index.get(v)) {
        for (;;) {
          const w = stack.pop()!;
          component.set(w, v);
          if (w === v) break;
        }
      }
    }
  }
  return component;
}

/** The sets a match of a part can begin with, and whether it can be empty. */
export class Firsts {
  private readonly known = new Map<RegexNode, { sets: CharSet[]; nullable: boolean }>();

  constructor(readonly oracle: SetOracle) {}

  of(node: RegexNode): { sets: CharSet[]; nullable: boolean } {
    let found = this.known.get(node);
    if (found) return found;
    switch (node.kind) {
      case 'char':
      case 'class':
        found = { sets: [this.oracle.setOf(node)], nullable: false };
        break;
      case 'zero-width':
        found = { sets: [], nullable: true };
        break;
      case 'alt': {
        const parts = node.branches.map((b) => this.of(b));
        found = { sets: unique(parts.flatMap((p) => p.sets)), nullable: parts.some((p) => p.nullable) };
        break;
      }
      case 'quant': {
        const inner = node.max === 0 ? { sets: [], nullable: true } : this.of(node.node);
        found = { sets: inner.sets, nullable: node.min === 0 || inner.nullable };
        break;
      }
      case 'seq': {
        const sets: CharSet[] = [];
        let nullable = true;
        for (const item of node.items) {
          const f = this.of(item);
          sets.push(...f.sets);
          if (!f.nullable) {
            nullable = false;
            break;
          }
        }
        found = { sets: unique(sets), nullable };
        break;
      }
    }
    this.known.set(node, found);
    return found;
  }
}

/**
 * The cruder test: a choice in the body (an alternation, or a repetition inside it: repeat
 * again or go on) whose ways can begin with the same character. The body's end is followed by
 * its start; leaving the repetition is not a way back to it.
 */
class Choices {
  private readonly firsts: Firsts;

  constructor(private readonly oracle: SetOracle) {
    this.firsts = new Firsts(oracle);
  }

  ambiguous(body: RegexNode): boolean {
    return this.check(body, this.firsts.of(body).sets);
  }

  private check(node: RegexNode, follow: CharSet[]): boolean {
    switch (node.kind) {
      case 'seq': {
        let after = follow;
        for (let i = node.items.length - 1; i >= 0; i--) {
          const item = node.items[i]!;
          if (this.check(item, after)) return true;
          const f = this.firsts.of(item);
          after = f.nullable ? unique([...f.sets, ...after]) : f.sets;
        }
        return false;
      }
      case 'alt': {
        const ways = node.branches.map((b) => {
          const f = this.firsts.of(b);
          return f.nullable ? unique([...f.sets, ...follow]) : f.sets;
        });
        for (let i = 0; i < ways.length; i++) for (let j = i + 1; j < ways.length; j++) if (this.overlap(ways[i]!, ways[j]!)) return true;
        return node.branches.some((b) => this.check(b, follow));
      }
      case 'quant': {
        if (node.max === 0) return false;
        const f = this.firsts.of(node.node);
        const again = f.nullable ? unique([...f.sets, ...follow]) : f.sets;
        if (node.max > node.min && this.overlap(again, follow)) return true;
        return this.check(node.node, node.max > 1 ? unique([...f.sets, ...follow]) : follow);
      }
      default:
        return false;
    }
  }

  private overlap(a: readonly CharSet[], b: readonly CharSet[]): boolean {
    return a.some((x) => b.some((y) => this.oracle.meets(x, y)));
  }
}

function unique(sets: CharSet[]): CharSet[] {
  return sets.length < 2 ? sets : [...new Set(sets)];
}
