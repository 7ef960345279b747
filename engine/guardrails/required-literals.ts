/**
 * Required literals of a pattern: a set of strings one of which occurs in every match. The
 * trigger index (`prefilter.ts`) selects a rule when one of its literals occurs, so a set that
 * misses a branch of the pattern would silently switch that branch off; derived from the
 * pattern, the set cannot miss one. (Hand-written trigger lists did, in 2026-11: "quietly
 * forward…", "uncensored mode", "/etc/sudoers", "go kill yourself" never ran.)
 *
 * The analysis follows the usual prefilter construction: for every part of the pattern, the
 * strings it matches exactly (when they are few and short) and a set of strings one of which any
 * match of it contains; a sequence multiplies exact sets while they stay small and otherwise
 * keeps the most selective set among its parts; an alternation unites its branches' sets.
 * Character classes wider than a few listed characters, and optional parts, require nothing.
 */
import { readRegex, type RegexNode } from './regex-ast.ts';

interface Info {
  /** Every string the part can match, when there are few and they are short; else null. */
  exact: string[] | null;
  /** Strings one of which every match of the part contains; null when none is required. */
  required: string[] | null;
}

const MAX_EXACT = 64;
const MAX_EXACT_LENGTH = 24;
const MAX_CLASS = 8;
const MAX_REQUIRED = 512;
/** A set is used only when each of its strings is at least this selective (see `weight`). */
export const MIN_WEIGHT = 3;

/**
 * How selective a literal is: ASCII letters and digits count 1, other ASCII characters ½, other
 * characters 2 (one ideograph or Hangul syllable narrows about as much as two Latin letters).
 */
function weight(s: string): number {
  let w = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    w += c >= 0x80 ? 2 : /[a-z0-9]/i.test(ch) ? 1 : 0.5;
  }
  return w;
}

function score(set: readonly string[]): number {
  let min = Infinity;
  for (const s of set) min = Math.min(min, weight(s));
  return min;
}

function better(a: string[] | null, b: string[] | null): string[] | null {
  if (!a) return b;
  if (!b) return a;
  const sa = score(a);
  const sb = score(b);
  if (sa !== sb) return sa > sb ? a : b;
  return b.length < a.length ? b : a;
}

function product(a: readonly string[], b: readonly string[]): string[] | null {
  if (a.length * b.length > MAX_EXACT) return null;
  const out = new Set<string>();
  for (const x of a) for (const y of b) {
    const s = x + y;
    if (s.length > MAX_EXACT_LENGTH) return null;
    out.add(s);
  }
  return [...out];
}

/** An exact set as a requirement: only when it cannot be the empty string. */
const asRequired = (exact: readonly string[] | null): string[] | null => (exact && exact.length > 0 && !exact.includes('') ? [...exact] : null);

function info(node: RegexNode): Info {
  switch (node.kind) {
    case 'char':
      return { exact: [node.text], required: [node.text] };
    case 'zero-width':
      return { exact: [''], required: null };
    case 'class':
      return node.members && node.members.length <= MAX_CLASS ? { exact: node.members, required: node.members } : { exact: null, required: null };
    case 'alt': {
      const parts = node.branches.map(info);
      let exact: string[] | null = null;
      if (parts.every((p) => p.exact)) {
        const union = [...new Set(parts.flatMap((p) => p.exact!))];
        if (union.length <= MAX_EXACT) exact = union;
      }
      let required: string[] | null = null;
      if (parts.every((p) => p.required)) {
        const union = [...new Set(parts.flatMap((p) => p.required!))];
        if (union.length <= MAX_REQUIRED) required = union;
      }
      return { exact, required: better(required, asRequired(exact)) };
    }
    case 'quant': {
      const inner = info(node.node);
      if (node.min === 0) {
        const exact = node.max === 1 && inner.exact && inner.exact.length < MAX_EXACT ? [...new Set(['', ...inner.exact])] : null;
        return { exact, required: null };
      }
      let exact: string[] | null = null;
      if (node.min === node.max && inner.exact) {
        exact = [''];
        for (let k = 0; k < node.min && exact; k++) exact = product(exact, inner.exact);
      }
      return { exact, required: better(inner.required, asRequired(exact)) };
    }
    case 'seq': {
      let required: string[] | null = null;
      // The exact strings of the current run of parts with exact sets, multiplied out.
      let run: string[] | null = [''];
      let whole = true;
      for (const item of node.items) {
        const part = info(item);
        required = better(required, part.required);
        const joined: string[] | null = run && part.exact ? product(run, part.exact) : null;
        if (joined) {
          run = joined;
          continue;
        }
        whole = false;
        required = better(required, asRequired(run));
        run = part.exact ? [...part.exact] : [''];
      }
      required = better(required, asRequired(run));
      return { exact: whole ? run : null, required };
    }
  }
}

/**
 * Strings one of which occurs in every match of `source` (JavaScript regex source, as compiled,
 * or its tree from `readRegex`), or null when the pattern requires none selective enough (see
 * `MIN_WEIGHT`) or cannot be read.
 */
export function requiredLiterals(source: string | RegexNode | null): string[] | null {
  const root = typeof source === 'string' ? readRegex(source) : source;
  if (!root) return null;
  const { required } = info(root);
  if (!required || score(required) < MIN_WEIGHT) return null;
  // Minimal: a string that contains another of the set adds nothing.
  const sorted = [...new Set(required)].sort((a, b) => a.length - b.length || (a < b ? -1 : 1));
  const kept: string[] = [];
  for (const s of sorted) if (!kept.some((k) => s.includes(k))) kept.push(s);
  return kept;
}
