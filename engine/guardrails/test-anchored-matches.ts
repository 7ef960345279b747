/**
 * Test support for patterns that list their start positions (`NamedPattern.starts`): the raw
 * matches the recognizer finds at the listed starts (its own `anchoredMatches`), and those of a
 * scan of every position, which must be the same.
 */
import { anchoredMatches, type NamedPattern } from './pattern-recognizer.ts';
import type { ScanContext } from './scan-context.ts';

/** `[index, match]` of every match; at the listed starts when `useStarts` and a list is given. */
export function rawMatches(pattern: NamedPattern, text: string, ctx: ScanContext, useStarts: boolean): [number, string][] {
  const out: [number, string][] = [];
  const starts = useStarts ? pattern.starts!(text, ctx) : null;
  if (starts) {
    const sticky = new RegExp(pattern.regex.source, pattern.regex.flags.replace('g', '') + 'y');
    for (const m of anchoredMatches(sticky, starts, text)) out.push([m.index, m[0]]);
  } else {
    const re = new RegExp(pattern.regex.source, pattern.regex.flags);
    for (const m of text.matchAll(re)) out.push([m.index, m[0]]);
  }
  return out;
}
