/**
 * Reasoning about globs as languages, for the linter, the prober and diff witnesses: does one
 * glob accept everything another accepts, and which concrete string shows it? Globs are small
 * automata (one state per atom, `*` loops), so we explore their product over a finite alphabet:
 * one representative code point per interval of the partition every glob's characters, classes
 * and ranges induce. Two code points in the same interval are accepted by exactly the same atoms,
 * so the answer over representatives is the answer over all of Unicode.
 */
import { atomAccepts, compileGlob, parseGlob } from './glob.ts';

import type { Atom } from './glob.ts';

/** States explored before giving up; an undecided question answers conservatively. */
const BUDGET = 20_000;
const PREFERRED = 'xabcdefghijklmnopqrstuvwyz0123456789_-';


/** Positions reachable without consuming input: a star may match the empty string. */
function closure(atoms: Atom[], positions: Iterable<number>): number[] {
  const out = new Set<number>();
  for (let p of positions) {
    out.add(p);
    while (atoms[p]?.kind === 'star') out.add(++p);
  }
  return [...out].sort((a, b) => a - b);
}

function step(atoms: Atom[], positions: number[], cp: number): number[] {
  const next: number[] = [];
  for (const p of positions) {
    const atom = atoms[p];
    if (atom?.kind === 'star') next.push(p);
    else if (atom && atomAccepts(atom, cp)) next.push(p + 1);
  }
  return closure(atoms, next);
}

/** One code point per equivalence interval of the alphabet, readable ones preferred. */
function representatives(globs: Atom[][]): number[] {
  const cuts = new Set<number>([0]);
  for (const atoms of globs) {
    for (const atom of atoms) {
      if (atom.kind === 'char') { cuts.add(atom.cp); cuts.add(atom.cp + 1); }
      if (atom.kind === 'class') {
        for (const s of atom.singles) { cuts.add(s); cuts.add(s + 1); }
        for (const [lo, hi] of atom.ranges) { cuts.add(lo); cuts.add(hi + 1); }
      }
    }
  }
  const sorted = [...cuts].filter((c) => c <= 0x10ffff).sort((a, b) => a - b);
  const reps: number[] = [];
  for (let i = 0; i < sorted.length; i++) {
    const lo = sorted[i]!;
    const hi = (sorted[i + 1] ?? 0x110000) - 1;
    const nice = [...PREFERRED].map((c) => c.codePointAt(0)!).find((c) => c >= lo && c <= hi);
    let rep = nice ?? lo;
    if (nice === undefined && rep >= 0xd800 && rep <= 0xdfff) rep = hi >= 0xe000 ? 0xe000 : -1;
    if (nice === undefined && rep >= 0 && rep < 0x20 && hi >= 0x20) rep = Math.max(lo, 0x20);
    if (rep >= 0) reps.push(rep);
  }
  // Readable characters first so that witnesses look like words.
  return reps.sort((a, b) => rank(a) - rank(b) || a - b);
}

const rank = (cp: number) => (PREFERRED.includes(String.fromCodePoint(cp)) ? 0 : cp >= 0x20 && cp < 0x7f ? 1 : 2);

/**
 * The shortest string whose acceptance by each glob satisfies `want` (true = accepted), or null
 * when none exists, or undefined when the search ran out of budget.
 */
export function globWitness(globs: readonly string[], want: readonly boolean[]): string | null | undefined {
  const atoms = globs.map((g) => parseGlob(g));
  const reps = representatives(atoms);
  const start = atoms.map((a) => closure(a, [0]));
  const key = (states: number[][]) => states.map((s) => s.join(',')).join('|');
  const done = (states: number[][]) => states.every((s, i) => s.includes(atoms[i]!.length) === want[i]);
  const queue: { states: number[][]; text: string }[] = [{ states: start, text: '' }];
  const seen = new Set<string>([key(start)]);
  for (let head = 0; head < queue.length; head++) {
    const { states, text } = queue[head]!;
    if (done(states)) return text;
    if (seen.size > BUDGET) return undefined;
    for (const cp of reps) {
      const next = states.map((s, i) => step(atoms[i]!, s, cp));
      // A glob that must accept but has no live state can never recover.
      if (next.some((s, i) => want[i] && !s.length)) continue;
      const k = key(next);
      if (seen.has(k)) continue;
      seen.add(k);
      queue.push({ states: next, text: text + String.fromCodePoint(cp) });
    }
  }
  return null;
}

const coverCache = new Map<string, boolean>();
const COVER_CACHE_LIMIT = 8192;

/** True when every string `inner` matches is also matched by `outer` (false when undecided). */
export function globCovers(outer: string, inner: string): boolean {
  if (outer === inner) return true;
  const o = compileGlob(outer);
  const i = compileGlob(inner);
  if (o.matchesAll) return true;
  if (i.exact) return o.test(i.literalPrefix);
  // Literal prefixes decide the common cases without building automata.
  const op = o.literalPrefix;
  const ip = i.literalPrefix;
  if (ip.length >= op.length ? !ip.startsWith(op) : !op.startsWith(ip)) return false;
  if (outer === `${op}*` && ip.startsWith(op)) return true;
  const key = `${outer}\u0000${inner}`;
  let hit = coverCache.get(key);
  if (hit === undefined) {
    hit = globWitness([inner, outer], [true, false]) === null;
    if (coverCache.size >= COVER_CACHE_LIMIT) coverCache.clear();
    coverCache.set(key, hit);
  }
  return hit;
}

/** A short string the glob matches, or undefined when it matches nothing. */
export function globSample(glob: string): string | undefined {
  return globWitness([glob], [true]) ?? undefined;
}

/** A string both globs match, or undefined when they are disjoint (or undecided). */
export function globOverlap(a: string, b: string): string | undefined {
  return globWitness([a, b], [true, true]) ?? undefined;
}
