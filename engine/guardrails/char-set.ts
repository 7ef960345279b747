/**
 * The characters a regex atom (a character, a class, `.`, `\w`, `\p{…}`) can match, and whether
 * several such sets share a character: what the load-time backtracking check
 * (`backtracking.ts`) asks. Membership is always the regex engine's own answer (a one-atom
 * regex with the pattern's flags); code point ranges are read from the source where they can
 * be, so most questions are answered without trying characters one by one.
 */

export type Range = readonly [number, number];

export interface CharSet {
  /** Sorted, disjoint code point ranges, when known exactly (as written: before case folding). */
  readonly ranges: readonly Range[] | null;
  /**
   * The general categories (`Lu`, `Nd`, …) the set is exactly the union of, when it is written
   * as one (`\p{L}`, `[\p{L}\p{N}]`, `[^\p{L}\p{N}]`); null otherwise and under the `i` flag.
   */
  readonly categories: ReadonlySet<string> | null;
  /** Whether the atom matches this code point. */
  has(cp: number): boolean;
  /** A number of code points, when `ranges` is known. */
  readonly size: number;
  readonly id: number;
}

const MAX_CP = 0x10ffff;
/** Sets up to this size are tried character by character when ranges alone cannot answer. */
const ENUMERABLE = 4096;

const CODED = /^\\(?:u\{([0-9a-fA-F]+)\}|u([0-9a-fA-F]{4})|x([0-9a-fA-F]{2})|c([A-Za-z]))/;
// Syntax characters, escaped to make a one-character regex (`u` allows no other identity escape).
const SYNTAX = /[\\^$.*+?()[\]{}|/]/g;
const GENERAL_CATEGORY_PREFIX = /^(?:gc|General_Category)=/;
const PROPERTIES_ONLY = /^(?:\\[pP]\{[^}]+\})+$/;
const PROPERTY = /\\[pP]\{[^}]+\}/g;

const DIGIT: Range[] = [[0x30, 0x39]];
const WORD: Range[] = [[0x30, 0x39], [0x41, 0x5a], [0x5f, 0x5f], [0x61, 0x7a]];
// ECMAScript WhiteSpace and LineTerminator.
const SPACE: Range[] = [[0x09, 0x0d], [0x20, 0x20], [0xa0, 0xa0], [0x1680, 0x1680], [0x2000, 0x200a], [0x2028, 0x2029], [0x202f, 0x202f], [0x205f, 0x205f], [0x3000, 0x3000], [0xfeff, 0xfeff]];
const LINE_TERMINATORS: Range[] = [[0x0a, 0x0a], [0x0d, 0x0d], [0x2028, 0x2029]];

const SUBCATEGORIES: Record<string, string[]> = {
  L: ['Lu', 'Ll', 'Lt', 'Lm', 'Lo'],
  LC: ['Lu', 'Ll', 'Lt'],
  M: ['Mn', 'Mc', 'Me'],
  N: ['Nd', 'Nl', 'No'],
  P: ['Pc', 'Pd', 'Ps', 'Pe', 'Pi', 'Pf', 'Po'],
  S: ['Sm', 'Sc', 'Sk', 'So'],
  Z: ['Zs', 'Zl', 'Zp'],
  C: ['Cc', 'Cf', 'Cs', 'Co', 'Cn'],
};
const ALL_SUBCATEGORIES = ['L', 'M', 'N', 'P', 'S', 'Z', 'C'].flatMap((c) => SUBCATEGORIES[c]!);
const LONG_NAMES: Record<string, string> = {
  Letter: 'L', Cased_Letter: 'LC', Uppercase_Letter: 'Lu', Lowercase_Letter: 'Ll', Titlecase_Letter: 'Lt', Modifier_Letter: 'Lm', Other_Letter: 'Lo',
  Mark: 'M', Combining_Mark: 'M', Nonspacing_Mark: 'Mn', Spacing_Mark: 'Mc', Enclosing_Mark: 'Me',
  Number: 'N', Decimal_Number: 'Nd', digit: 'Nd', Letter_Number: 'Nl', Other_Number: 'No',
  Punctuation: 'P', punct: 'P', Connector_Punctuation: 'Pc', Dash_Punctuation: 'Pd', Open_Punctuation: 'Ps', Close_Punctuation: 'Pe', Initial_Punctuation: 'Pi', Final_Punctuation: 'Pf', Other_Punctuation: 'Po',
  Symbol: 'S', Math_Symbol: 'Sm', Currency_Symbol: 'Sc', Modifier_Symbol: 'Sk', Other_Symbol: 'So',
  Separator: 'Z', Space_Separator: 'Zs', Line_Separator: 'Zl', Paragraph_Separator: 'Zp',
  Other: 'C', Control: 'Cc', cntrl: 'Cc', Format: 'Cf', Surrogate: 'Cs', Private_Use: 'Co', Unassigned: 'Cn',
};

