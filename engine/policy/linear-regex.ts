/**
 * Whether a `param_matches` pattern occurs in a text, in time linear in the text: the pattern
 * (JavaScript source, as `regex.ts` translates it) becomes a Thompson automaton that is run over
 * the text with a set of states, so `.*x`, `.*.*x` or `a.*b.*c` cannot stall the engine on a long
 * value, as the backtracking engine does (`.*.*x` took ~5 s on 3,000 characters).
 *
 * Only what the answer to `regex.test(text)` depends on is modelled: characters, classes, `.`,
 * escapes, groups, alternation, quantifiers (greedy or lazy give the same yes or no), `^`, `$`,
 * `\b` and `\B`. Each single-character atom is tested by the JavaScript engine itself (a regex
 * of that atom alone, with the pattern's flags), so case folding and class contents are exactly
 * its own. A pattern with anything else (lookarounds, back-references) gets no matcher, and
 * the caller keeps the backtracking engine for it.
 */

type Node =
  | { kind: 'atom'; source: string }
  | { kind: 'assert'; what: '^' | '$' | 'b' | 'B' }
  | { kind: 'seq'; items: Node[] }
  | { kind: 'alt'; branches: Node[] }
  | { kind: 'repeat'; node: Node; min: number; max: number };

class Unsupported extends Error {}

/** More automaton states than this (bounded repeats are copied out): no matcher. */
const MAX_STATES = 20_000;

/**
 * The backtracking engine is kept where it cannot stall: its steps on a text of length L are
 * bounded by L (start positions) times, for each quantifier, the number of lengths it can take,
 * and for each alternation its number of branches (nested quantified groups are refused at load,
 * `regex.ts`). Up to this bound, which short values of ordinary patterns stay far below, the
 * native engine answers (~0.03 µs against ~1-4 µs for the automaton); above it, the automaton.
 */
const NATIVE_STEP_BUDGET = 1_000_000;

/** A tester for `source` with `flags` (`i`, `m`, `s`), or null when the pattern uses what is not modelled. */
export function linearMatcher(source: string, flags: string): ((text: string) => boolean) | null {
  return read(source, flags)?.automaton.test ?? null;
}

/**
 * A tester for the compiled `native` regex that never backtracks for long: the native engine
 * while its worst case on the text is small, the automaton beyond; the native engine alone when
 * the pattern is not modelled (lookarounds).
 */
export function guardedMatcher(native: RegExp, source: string): (text: string) => boolean {
  const modelled = read(source, native.flags);
  if (!modelled) return (text) => native.test(text);
  const { automaton, repeats, branches } = modelled;
  return (text) => {
    let steps = (text.length + 1) * branches;
    if (steps > NATIVE_STEP_BUDGET) return automaton.test(text);
    for (const max of repeats) {
      steps *= Math.min(max, text.length) + 1;
      if (steps > NATIVE_STEP_BUDGET) return automaton.test(text);
    }
    return native.test(text);
  };
}

function read(source: string, flags: string): { automaton: Automaton; repeats: number[]; branches: number } | null {
  try {
    const parser = new Parser(source);
    const tree = parser.alternation();
    if (parser.i !== source.length) throw new Unsupported();
    const repeats: number[] = [];
    // The product of the alternations' branch counts (capped: past the budget it only says "big").
    let branches = 1;
    const collect = (node: Node): void => {
      if (node.kind === 'repeat') {
        if (node.max > 1) repeats.push(node.max);
        collect(node.node);
      } else if (node.kind === 'seq') node.items.forEach(collect);
      else if (node.kind === 'alt') {
        branches = Math.min(branches * node.branches.length, NATIVE_STEP_BUDGET + 1);
        node.branches.forEach(collect);
      }
    };
    collect(tree);
    return { automaton: new Automaton(tree, flags), repeats, branches };
  } catch (e) {
    if (e instanceof Unsupported || e instanceof SyntaxError) return null;
    throw e;
  }
}

class Parser {
  i = 0;
  constructor(private readonly src: string) {}

  alternation(): Node {
    const branches = [this.sequence()];
    while (this.src[this.i] === '|') {
      this.i++;
      branches.push(this.sequence());
    }
    return branches.length === 1 ? branches[0]! : { kind: 'alt', branches };
  }

  private sequence(): Node {
    const items: Node[] = [];
    while (this.i < this.src.length && this.src[this.i] !== '|' && this.src[this.i] !== ')') items.push(this.quantified());
    return { kind: 'seq', items };
  }

