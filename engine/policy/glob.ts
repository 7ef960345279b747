/**
 * Globs with the reference's fnmatch semantics (Python `fnmatch.translate`, matched against the
 * whole string, case-sensitive): `*` is any run of characters (newlines and `/` included), `?` is
 * one code point, `[abc]` / `[a-c]` / `[!abc]` are classes, `[^x]` is a literal caret or x, a
 * reversed range empties the class, an unclosed `[` is literal, backslash is literal, no braces.
 *
 * picomatch follows shell/path semantics (`*` stops at `/`, `[^x]` negates, `\` escapes, braces
 * expand), so globs are compiled here instead. Matching never backtracks more than O(n·m):
 * common shapes (`*`, exact, `lit*`, `*lit`, `*lit*`) get a string-method fast path and the rest
 * run a two-pointer wildcard matcher over code points.
 */

export type Matcher = (text: string) => boolean;

export type Atom =
  | { kind: 'char'; cp: number }
  | { kind: 'any' }
  | { kind: 'class'; negate: boolean; singles: Set<number>; ranges: [number, number][] }
  | { kind: 'never' }
  | { kind: 'star' };

export interface CompiledGlob {
  readonly source: string;
  readonly test: Matcher;
  /** The characters every match must start with (empty when the glob starts with a wildcard). */
  readonly literalPrefix: string;
  /** True when the glob matches every string. */
  readonly matchesAll: boolean;
  /** True when the glob has no wildcard: it matches exactly `literalPrefix`. */
  readonly exact: boolean;
}

const cache = new Map<string, CompiledGlob>();
const CACHE_LIMIT = 4096;

export function compileGlob(pattern: string): CompiledGlob {
  const hit = cache.get(pattern);
  if (hit) return hit;
  const compiled = build(pattern);
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(pattern, compiled);
  return compiled;
}

/** Convenience: does `text` match `pattern`? */
export function globMatch(pattern: string, text: string): boolean {
  return compileGlob(pattern).test(text);
}

function build(pattern: string): CompiledGlob {
  const atoms = parseGlob(pattern);
  let prefix = '';
  for (const atom of atoms) {
    if (atom.kind !== 'char') break;
    prefix += String.fromCodePoint(atom.cp);
  }
  const isChar = (a: Atom) => a.kind === 'char';
  const stars = atoms.filter((a) => a.kind === 'star').length;
  const literal = (from: number, to: number) =>
    atoms.slice(from, to).map((a) => String.fromCodePoint((a as { cp: number }).cp)).join('');
  const n = atoms.length;
  const base = { source: pattern, literalPrefix: prefix, matchesAll: false, exact: false };

  if (atoms.some((a) => a.kind === 'never')) return { ...base, test: () => false };
  if (n === 1 && stars === 1) return { ...base, literalPrefix: '', matchesAll: true, test: () => true };
  if (stars === 0 && atoms.every(isChar)) return { ...base, exact: true, test: (t) => t === pattern };
  const inner = atoms.slice(1, -1);
  if (stars === 1 && atoms[n - 1]?.kind === 'star' && atoms.slice(0, -1).every(isChar)) {
    const lit = literal(0, n - 1);
    return { ...base, test: (t) => t.startsWith(lit) };
  }
  if (stars === 1 && atoms[0]?.kind === 'star' && atoms.slice(1).every(isChar)) {
    const lit = literal(1, n);
    return { ...base, test: (t) => t.endsWith(lit) };
  }
  if (stars === 2 && n >= 2 && atoms[0]?.kind === 'star' && atoms[n - 1]?.kind === 'star' && inner.every(isChar)) {
    const lit = literal(1, n - 1);
    return { ...base, test: (t) => t.includes(lit) };
  }
  return { ...base, test: (t) => matchAtoms(atoms, t) };
}

