/**
 * Test support for patterns that list their start positions (`NamedPattern.starts`): the raw
 * matches found by trying the sticky regex at the listed starts, and those of a scan of every
 * position, which must be the same.
 */
import type { NamedPattern } from './pattern-recognizer.ts';
import type { ScanContext } from './scan-context.ts';

/** `[index, match]` of every match; at the listed starts when `useStarts` and a list is given. */
export function rawMatches(pattern: NamedPattern, text: string, ctx: ScanContext, useStarts: boolean): [number, string][] {
  const out: [number, string][] = [];
  const starts = useStarts ? pattern.starts!(text, ctx) : null;
  if (starts) {
    const sticky = new RegExp(pattern.regex.source, pattern.regex.flags.replace('g', '') + 'y');
    let next = 0;
    for (const s of starts) {
      if (s < next) continue;
      sticky.lastIndex = s;
      const m = sticky.exec(text);
      if (m === null) continue;
      out.push([m.index, m[0]]);
      next = s + m[0].length;
    }
  } else {
    const re = new RegExp(pattern.regex.source, pattern.regex.flags);
    for (const m of text.matchAll(re)) out.push([m.index, m[0]]);
  }
  return out;
}