  private quantified(): Node {
    const node = this.atom();
    const c = this.src[this.i];
    let bounds: [number, number] | null = null;
    if (c === '*') bounds = [0, Infinity];
    else if (c === '+') bounds = [1, Infinity];
    else if (c === '?') bounds = [0, 1];
    else if (c === '{') {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(this.src.slice(this.i));
      if (m) {
        bounds = [Number(m[1]), m[2] === undefined ? Number(m[1]) : m[3] === '' ? Infinity : Number(m[3])];
        this.i += m[0].length - 1;
      }
    }
    if (!bounds) return node;
    if (node.kind === 'assert') throw new Unsupported();
    this.i++;
    if (this.src[this.i] === '?') this.i++;
    if (bounds[0] > bounds[1]) throw new Unsupported();
    return { kind: 'repeat', node, min: bounds[0], max: bounds[1] };
  }

  private atom(): Node {
    const src = this.src;
    const c = src[this.i]!;
    if (c === '(') {
      this.i++;
      if (src.startsWith('?:', this.i)) this.i += 2;
      else if (src[this.i] === '?') {
        // A named group is a group; lookarounds and anything else are not modelled.
        const named = /^\?<([A-Za-z_$][\w$]*)>/.exec(src.slice(this.i));
        if (!named) throw new Unsupported();
        this.i += named[0].length;
      }
      const inner = this.alternation();
      if (src[this.i] !== ')') throw new Unsupported();
      this.i++;
      return inner;
    }
    if (c === '^' || c === '$') {
      this.i++;
      return { kind: 'assert', what: c };
    }
    if (c === '[') {
      const start = this.i;
      this.i++;
      if (src[this.i] === '^') this.i++;
      // In JavaScript a `]` right after `[` or `[^` closes the (empty) class.
      while (this.i < src.length && src[this.i] !== ']') this.i += src[this.i] === '\\' ? 2 : 1;
      if (this.i >= src.length) throw new Unsupported();
      this.i++;
      return { kind: 'atom', source: src.slice(start, this.i) };
    }
    if (c === '\\') {
      const next = src[this.i + 1];
      if (next === undefined) throw new Unsupported();
      if (next === 'b' || next === 'B') {
        this.i += 2;
        return { kind: 'assert', what: next };
      }
      // Back-references, octal escapes and a `\c` without its letter (read differently by the
      // annex-B grammar) are not modelled.
      if (/[1-9k]/.test(next) || (next === '0' && /[0-9]/.test(src[this.i + 2] ?? '')) || (next === 'c' && !/[A-Za-z]/.test(src[this.i + 2] ?? ''))) throw new Unsupported();
      const escape = /^\\(?:x[0-9A-Fa-f]{2}|u[0-9A-Fa-f]{4}|c[A-Za-z]|0|[^])/.exec(src.slice(this.i));
      if (!escape) throw new Unsupported();
      this.i += escape[0].length;
      return { kind: 'atom', source: escape[0] };
    }
    if (c === ')' || c === '*' || c === '+' || c === '?') throw new Unsupported();
    this.i++;
    if (c === '{' || c === '}' || c === ']') return { kind: 'atom', source: '\\' + c };
    return { kind: 'atom', source: c === '.' ? '.' : c };
  }
}

// State kinds of the automaton.
const CHAR = 0;
const SPLIT = 1;
const ASSERT = 2;
const MATCH = 3;

class Automaton {
  private readonly kind: number[] = [];
  private readonly out1: number[] = [];
  private readonly out2: number[] = [];
  /** CHAR: the atom's index; ASSERT: 0 `^`, 1 `$`, 2 `\b`, 3 `\B`. */
  private readonly arg: number[] = [];
  private readonly atoms: RegExp[] = [];
  private readonly atomIndex = new Map<string, number>();
  /** Per atom, the answer for each ASCII unit (0 unknown, 1 yes, 2 no); other units in a map. */
  private readonly asciiAnswers: Uint8Array[] = [];
  private readonly otherAnswers: Map<number, boolean>[] = [];
  private readonly start: number;
  private readonly multiline: boolean;

  constructor(tree: Node, flags: string) {
    this.multiline = flags.includes('m');
    const atomFlags = (flags.includes('i') ? 'i' : '') + (flags.includes('s') ? 's' : '');
    const match = this.state(MATCH, -1, -1, 0);
    this.start = this.build(tree, match, atomFlags);
  }

  private state(kind: number, out1: number, out2: number, arg: number): number {
    if (this.kind.length >= MAX_STATES) throw new Unsupported();
    this.kind.push(kind);
    this.out1.push(out1);
    this.out2.push(out2);
    this.arg.push(arg);
    return this.kind.length - 1;
  }

