/**
 * The shortest run of token units (`[A-Za-z0-9+/_-]`, the alphabet of `TokenRun` in
 * `normalize/char-scan.ts`) that every match of a pattern contains, read from its tree
 * (`regex-ast.ts`). An API key pattern (`ghp_[A-Za-z0-9]{36}`) holds a run of 40; ordinary
 * prose has no run that long, and the scan already lists the runs of 16 units or more of every
 * text, so a base-view rule whose matches need a run the text lacks is not tried at all
 * (`PackRecognizer`). Weak triggers ("-", "sk") otherwise made such rules read most texts.
 *
 * The bound is conservative: runs are only added up across consecutive parts that match nothing
 * but token units, and a part that may match anything else ends the run.
 */
import { readRegex, type RegexNode } from './regex-ast.ts';

interface RunBound {
  /** Every match of the node is made only of token units. */
  onlyTokens: boolean;
  /** The node's shortest match, in units (meaningful when `onlyTokens`). */
  shortest: number;
  /** A run of token units at least this long is inside every match. */
  run: number;
}

const isTokenUnit = (c: number): boolean =>
  (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 43 || c === 47 || c === 95 || c === 45;

/**
 * Under the `i` and `u` flags together, `k`/`K` also match U+212A (Kelvin sign) and `s`/`S`
 * U+017F (long s): a class holding them matches units outside the alphabet.
 */
const foldsOutside = (c: number, caseInsensitive: boolean): boolean => caseInsensitive && (c === 75 || c === 107 || c === 83 || c === 115);

/** Of `source` (or its tree), for a regex compiled with `flags`; 0 when nothing can be said. */
export function minTokenRun(source: string | RegexNode | null, flags: string): number {
  const root = typeof source === 'string' ? readRegex(source) : source;
  return root ? bound(root, flags.includes('i')).run : 0;
}

function bound(node: RegexNode, ci: boolean): RunBound {
  switch (node.kind) {
    case 'zero-width':
      return { onlyTokens: true, shortest: 0, run: 0 };
    case 'char': {
      const units = [...node.text].map((ch) => ch.charCodeAt(0));
      const only = node.text.length === 1 && isTokenUnit(units[0]!) && !foldsOutside(units[0]!, ci);
      return { onlyTokens: only, shortest: node.text.length, run: only ? 1 : 0 };
    }
    case 'class': {
      const only = classOnlyTokens(node.source, ci);
      return { onlyTokens: only, shortest: 1, run: only ? 1 : 0 };
    }
    case 'quant': {
      const inner = bound(node.node, ci);
      if (node.min === 0) return { onlyTokens: inner.onlyTokens, shortest: 0, run: 0 };
      const shortest = inner.shortest * node.min;
      return { onlyTokens: inner.onlyTokens, shortest, run: inner.onlyTokens ? shortest : inner.run };
    }
    case 'alt': {
      const branches = node.branches.map((b) => bound(b, ci));
      return {
        onlyTokens: branches.every((b) => b.onlyTokens),
        shortest: Math.min(...branches.map((b) => b.shortest)),
        run: Math.min(...branches.map((b) => b.run)),
      };
    }
    case 'seq': {
      let onlyTokens = true;
      let shortest = 0;
      let run = 0;
      let current = 0;
      for (const item of node.items) {
        const b = bound(item, ci);
        shortest += b.shortest;
        if (b.onlyTokens) {
          current += b.shortest;
        } else {
          onlyTokens = false;
          run = Math.max(run, current, b.run);
          current = 0;
        }
      }
      return { onlyTokens, shortest, run: Math.max(run, current) };
    }
  }
}

/** True when the class (its source, `[...]` or an escape such as `\d`) matches token units only. */
function classOnlyTokens(source: string, ci: boolean): boolean {
  if (source === '\\d') return true;
  if (source === '\\w') return !ci;
  if (!source.startsWith('[') || source[1] === '^') return false;
  const body = source.slice(1, -1);
  let prev = -1;
  for (let j = 0; j < body.length; j++) {
    let c = body.charCodeAt(j);
    if (c === 92) {
      const next = body[j + 1] ?? '';
      j++;
      if (next === 'd') {
        prev = -1;
        continue;
      }
      if (next === 'w' && !ci) {
        prev = -1;
        continue;
      }
      // Escaped punctuation stands for itself; any other escape (classes, code points) is not read.
      if (!/^[-+/_.\\]$/.test(next)) return false;
      c = next.charCodeAt(0);
    } else if (c === 45 && prev >= 0 && j + 1 < body.length) {
      // A range from the previous unit.
      const to = body.charCodeAt(j + 1);
      if (to === 92) return false;
      if (to > 127 || to < prev) return false;
      for (let u = prev; u <= to; u++) if (!isTokenUnit(u) || foldsOutside(u, ci)) return false;
      j++;
      prev = -1;
      continue;
    }
    if (!isTokenUnit(c) || foldsOutside(c, ci)) return false;
    prev = c;
  }
  return true;
}
