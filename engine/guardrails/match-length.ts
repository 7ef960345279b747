/**
 * The longest a match of a pattern can be, in UTF-16 units, read from its tree (`regex-ast.ts`).
 * A rule whose matches are bounded and contain one of a few literals can be tried near where
 * those literals occur instead of over the whole text (`prefilter.ts`, `Selection.windows`).
 */
import { readRegex, type RegexNode } from './regex-ast.ts';

/**
 * Of `source` (regex source, or its tree from `readRegex`); Infinity when a part repeats without
 * bound, or the pattern cannot be read.
 */
export function maxMatchLength(source: string | RegexNode | null): number {
  const root = typeof source === 'string' ? readRegex(source) : source;
  return root ? longest(root) : Infinity;
}

/**
 * How far beyond a match its lookarounds can read, in UTF-16 units (the longest lookaround
 * contents; Infinity when unbounded or unreadable). A rule tried on a slice of the text needs
 * that much context around the match.
 */
export function maxLookaroundLength(source: string | RegexNode | null): number {
  const root = typeof source === 'string' ? readRegex(source) : source;
  return root ? reach(root) : Infinity;
}

function reach(node: RegexNode): number {
  switch (node.kind) {
    case 'zero-width':
      return node.look ? Math.max(longest(node.look), reach(node.look)) : 0;
    case 'seq':
      return node.items.reduce((max, item) => Math.max(max, reach(item)), 0);
    case 'alt':
      return node.branches.reduce((max, branch) => Math.max(max, reach(branch)), 0);
    case 'quant':
      return node.max === 0 ? 0 : reach(node.node);
    default:
      return 0;
  }
}

function longest(node: RegexNode): number {
  switch (node.kind) {
    case 'char':
      return node.text.length;
    // One code point: a surrogate pair under the `u` flag.
    case 'class':
      return 2;
    case 'zero-width':
      return 0;
    case 'seq':
      return node.items.reduce((sum, item) => sum + longest(item), 0);
    case 'alt':
      return Math.max(...node.branches.map(longest));
    case 'quant': {
      if (node.max === 0) return 0;
      const inner = longest(node.node);
      return node.max === Infinity ? (inner === 0 ? 0 : Infinity) : inner * node.max;
    }
  }
}
