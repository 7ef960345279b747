/**
 * A trap in Unicode regular expressions: `\b` and `\w` know only ASCII word characters, even
 * with the `u` flag. `\bпароль\b` never matches (the space before `п` and the `ь` before the end
 * are both "non-word"), and `системн\w{0,4}` cannot read `ый`. A pack author writing Russian,
 * Vietnamese or Hindi alternatives next to English ones falls into it silently; the loader warns.
 *
 * The check reads the pattern source and looks at the literal characters that can sit right next
 * to each `\b`, `\B`, `\w` or `\W`: through groups and alternations, past quantifiers. It is a
 * lint, not a proof: it answers for literals and small classes and ignores what it cannot see.
 */

const WORD_ESCAPES = new Set(['b', 'B', 'w', 'W']);
const NON_ASCII_WORD = /[^\x00-\x7f]/u;
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;

function isNonAsciiWordChar(ch: string): boolean {
  return NON_ASCII_WORD.test(ch) && LETTER_OR_DIGIT.test(ch);
}

/** Index of the `)` closing the group opened at `open`, or -1. */
function groupEnd(src: string, open: number): number {
  let depth = 0;
  for (let i = open; i < src.length; i++) {
    const ch = src[i];
    if (ch === '\\') i++;
    else if (ch === '[') i = classEnd(src, i);
    else if (ch === '(') depth++;
    else if (ch === ')' && --depth === 0) return i;
  }
  return -1;
}

/** Index of the `(` opening the group closed at `close`, or -1. */
function groupStart(src: string, close: number): number {
  // Scanning forward keeps escapes and classes right; the last opener still open at `close` wins.
  const opens: number[] = [];
  for (let i = 0; i < close; i++) {
    const ch = src[i];
    if (ch === '\\') i++;
    else if (ch === '[') i = classEnd(src, i);
    else if (ch === '(') opens.push(i);
    else if (ch === ')') opens.pop();
  }
  return opens.pop() ?? -1;
}

function classEnd(src: string, open: number): number {
  for (let i = open + 1; i < src.length; i++) {
    if (src[i] === '\\') i++;
    else if (src[i] === ']') return i;
  }
  return src.length;
}

/** The characters a class body names; a negated class names none we could judge. */
function classChars(body: string): string[] {
  return body.startsWith('^') ? [] : [...body];
}

/** The top-level alternatives of a group body. */
function branches(body: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let from = 0;
  for (let i = 0; i < body.length; i++) {
    const ch = body[i];
    if (ch === '\\') i++;
    else if (ch === '[') i = classEnd(body, i);
    else if (ch === '(') depth++;
    else if (ch === ')') depth--;
    else if (ch === '|' && depth === 0) {
      out.push(body.slice(from, i));
      from = i + 1;
    }
  }
  out.push(body.slice(from));
  return out;
}

/** Length of the group prefix (`(`, `(?:`, `(?<name>`); lookarounds are not read through. */
function groupPrefix(src: string, open: number): number | null {
  if (src[open + 1] !== '?') return 1;
  if (src[open + 2] === ':') return 3;
  if (src[open + 2] === '<' && src[open + 3] !== '=' && src[open + 3] !== '!') {
    const close = src.indexOf('>', open);
    return close < 0 ? null : close - open + 1;
  }
  return null;
}

/** Literal characters that can begin what starts at `i`. */
function charsAfter(src: string, i: number, out: string[]): void {
  if (i >= src.length) return;
  const ch = src[i]!;
  if (ch === '(') {
    const end = groupEnd(src, i);
    const prefix = groupPrefix(src, i);
    if (end < 0 || prefix === null) return;
    for (const branch of branches(src.slice(i + prefix, end))) charsAfter(branch, 0, out);
  } else if (ch === '[') {
    out.push(...classChars(src.slice(i + 1, classEnd(src, i))));
  } else if (ch !== '\\' && ch !== '|' && ch !== ')' && ch !== '^' && ch !== '$') {
    out.push(String.fromCodePoint(src.codePointAt(i)!));
  }
}

/** Literal characters that can end what stops just before `i`. */
function charsBefore(src: string, i: number, out: string[]): void {
  let j = i - 1;
  // Step back over a quantifier (and its lazy `?`) to the atom it repeats.
  if (src[j] === '?' && '}*+?'.includes(src[j - 1] ?? '')) j--;
  if (src[j] === '}') j = src.lastIndexOf('{', j) - 1;
  else if (src[j] === '?' || src[j] === '*' || src[j] === '+') j--;
  if (j < 0) return;
  const ch = src[j]!;
  if (src[j - 1] === '\\' && src[j - 2] !== '\\') return;
  if (ch === ')') {
    const open = groupStart(src, j);
    const prefix = open < 0 ? null : groupPrefix(src, open);
    if (prefix === null) return;
    for (const branch of branches(src.slice(open + prefix, j))) charsBefore(branch, branch.length, out);
  } else if (ch === ']') {
    out.push(...classChars(src.slice(src.lastIndexOf('[', j) + 1, j)));
  } else if (ch !== '(' && ch !== '|') {
    const low = src.charCodeAt(j);
    // A low surrogate ends a two-unit character.
    out.push(low >= 0xdc00 && low <= 0xdfff && j > 0 ? src.slice(j - 1, j + 1) : ch);
  }
}

/**
 * The first ASCII-only word escape in `source` that sits next to a non-ASCII letter or digit, as
 * `{ escape, neighbour }`, or null. `fold` maps a pattern character the way the rule's view will
 * (folded-view rules read `é` as `e`, which is no trap).
 */
export function asciiBoundaryNextToNonAscii(
  source: string,
  fold: (ch: string) => string = (ch) => ch,
): { escape: string; neighbour: string } | null {
  for (let i = 0; i < source.length; i++) {
    const ch = source[i];
    if (ch === '[') {
      i = classEnd(source, i);
      continue;
    }
    if (ch !== '\\') continue;
    const esc = source[i + 1] ?? '';
    if (WORD_ESCAPES.has(esc)) {
      const near: string[] = [];
      charsBefore(source, i, near);
      let after = i + 2;
      // `\w{0,4}` and `\w+` reach further: look past the quantifier.
      if (source[after] === '{') after = source.indexOf('}', after) + 1 || source.length;
      else if (source[after] === '?' || source[after] === '*' || source[after] === '+') after++;
      charsAfter(source, after, near);
      const neighbour = near.find((c) => [...fold(c)].some(isNonAsciiWordChar));
      if (neighbour !== undefined) return { escape: `\\${esc}`, neighbour };
    }
    i++;
  }
  return null;
}
