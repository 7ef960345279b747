/**
 * Leading literals of a regular expression: a small set of strings one of which begins every
 * match. A rule with leading literals need not scan the whole text: the literal automaton finds
 * where those strings occur and the rule's regex is tried, sticky, at just those positions. That
 * finds exactly the matches a left-to-right scan finds, because a scan can only match at a
 * position where one of the strings starts.
 *
 * The analysis reads JavaScript regex source (`u` flag, case-sensitive) and is deliberately
 * conservative: anything it does not understand (classes with ranges or escapes, `.`, `\w`,
 * unknown group syntax) ends the literal there, or makes the answer
 * `null` (no leading literal: scan the whole text) when nothing was read yet.
 */

/** More strings than this and the set stops growing (it stays correct, only less selective). */
const MAX_STRINGS = 256;
/** Longer prefixes select no better in practice and only grow the automaton. */
const MAX_LENGTH = 12;
/** A character class is read as literal alternatives only when it is this small. */
const MAX_CLASS = 8;

type Atom =
  | { kind: 'zero' }
  | { kind: 'other' }
  /** `complete`: the atom always matches exactly one of `strings`, nothing else. */
  | { kind: 'set'; strings: string[]; complete: boolean };

interface Sequence {
  strings: string[];
  complete: boolean;
}

class Unsupported extends Error {}

class Reader {
  i = 0;
  constructor(readonly src: string) {}

  peek(offset = 0): string {
    return this.src[this.i + offset] ?? '';
  }
  done(): boolean {
    return this.i >= this.src.length;
  }
}

/** The leading literals of `source`, minimal (none is a prefix of another), or null. */
export function leadingLiterals(source: string): string[] | null {
  let alternatives: Sequence[];
  try {
    const r = new Reader(source);
    alternatives = readAlternatives(r);
    if (!r.done()) return null;
  } catch (e) {
    if (e instanceof Unsupported) return null;
    throw e;
  }
  const strings = new Set<string>();
  for (const alt of alternatives) {
    for (const s of alt.strings) {
      if (s === '') return null;
      strings.add(cut(s));
    }
  }
  return minimal([...strings]);
}

/** Cuts to at most MAX_LENGTH units without splitting a surrogate pair. */
function cut(s: string): string {
  if (s.length <= MAX_LENGTH) return s;
  const high = s.charCodeAt(MAX_LENGTH - 1);
  return s.slice(0, high >= 0xd800 && high <= 0xdbff ? MAX_LENGTH - 1 : MAX_LENGTH);
}

/** Drops every string that has a shorter one of the set as its prefix: it adds no position. */
function minimal(strings: string[]): string[] {
  strings.sort((a, b) => a.length - b.length || (a < b ? -1 : a > b ? 1 : 0));
  const kept: string[] = [];
  for (const s of strings) if (!kept.some((k) => s.startsWith(k))) kept.push(s);
  return kept;
}

function readAlternatives(r: Reader): Sequence[] {
  const alternatives = [readSequence(r)];
  while (r.peek() === '|') {
    r.i++;
    alternatives.push(readSequence(r));
  }
  return alternatives;
}

function readSequence(r: Reader): Sequence {
  let strings = [''];
  let complete = true;
  let open = true;
  // Prefixes of the matches that take an optional atom (`(?:please )?ignore`): they end with
  // the atom; the matches that skip it go on with the rest of the sequence.
  const taken: string[] = [];
  while (!r.done() && r.peek() !== '|' && r.peek() !== ')') {
    const atom = readAtom(r);
    const q = readQuantifier(r);
    if (atom.kind === 'zero') continue;
    if (!open) continue;
    if (atom.kind === 'set' && q !== null && q.min === 0 && taken.length + strings.length * (atom.strings.length + 1) <= MAX_STRINGS) {
      for (const a of strings) for (const b of atom.strings) taken.push(a + b);
      complete = false;
      continue;
    }
    if (atom.kind === 'set' && (q === null || q.min >= 1)) {
      const product = strings.length * atom.strings.length;
      if (product > MAX_STRINGS) {
        open = complete = false;
        continue;
      }
      const next: string[] = [];
      for (const a of strings) for (const b of atom.strings) next.push(a + b);
      strings = next;
      // A repeated or partly read atom may go on with more text: the prefix ends here.
      if (!atom.complete || q !== null) open = complete = false;
      else if (strings.every((s) => s.length >= MAX_LENGTH)) open = complete = false;
    } else {
      open = complete = false;
    }
  }
  return { strings: taken.length > 0 ? [...strings, ...taken] : strings, complete };
}

function readQuantifier(r: Reader): { min: number } | null {
  const c = r.peek();
  let min: number;
  if (c === '*' || c === '?') min = 0;
  else if (c === '+') min = 1;
  else if (c === '{') {
    const m = /^\{(\d+)(?:,\d*)?\}/.exec(r.src.slice(r.i));
    if (!m) throw new Unsupported();
    r.i += m[0].length - 1;
    min = Number(m[1]);
  } else return null;
  r.i++;
  if (r.peek() === '?') r.i++;
  return { min };
}