  /** The entry state of `node`, continuing to `next` (built back to front). */
  private build(node: Node, next: number, atomFlags: string): number {
    switch (node.kind) {
      case 'atom': {
        let index = this.atomIndex.get(node.source);
        if (index === undefined) {
          index = this.atoms.length;
          // Throws a SyntaxError for an atom JavaScript does not accept: no matcher then.
          this.atoms.push(new RegExp(`^(?:${node.source})$`, atomFlags));
          this.asciiAnswers.push(new Uint8Array(128));
          this.otherAnswers.push(new Map());
          this.atomIndex.set(node.source, index);
        }
        return this.state(CHAR, next, -1, index);
      }
      case 'assert':
        return this.state(ASSERT, next, -1, '^$bB'.indexOf(node.what));
      case 'seq': {
        let entry = next;
        for (let k = node.items.length - 1; k >= 0; k--) entry = this.build(node.items[k]!, entry, atomFlags);
        return entry;
      }
      case 'alt': {
        let entry = this.build(node.branches[node.branches.length - 1]!, next, atomFlags);
        for (let k = node.branches.length - 2; k >= 0; k--) entry = this.state(SPLIT, this.build(node.branches[k]!, next, atomFlags), entry, 0);
        return entry;
      }
      case 'repeat': {
        let entry = next;
        if (node.max === Infinity) {
          // A loop: its split goes into the body (which comes back to it) or on.
          const loop = this.state(SPLIT, -1, next, 0);
          this.out1[loop] = this.build(node.node, loop, atomFlags);
          entry = loop;
        } else {
          // max − min optional copies, chained: each goes on to the next copy or stops.
          for (let k = node.min; k < node.max; k++) entry = this.state(SPLIT, this.build(node.node, entry, atomFlags), next, 0);
        }
        for (let k = 0; k < node.min; k++) entry = this.build(node.node, entry, atomFlags);
        return entry;
      }
    }
  }

  private accepts(atom: number, unit: number): boolean {
    if (unit < 128) {
      const answers = this.asciiAnswers[atom]!;
      let a = answers[unit]!;
      if (a === 0) answers[unit] = a = this.atoms[atom]!.test(String.fromCharCode(unit)) ? 1 : 2;
      return a === 1;
    }
    const other = this.otherAnswers[atom]!;
    let a = other.get(unit);
    if (a === undefined) other.set(unit, (a = this.atoms[atom]!.test(String.fromCharCode(unit))));
    return a;
  }

  readonly test = (text: string): boolean => {
    const n = text.length;
    const states = this.kind.length;
    // Generation marks: a state is in the set being built when its mark is the position + 1.
    const mark = new Int32Array(states).fill(-1);
    let current: number[] = [];
    let next: number[] = [];
    const stack: number[] = [];
    // Adds `s` and what it reaches without reading a character, at position `i`.
    const add = (list: number[], s0: number, i: number): boolean => {
      stack.push(s0);
      while (stack.length > 0) {
        const s = stack.pop()!;
        if (mark[s] === i) continue;
        mark[s] = i;
        const kind = this.kind[s]!;
        if (kind === MATCH) {
          stack.length = 0;
          return true;
        }
        if (kind === CHAR) list.push(s);
        else if (kind === SPLIT) {
          stack.push(this.out2[s]!, this.out1[s]!);
        } else if (this.holds(this.arg[s]!, text, i)) stack.push(this.out1[s]!);
      }
      return false;
    };
    for (let i = 0; i <= n; i++) {
      // A match may start at every position (search, not anchored).
      if (add(current, this.start, i)) return true;
      if (i === n) break;
      const unit = text.charCodeAt(i);
      next.length = 0;
      for (const s of current) {
        if (this.accepts(this.arg[s]!, unit) && add(next, this.out1[s]!, i + 1)) return true;
      }
      [current, next] = [next, current];
      // States added for position i + 1 keep their marks; the next round adds the start there.
    }
    return false;
  };

  private holds(assertion: number, text: string, i: number): boolean {
    switch (assertion) {
      case 0:
        return i === 0 || (this.multiline && isLineTerminator(text.charCodeAt(i - 1)));
      case 1:
        return i === text.length || (this.multiline && isLineTerminator(text.charCodeAt(i)));
      default: {
        const boundary = isWordUnit(i > 0 ? text.charCodeAt(i - 1) : -1) !== isWordUnit(i < text.length ? text.charCodeAt(i) : -1);
        return assertion === 2 ? boundary : !boundary;
      }
    }
  }
}

const isLineTerminator = (c: number): boolean => c === 10 || c === 13 || c === 0x2028 || c === 0x2029;
/** `\w` without the `u` flag: ASCII letters, digits and `_` (with `i` too). */
const isWordUnit = (c: number): boolean => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
