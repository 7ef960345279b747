/**
 * Where a hex or binary dump can be: the maximal stretches of text made only of its digits and
 * separators that hold enough digits. Every match of the HEX / BINARY patterns lies inside one
 * such stretch, and the units around a stretch are neither digits nor separators, so running
 * the pattern over each stretch alone (look-arounds included) finds exactly its matches in the
 * whole text while skipping the prose in between.
 */
import { allMatches } from '../regex-matches.ts';

export interface StretchClass {
  /** 1 for a digit of the encoding, 2 for a separator, 0 for anything else (ASCII units). */
  readonly units: Uint8Array;
  /** Fewest digits a match holds. */
  readonly minDigits: number;
}

export function stretchClass(digits: string, separators: string, minDigits: number): StretchClass {
  const units = new Uint8Array(128);
  for (const ch of digits) units[ch.charCodeAt(0)] = 1;
  for (const ch of separators) units[ch.charCodeAt(0)] = 2;
  return { units, minDigits };
}

/**
 * [start, end) of each stretch of `cls` units holding at least `cls.minDigits` digits, in order.
 * Such a stretch is at least `minDigits` units long, so the scan probes one unit that far ahead
 * and skips the whole gap when it is not a member (the unit before the gap never is).
 */
export function stretches(text: string, cls: StretchClass): [number, number][] {
  const out: [number, number][] = [];
  const units = cls.units;
  const need = Math.max(1, cls.minDigits);
  const n = text.length;
  const kind = (i: number): number => {
    const c = text.charCodeAt(i);
    return c < 128 ? units[c]! : 0;
  };
  let i = 0;
  while (i + need <= n) {
    const probe = i + need - 1;
    if (kind(probe) === 0) {
      i = probe + 1;
      continue;
    }
    let start = probe;
    while (start > i && kind(start - 1) !== 0) start--;
    let end = probe + 1;
    while (end < n && kind(end) !== 0) end++;
    let digits = 0;
    for (let k = start; k < end; k++) if (kind(k) === 1) digits++;
    if (digits >= cls.minDigits) out.push([start, end]);
    i = end + 1;
  }
  return out;
}

/** The matches of global `re` in `text`, searched only inside the stretches `cls` allows. */
export function* matchesInStretches(text: string, re: RegExp, cls: StretchClass): Generator<{ start: number; text: string }> {
  for (const [start, end] of stretches(text, cls)) {
    const part = text.slice(start, end);
    for (const m of allMatches(re, part)) yield { start: start + m.index, text: m[0] };
  }
}
