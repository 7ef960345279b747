/**
 * Leading literals of a regular expression: a small set of strings one of which begins every
 * match. A rule with leading literals need not scan the whole text: the literal automaton finds
 * where those strings occur and the rule's regex is tried, sticky, at just those positions. That
 * finds exactly the matches a left-to-right scan finds, because a scan can only match at a
 * position where one of the strings starts.
 *
 * The analysis reads the pattern's tree (`regex-ast.ts`) and is deliberately conservative:
 * anything that is not one of a few fixed characters (classes with ranges or escapes, `.`,
 * `\w`) ends the literal there, or makes the answer `null` (no leading literal: scan the whole
 * text) when nothing was read yet, as does a pattern the tree reader does not read.
 */
import { readRegex, type RegexNode } from './regex-ast.ts';

/** More strings than this and the set stops growing (it stays correct, only less selective). */
const MAX_STRINGS = 256;
/** Longer prefixes select no better in practice and only grow the automaton. */
const MAX_LENGTH = 12;
/** A character class is read as literal alternatives only when it is this small. */
const MAX_CLASS = 8;

/**
 * What a part of the pattern starts with. `strings`: one of them begins every match of the part
 * (null: nothing sure); `complete`: every match of the part is exactly one of them, so what
 * follows the part may extend them.
 */
interface Prefixes {
  strings: string[] | null;
  complete: boolean;
}

/**
 * The leading literals of `source` (regex source, or its tree from `readRegex`), minimal (none
 * is a prefix of another), or null.
 */
export function leadingLiterals(source: string | RegexNode | null): string[] | null {
  const root = typeof source === 'string' ? readRegex(source) : source;
  if (!root) return null;
  const { strings } = prefixes(root);
  if (!strings || strings.length === 0 || strings.includes('')) return null;
  return minimal([...new Set(strings.map(cut))]);
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
  // Strings are at most MAX_LENGTH units: looking up each prefix beats comparing with every kept one.
  const seen = new Set<string>();
  next: for (const s of strings) {
    for (let n = 1; n <= s.length; n++) if (seen.has(s.slice(0, n))) continue next;
    kept.push(s);
    seen.add(s);
  }
  return kept;
}

function prefixes(node: RegexNode): Prefixes {
  switch (node.kind) {
    case 'char':
      return { strings: [node.text], complete: true };
    case 'class':
      return node.members && node.members.length <= MAX_CLASS ? { strings: node.members, complete: true } : { strings: null, complete: false };
    case 'zero-width':
      return { strings: [''], complete: true };
    case 'alt': {
      const parts = node.branches.map(prefixes);
      if (parts.some((p) => p.strings === null)) {
        // A branch with nothing sure at its start leaves only the empty prefix for the whole.
        return { strings: [''], complete: false };
      }
      return { strings: [...new Set(parts.flatMap((p) => p.strings!))], complete: parts.every((p) => p.complete) };
    }
    case 'quant':
    case 'seq':
      return sequence(node.kind === 'seq' ? node.items : [node]);
  }
}

/** Multiplies out the prefixes of consecutive parts while each part is read completely. */
function sequence(items: RegexNode[]): Prefixes {
  let strings = [''];
  // Prefixes of the matches that take an optional part (`(?:please )?ignore`): they end with the
  // part; the matches that skip it go on with the rest of the sequence.
  const taken: string[] = [];
  let complete = true;
  for (const item of items) {
    if (item.kind === 'zero-width') continue;
    const quantified = item.kind === 'quant';
    const part = prefixes(quantified ? item.node : item);
    const min = quantified ? item.min : 1;
    if (part.strings === null) {
      complete = false;
      break;
    }
    if (min === 0) {
      if (taken.length + strings.length * (part.strings.length + 1) > MAX_STRINGS) {
        complete = false;
        break;
      }
      for (const a of strings) for (const b of part.strings) taken.push(a + b);
      complete = false;
      continue;
    }
    if (strings.length * part.strings.length > MAX_STRINGS) {
      complete = false;
      break;
    }
    const next: string[] = [];
    for (const a of strings) for (const b of part.strings) next.push(a + b);
    strings = next;
    // A repeated or partly read part may go on with more text: the prefix ends here.
    if (!part.complete || quantified || strings.every((s) => s.length >= MAX_LENGTH)) {
      complete = false;
      break;
    }
  }
  return { strings: taken.length > 0 ? [...strings, ...taken] : strings, complete: complete && taken.length === 0 };
}