/** The subcategories a `\p{…}` value names when it is a general category, else null. */
function generalCategory(value: string): string[] | null {
  const name = value.replace(GENERAL_CATEGORY_PREFIX, '');
  const short = LONG_NAMES[name] ?? name;
  if (SUBCATEGORIES[short]) return SUBCATEGORIES[short]!;
  return ALL_SUBCATEGORIES.includes(short) ? [short] : null;
}

let nextId = 0;
const chars = new Map<number, CharSet>();
const classes = new Map<string, CharSet>();
const MAX_CACHED = 20_000;

/** The set of a character (`text`, one code point) or of a class source (`[…]`, `.`, `\w`, `\p{…}`). */
export function charSetOf(atom: { kind: 'char'; text: string } | { kind: 'class'; source: string }, flags: string): CharSet {
  const caseless = flags.includes('i');
  const dotAll = flags.includes('s');
  // Users load packs at will: keep the caches from growing without end.
  if (chars.size + classes.size >= MAX_CACHED) {
    chars.clear();
    classes.clear();
  }
  if (atom.kind === 'char' && !caseless) {
    const cp = atom.text.codePointAt(0)!;
    let set = chars.get(cp);
    if (!set) chars.set(cp, (set = make([[cp, cp]], null, null)));
    return set;
  }
  const source = atom.kind === 'char' ? atom.text.replace(SYNTAX, '\\$&') : atom.source;
  const key = `${caseless ? 'i' : ''}${dotAll ? 's' : ''}\u0000${source}`;
  let set = classes.get(key);
  if (!set) {
    const ranges = atom.kind === 'char' ? [[atom.text.codePointAt(0)!, atom.text.codePointAt(0)!] as const] : classRanges(atom.source, dotAll);
    // The regex engine answers membership where the ranges as written cannot (`\p{…}`, case folding).
    set = make(ranges, caseless ? null : classCategories(source), ranges && !caseless ? null : `^(?:${source})$`, `u${caseless ? 'i' : ''}${dotAll ? 's' : ''}`);
    classes.set(key, set);
  }
  return set;
}

/** Every code point: the search's implicit start, which skips any character. */
export const ANY: CharSet = make([[0, MAX_CP]], new Set(ALL_SUBCATEGORIES), null);

/** The union of several sets (what a repeated group can match, over all its atoms). */
export function unionOf(sets: readonly CharSet[]): CharSet {
  const unique = [...new Set(sets)];
  if (unique.length === 1) return unique[0]!;
  const ranges = unique.every((s) => s.ranges) ? merge(unique.flatMap((s) => s.ranges!)) : null;
  const categories = unique.every((s) => s.categories) ? new Set(unique.flatMap((s) => [...s.categories!])) : null;
  const set = make(ranges, categories, null);
  return ranges ? set : { ...set, has: (cp) => unique.some((s) => s.has(cp)) };
}

/** A set; `pattern` and `flags` make the regex its membership is asked of when its ranges are not enough. */
function make(ranges: readonly Range[] | null, categories: ReadonlySet<string> | null, pattern: string | null, flags = 'u'): CharSet {
  const size = ranges ? ranges.reduce((n, [lo, hi]) => n + hi - lo + 1, 0) : Infinity;
  let test: RegExp | undefined;
  const has = pattern === null ? (cp: number) => inRanges(ranges!, cp) : (cp: number) => (test ??= new RegExp(pattern, flags)).test(String.fromCodePoint(cp));
  return { ranges, categories, has, size, id: nextId++ };
}