/** Parse a glob into atoms exactly as Python 3.11's fnmatch.translate reads it. */
export function parseGlob(pattern: string): Atom[] {
  const cps = Array.from(pattern, (c) => c.codePointAt(0)!);
  const n = cps.length;
  const atoms: Atom[] = [];
  let i = 0;
  while (i < n) {
    const c = cps[i++]!;
    if (c === 0x2a /* * */) {
      if (atoms[atoms.length - 1]?.kind !== 'star') atoms.push({ kind: 'star' });
    } else if (c === 0x3f /* ? */) {
      atoms.push({ kind: 'any' });
    } else if (c === 0x5b /* [ */) {
      let j = i;
      if (j < n && cps[j] === 0x21 /* ! */) j++;
      if (j < n && cps[j] === 0x5d /* ] */) j++;
      while (j < n && cps[j] !== 0x5d) j++;
      if (j >= n) {
        atoms.push({ kind: 'char', cp: c });
        continue;
      }
      atoms.push(parseClass(cps, i, j));
      i = j + 1;
    } else {
      atoms.push({ kind: 'char', cp: c });
    }
  }
  return atoms;
}

/** Class body cps[start, end) (after `[`, before the closing `]`). Mirrors fnmatch's chunking. */
function parseClass(cps: number[], start: number, end: number): Atom {
  const negate = cps[start] === 0x21;
  // Split at hyphens that form ranges; fnmatch skips the first character so a leading `-` is literal.
  const chunks: number[][] = [];
  let i = start;
  let k = negate ? start + 2 : start + 1;
  for (;;) {
    let hyphen = -1;
    for (let p = k; p < end; p++) if (cps[p] === 0x2d) { hyphen = p; break; }
    if (hyphen < 0) break;
    chunks.push(cps.slice(i, hyphen));
    i = hyphen + 1;
    k = hyphen + 3;
  }
  const last = cps.slice(i, end);
  if (last.length) chunks.push(last);
  else if (chunks.length) chunks[chunks.length - 1]!.push(0x2d);
  else chunks.push([0x2d]);
  // Remove empty (reversed) ranges, as fnmatch does.
  for (let c = chunks.length - 1; c > 0; c--) {
    const prev = chunks[c - 1]!;
    const cur = chunks[c]!;
    if (prev.length && cur.length && prev[prev.length - 1]! > cur[0]!) {
      chunks[c - 1] = [...prev.slice(0, -1), ...cur.slice(1)];
      chunks.splice(c, 1);
    }
  }
  // Rebuild members: a range joins the last char of one chunk to the first of the next.
  const flat: (number | 'range')[] = [];
  chunks.forEach((chunk, idx) => {
    if (idx > 0) flat.push('range');
    flat.push(...chunk);
  });
  let members = flat;
  let isNegated = false;
  if (members[0] === 0x21) {
    isNegated = true;
    members = members.slice(1);
  }
  if (!members.length) return isNegated ? { kind: 'any' } : { kind: 'never' };
  const singles = new Set<number>();
  const ranges: [number, number][] = [];
  for (let p = 0; p < members.length; p++) {
    const m = members[p]!;
    if (m === 'range') continue;
    if (members[p + 1] === 'range' && typeof members[p + 2] === 'number') {
      ranges.push([m, members[p + 2] as number]);
      p += 2;
    } else {
      singles.add(m);
    }
  }
  return { kind: 'class', negate: isNegated, singles, ranges };
}

/** Does one glob atom accept the code point `cp`? (`star` never does: it is handled by the matcher.) */
export function atomAccepts(atom: Atom, cp: number): boolean {
  switch (atom.kind) {
    case 'char':
      return atom.cp === cp;
    case 'any':
      return true;
    case 'class': {
      let inside = atom.singles.has(cp);
      if (!inside) for (const [lo, hi] of atom.ranges) if (cp >= lo && cp <= hi) { inside = true; break; }
      return inside !== atom.negate;
    }
    default:
      return false;
  }
}

/** Two-pointer wildcard match over code points: O(len(text) · len(atoms)) at worst, no recursion. */
function matchAtoms(atoms: Atom[], text: string): boolean {
  let ai = 0;
  let ti = 0;
  let starAi = -1;
  let starTi = 0;
  const n = text.length;
  while (ti < n) {
    const atom = atoms[ai];
    if (atom?.kind === 'star') {
      starAi = ai++;
      starTi = ti;
      continue;
    }
    const cp = text.codePointAt(ti)!;
    if (atom && atomAccepts(atom, cp)) {
      ti += cp > 0xffff ? 2 : 1;
      ai++;
      continue;
    }
    if (starAi < 0) return false;
    ai = starAi + 1;
    const skipped = text.codePointAt(starTi)!;
    starTi += skipped > 0xffff ? 2 : 1;
    ti = starTi;
  }
  while (atoms[ai]?.kind === 'star') ai++;
  return ai === atoms.length;
}
