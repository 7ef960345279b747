/**
 * A small reader of JavaScript regex source (the `u`-flag dialect rule packs compile to) into a
 * tree: sequences, alternations, quantifiers, single characters, character classes, and
 * zero-width parts (lookarounds, `\b`, `^`, `$`) whose contents do not matter here. Used to
 * derive the literals every match begins with (`leading-literals.ts`) or contains
 * (`required-literals.ts`) and, in the tests, to draw strings a pattern may match. Anything it
 * does not read throws `UnreadableRegex`.
 */

export type RegexNode =
  | { kind: 'seq'; items: RegexNode[] }
  | { kind: 'alt'; branches: RegexNode[] }
  /** `at`: where the quantified part (atom and quantifier) is in the source, to quote it. */
  | { kind: 'quant'; node: RegexNode; min: number; max: number; at: [number, number] }
  | { kind: 'char'; text: string }
  /** `members`: the characters of a class that only lists characters (no ranges, no negation). */
  | { kind: 'class'; source: string; members: string[] | null }
  /**
   * `look`: a lookaround's contents (how far it reads is what `match-length.ts` asks), `behind`
   * and `negative` its kind; `assertion`: which anchor or boundary it is otherwise.
   */
  | { kind: 'zero-width'; look?: RegexNode; behind?: boolean; negative?: boolean; assertion?: '^' | '$' | 'b' | 'B' };

export class UnreadableRegex extends Error {}

const SIMPLE_ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', f: '\f', v: '\v', '0': '\0' };

/** The tree of `source`, or null when it holds something the reader does not read. */
export function readRegex(source: string): RegexNode | null {
  try {
    return parseRegex(source);
  } catch (e) {
    if (e instanceof UnreadableRegex) return null;
    throw e;
  }
}

export function parseRegex(source: string): RegexNode {
  const r = new Reader(source);
  const node = r.alternation();
  if (r.i !== source.length) throw new UnreadableRegex(`unexpected \`${source[r.i]}\` at ${r.i}`);
  return node;
}

class Reader {
  i = 0;
  constructor(readonly src: string) {}

  alternation(): RegexNode {
    const branches: RegexNode[] = [this.sequence()];
    while (this.src[this.i] === '|') {
      this.i++;
      branches.push(this.sequence());
    }
    return branches.length === 1 ? branches[0]! : { kind: 'alt', branches };
  }

  private sequence(): RegexNode {
    const items: RegexNode[] = [];
    while (this.i < this.src.length && this.src[this.i] !== '|' && this.src[this.i] !== ')') items.push(this.quantified());
    return items.length === 1 ? items[0]! : { kind: 'seq', items };
  }

  private quantified(): RegexNode {
    const start = this.i;
    const atom = this.atom();
    const c = this.src[this.i];
    let bounds: [number, number] | null = null;
    if (c === '*') bounds = [0, Infinity];
    else if (c === '+') bounds = [1, Infinity];
    else if (c === '?') bounds = [0, 1];
    else if (c === '{') {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(this.src.slice(this.i));
      if (m) {
        const min = Number(m[1]);
        bounds = [min, m[2] === undefined ? min : m[3] === '' ? Infinity : Number(m[3])];
        this.i += m[0].length - 1;
      }
    }
    if (!bounds) return atom;
    this.i++;
    if (this.src[this.i] === '?') this.i++;
    return { kind: 'quant', node: atom, min: bounds[0], max: bounds[1], at: [start, this.i] };
  }

  private atom(): RegexNode {
    const c = this.src[this.i]!;
    if (c === '(') return this.group();
    if (c === '[') return this.characterClass();
    if (c === '.') {
      this.i++;
      return { kind: 'class', source: '.', members: null };
    }
    if (c === '^' || c === '$') {
      this.i++;
      return { kind: 'zero-width', assertion: c };
    }
    if (c === '\\') return this.escape();
    if (c === '*' || c === '+' || c === '?') throw new UnreadableRegex(`nothing to repeat at ${this.i}`);
    const ch = String.fromCodePoint(this.src.codePointAt(this.i)!);
    this.i += ch.length;
    return { kind: 'char', text: ch };
  }