function inRanges(ranges: readonly Range[], cp: number): boolean {
  let lo = 0;
  let hi = ranges.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const [a, b] = ranges[mid]!;
    if (cp < a) hi = mid - 1;
    else if (cp > b) lo = mid + 1;
    else return true;
  }
  return false;
}

/**
 * Which code points the text can hold at all (the pack views are NFKC-normalized, so `ª` or `²`
 * never occur there); undefined: any.
 */
export type Occurs = ((cp: number) => boolean) | undefined;

/**
 * Whether a character that `occurs` is in all of `sets`. May answer true when it cannot tell:
 * two large sets of which one is written with a `\p{…}` property other than a general category.
 */
export function intersects(sets: readonly CharSet[], flags: string, occurs?: Occurs): boolean {
  const caseless = flags.includes('i');
  if (!occurs && sets.length === 2 && !caseless && sets[0]!.ranges && sets[1]!.ranges) return rangesMeet(sets[0]!.ranges, sets[1]!.ranges);
  const unique = [...new Set(sets)];
  if (unique.length === 1) return anyOccurs(unique[0]!.ranges ?? [[0, MAX_CP]], occurs);
  return decide(unique, caseless, occurs);
}

function rangesMeet(a: readonly Range[], b: readonly Range[]): boolean {
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i]![1] < b[j]![0]) i++;
    else if (b[j]![1] < a[i]![0]) j++;
    else return true;
  }
  return false;
}

/** Whether a character of `ranges` occurs (a long range is taken to hold one). */
function anyOccurs(ranges: readonly Range[], occurs: Occurs): boolean {
  if (!occurs) return ranges.length > 0;
  for (const [lo, hi] of ranges) {
    if (hi - lo >= ENUMERABLE) return true;
    for (let cp = lo; cp <= hi; cp++) if (occurs(cp)) return true;
  }
  return false;
}

function decide(sets: CharSet[], caseless: boolean, occurs: Occurs): boolean {
  // Ranges as written are exact without case folding.
  if (!caseless && sets.every((s) => s.ranges)) return anyOccurs(sets.slice(1).reduce((acc, s) => intersectRanges(acc, s.ranges!), sets[0]!.ranges!), occurs);
  // A short list: try each of its characters (under `i`, one of its own characters is in every
  // set exactly when the sets share a character, because membership folds case on both sides).
  const smallest = sets.filter((s) => s.ranges && s.size <= ENUMERABLE).sort((a, b) => a.size - b.size)[0];
  if (smallest) {
    const others = sets.filter((s) => s !== smallest);
    for (const [lo, hi] of smallest.ranges!) for (let cp = lo; cp <= hi; cp++) if ((!occurs || occurs(cp)) && others.every((s) => s.has(cp))) return true;
    return false;
  }
  if (sets.every((s) => s.categories)) return [...sets[0]!.categories!].some((c) => sets.every((s) => s.categories!.has(c)));
  return true;
}

/** Whether every character of `a` that `occurs` is in `b`. May answer false when it cannot tell. */
export function isSubset(a: CharSet, b: CharSet, flags: string, occurs?: Occurs): boolean {
  if (a === b) return true;
  const caseless = flags.includes('i');
  if (!caseless && a.ranges && b.ranges) return !anyOccurs(intersectRanges(a.ranges, complement(b.ranges)), occurs);
  if (a.ranges && a.size <= ENUMERABLE && !caseless) {
    for (const [lo, hi] of a.ranges) for (let cp = lo; cp <= hi; cp++) if ((!occurs || occurs(cp)) && !b.has(cp)) return false;
    return true;
  }
  if (a.categories && b.categories) return [...a.categories].every((c) => b.categories!.has(c));
  return false;
}