function readAtom(r: Reader): Atom {
  const c = r.peek();
  if (c === '(') return readGroup(r);
  if (c === '[') return readClass(r);
  if (c === '\\') {
    r.i++;
    const e = readEscape(r, false);
    return e === null ? { kind: 'other' } : e === '' ? { kind: 'zero' } : { kind: 'set', strings: [e], complete: true };
  }
  if (c === '^' || c === '$') {
    r.i++;
    return { kind: 'zero' };
  }
  if (c === '.') {
    r.i++;
    return { kind: 'other' };
  }
  if (c === '*' || c === '+' || c === '?' || c === '{' || c === '}' || c === ']') throw new Unsupported();
  const cp = r.src.codePointAt(r.i)!;
  const ch = String.fromCodePoint(cp);
  r.i += ch.length;
  return { kind: 'set', strings: [ch], complete: true };
}

function readGroup(r: Reader): Atom {
  r.i++; // (
  let lookaround = false;
  if (r.peek() === '?') {
    const next = r.peek(1);
    if (next === ':') r.i += 2;
    else if (next === '=' || next === '!') {
      r.i += 2;
      lookaround = true;
    } else if (next === '<' && (r.peek(2) === '=' || r.peek(2) === '!')) {
      r.i += 3;
      lookaround = true;
    } else if (next === '<') {
      const close = r.src.indexOf('>', r.i);
      if (close < 0) throw new Unsupported();
      r.i = close + 1;
    } else throw new Unsupported(); // modifiers such as (?i:…) change what a literal means
  }
  const alternatives = readAlternatives(r);
  if (r.peek() !== ')') throw new Unsupported();
  r.i++;
  if (lookaround) return { kind: 'zero' };
  const strings = new Set<string>();
  for (const alt of alternatives) for (const s of alt.strings) strings.add(s);
  return { kind: 'set', strings: [...strings], complete: alternatives.every((a) => a.complete) };
}

/** A class of a few plain characters reads as those characters; anything else is `other`. */
function readClass(r: Reader): Atom {
  r.i++; // [
  let negated = false;
  if (r.peek() === '^') {
    negated = true;
    r.i++;
  }
  const chars = new Set<string>();
  let plain = !negated;
  while (!r.done() && r.peek() !== ']') {
    let ch: string | null;
    if (r.peek() === '\\') {
      r.i++;
      ch = readEscape(r, true);
    } else {
      const cp = r.src.codePointAt(r.i)!;
      ch = String.fromCodePoint(cp);
      r.i += ch.length;
    }
    if (ch === null || ch === '' || (r.peek() === '-' && r.peek(1) !== ']')) plain = false;
    else chars.add(ch);
    if (r.peek() === '-' && r.peek(1) !== ']') {
      plain = false;
      r.i++;
    }
  }
  if (r.peek() !== ']') throw new Unsupported();
  r.i++;
  if (!plain || chars.size === 0 || chars.size > MAX_CLASS) return { kind: 'other' };
  return { kind: 'set', strings: [...chars], complete: true };
}

/**
 * Reads the escape after a backslash: the character it stands for, '' for a zero-width
 * assertion, null for a character class or anything that is not one fixed character.
 */
function readEscape(r: Reader, inClass: boolean): string | null {
  const c = r.peek();
  r.i++;
  switch (c) {
    case 'b':
      return inClass ? '\b' : '';
    case 'B':
      if (inClass) throw new Unsupported();
      return '';
    case 'd':
    case 'D':
    case 'w':
    case 'W':
    case 's':
    case 'S':
      return null;
    case 'p':
    case 'P': {
      if (r.peek() !== '{') throw new Unsupported();
      const close = r.src.indexOf('}', r.i);
      if (close < 0) throw new Unsupported();
      r.i = close + 1;
      return null;
    }
    case 'n':
      return '\n';
    case 'r':
      return '\r';
    case 't':
      return '\t';
    case 'f':
      return '\f';
    case 'v':
      return '\v';
    case '0':
      return /\d/.test(r.peek()) ? null : '\0';
    case 'x': {
      const m = /^[0-9a-fA-F]{2}/.exec(r.src.slice(r.i, r.i + 2));
      if (!m) throw new Unsupported();
      r.i += 2;
      return String.fromCharCode(parseInt(m[0], 16));
    }
    case 'u': {
      if (r.peek() === '{') {
        const close = r.src.indexOf('}', r.i);
        if (close < 0) throw new Unsupported();
        const cp = parseInt(r.src.slice(r.i + 1, close), 16);
        r.i = close + 1;
        return String.fromCodePoint(cp);
      }
      const m = /^[0-9a-fA-F]{4}/.exec(r.src.slice(r.i, r.i + 4));
      if (!m) throw new Unsupported();
      r.i += 4;
      const unit = parseInt(m[0], 16);
      // A surrogate pair written as two \u escapes is one character under the `u` flag.
      if (unit >= 0xd800 && unit <= 0xdbff && r.src.startsWith('\\u', r.i)) {
        const low = /^[0-9a-fA-F]{4}/.exec(r.src.slice(r.i + 2, r.i + 6));
        if (low && parseInt(low[0], 16) >= 0xdc00 && parseInt(low[0], 16) <= 0xdfff) {
          r.i += 6;
          return String.fromCharCode(unit, parseInt(low[0], 16));
        }
      }
      return String.fromCharCode(unit);
    }
    case 'c':
      r.i++;
      return null;
    case 'k': {
      const close = r.src.indexOf('>', r.i);
      if (close < 0) throw new Unsupported();
      r.i = close + 1;
      return null;
    }
    case '':
      throw new Unsupported();
    default:
      if (/\d/.test(c)) return null; // back-reference
      // Under `u` only syntax characters (and `-` in classes, `/`) may be escaped: the char itself.
      return c;
  }
}