  private group(): RegexNode {
    this.i++;
    let look: { behind: boolean; negative: boolean } | null = null;
    if (this.src.startsWith('?:', this.i)) this.i += 2;
    else if (/^\?<?[=!]/.test(this.src.slice(this.i, this.i + 3))) {
      const behind = this.src[this.i + 1] === '<';
      look = { behind, negative: this.src[this.i + (behind ? 2 : 1)] === '!' };
      this.i += behind ? 3 : 2;
    } else if (this.src.startsWith('?<', this.i)) {
      const close = this.src.indexOf('>', this.i);
      if (close < 0) throw new UnreadableRegex('unclosed group name');
      this.i = close + 1;
    } else if (this.src[this.i] === '?') throw new UnreadableRegex(`unknown group syntax at ${this.i}`);
    const inner = this.alternation();
    if (this.src[this.i] !== ')') throw new UnreadableRegex('unclosed group');
    this.i++;
    return look ? { kind: 'zero-width', look: inner, ...look } : inner;
  }

  private characterClass(): RegexNode {
    const start = this.i;
    let j = this.i + 1;
    const negated = this.src[j] === '^';
    if (negated) j++;
    const members: string[] = [];
    let simple = !negated;
    while (j < this.src.length && this.src[j] !== ']') {
      if (this.src[j] === '\\') {
        const next = this.src[j + 1] ?? '';
        if (/[dDsSwWpPbBuxc]/.test(next) || /\d/.test(next)) simple = false;
        else members.push(SIMPLE_ESCAPES[next] ?? next);
        if ((next === 'p' || next === 'P' || next === 'u') && this.src[j + 2] === '{') j = this.src.indexOf('}', j) + 1;
        else j += 2;
        continue;
      }
      if (this.src[j] === '-' && members.length > 0 && this.src[j + 1] !== ']') simple = false;
      const ch = String.fromCodePoint(this.src.codePointAt(j)!);
      members.push(ch);
      j += ch.length;
    }
    if (j >= this.src.length) throw new UnreadableRegex('unclosed character class');
    this.i = j + 1;
    return { kind: 'class', source: this.src.slice(start, this.i), members: simple && members.length > 0 ? [...new Set(members)] : null };
  }

  private escape(): RegexNode {
    const next = this.src[this.i + 1];
    if (next === undefined) throw new UnreadableRegex('trailing backslash');
    if (next === 'b' || next === 'B') {
      this.i += 2;
      return { kind: 'zero-width', assertion: next };
    }
    if ('dDsSwW'.includes(next)) {
      this.i += 2;
      return { kind: 'class', source: `\\${next}`, members: null };
    }
    if ((next === 'p' || next === 'P') && this.src[this.i + 2] === '{') {
      const close = this.src.indexOf('}', this.i);
      const source = this.src.slice(this.i, close + 1);
      this.i = close + 1;
      return { kind: 'class', source, members: null };
    }
    if (/\d/.test(next) && next !== '0') throw new UnreadableRegex('back-references are not read');
    if (next === 'k') throw new UnreadableRegex('back-references are not read');
    const coded = /^\\(?:u\{([0-9a-fA-F]+)\}|u([0-9a-fA-F]{4})|x([0-9a-fA-F]{2}))/.exec(this.src.slice(this.i));
    if (coded) {
      this.i += coded[0].length;
      return { kind: 'char', text: String.fromCodePoint(parseInt(coded[1] ?? coded[2] ?? coded[3]!, 16)) };
    }
    if (next === 'c') throw new UnreadableRegex('control escapes are not read');
    this.i += 2;
    return { kind: 'char', text: SIMPLE_ESCAPES[next] ?? next };
  }
}