function intersectRanges(a: readonly Range[], b: readonly Range[]): Range[] {
  const out: Range[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const lo = Math.max(a[i]![0], b[j]![0]);
    const hi = Math.min(a[i]![1], b[j]![1]);
    if (lo <= hi) out.push([lo, hi]);
    if (a[i]![1] < b[j]![1]) i++;
    else j++;
  }
  return out;
}

function merge(ranges: readonly Range[]): Range[] {
  const sorted = [...ranges].sort((x, y) => x[0] - y[0]);
  const out: [number, number][] = [];
  for (const [lo, hi] of sorted) {
    const last = out[out.length - 1];
    if (last && lo <= last[1] + 1) last[1] = Math.max(last[1], hi);
    else out.push([lo, hi]);
  }
  return out;
}

function complement(ranges: readonly Range[]): Range[] {
  const out: Range[] = [];
  let next = 0;
  for (const [lo, hi] of merge(ranges)) {
    if (lo > next) out.push([next, lo - 1]);
    next = hi + 1;
  }
  if (next <= MAX_CP) out.push([next, MAX_CP]);
  return out;
}

const ESCAPED_SETS: Record<string, Range[]> = { d: DIGIT, w: WORD, s: SPACE, D: complement(DIGIT), W: complement(WORD), S: complement(SPACE) };
const CONTROL_ESCAPES: Record<string, number> = { n: 0x0a, r: 0x0d, t: 0x09, f: 0x0c, v: 0x0b, '0': 0, b: 0x08 };

/** The ranges of a class source (`u` flag), or null when it holds what they cannot say (`\p{…}`). */
function classRanges(source: string, dotAll: boolean): Range[] | null {
  if (source === '.') return dotAll ? [[0, MAX_CP]] : complement(LINE_TERMINATORS);
  if (source.length === 2 && source[0] === '\\') return ESCAPED_SETS[source[1]!] ?? null;
  if (source[0] !== '[') return null;
  const negated = source[1] === '^';
  const body = source.slice(negated ? 2 : 1, -1);
  const out: Range[] = [];
  let i = 0;
  // One class member: a code point, or a set (`\d`) that cannot start or end a range.
  const member = (): number | Range[] | null => {
    const c = body[i]!;
    if (c !== '\\') {
      const cp = body.codePointAt(i)!;
      i += cp > 0xffff ? 2 : 1;
      return cp;
    }
    const next = body[i + 1] ?? '';
    const coded = CODED.exec(body.slice(i));
    if (coded) {
      i += coded[0].length;
      return coded[4] ? coded[4].charCodeAt(0) % 32 : parseInt(coded[1] ?? coded[2] ?? coded[3]!, 16);
    }
    i += 2;
    if (ESCAPED_SETS[next]) return ESCAPED_SETS[next]!;
    if (next === 'p' || next === 'P') return null;
    return CONTROL_ESCAPES[next] ?? next.codePointAt(0)!;
  };
  while (i < body.length) {
    const first = member();
    if (first === null) return null;
    if (typeof first !== 'number') {
      out.push(...first);
      continue;
    }
    if (body[i] === '-' && i + 1 < body.length) {
      i++;
      const last = member();
      if (typeof last !== 'number') return null;
      out.push([first, last]);
    } else out.push([first, first]);
  }
  const merged = merge(out);
  return negated ? complement(merged) : merged;
}

/** The general categories a class is exactly the union of (`\p{L}`, `[\p{L}\p{N}]`, `[^\p{L}]`). */
function classCategories(source: string): Set<string> | null {
  const negatedClass = source.startsWith('[^');
  const body = source.startsWith('[') ? source.slice(negatedClass ? 2 : 1, -1) : source;
  if (!PROPERTIES_ONLY.test(body)) return null;
  const items = body.match(PROPERTY)!;
  const cats = new Set<string>();
  for (const item of items) {
    const named = generalCategory(item.slice(3, -1));
    if (!named) return null;
    for (const c of item[1] === 'P' ? ALL_SUBCATEGORIES.filter((x) => !named.includes(x)) : named) cats.add(c);
  }
  return negatedClass ? new Set(ALL_SUBCATEGORIES.filter((c) => !cats.has(c))) : cats;
}
