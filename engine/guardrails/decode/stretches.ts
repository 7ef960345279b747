/**
 * Where a hex or binary dump can be: the maximal stretches of text made only of its digits and
 * separators that hold enough digits. Every match of the HEX / BINARY patterns lies inside one
 * such stretch, and the units around a stretch are neither digits nor separators, so running
 * the pattern over each stretch alone (look-arounds included) finds exactly its matches in the
 * whole text while skipping the prose in between.
 */

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

/** [start, end) of each stretch of `cls` units holding at least `cls.minDigits` digits, in order. */
export function stretches(text: string, cls: StretchClass): [number, number][] {
  const out: [number, number][] = [];
  const units = cls.units;
  let start = -1;
  let digits = 0;
  for (let i = 0, n = text.length; i <= n; i++) {
    const c = i < n ? text.charCodeAt(i) : 0;
    const kind = c < 128 ? units[c]! : 0;
    if (kind !== 0) {
      if (start < 0) {
        start = i;
        digits = 0;
      }
      if (kind === 1) digits++;
    } else if (start >= 0) {
      if (digits >= cls.minDigits) out.push([start, i]);
      start = -1;
    }
  }
  return out;
}

/** The matches of global `re` in `text`, searched only inside the stretches `cls` allows. */
export function* matchesInStretches(text: string, re: RegExp, cls: StretchClass): Generator<{ start: number; text: string }> {
  for (const [start, end] of stretches(text, cls)) {
    const part = text.slice(start, end);
    for (const m of part.matchAll(re)) yield { start: start + m.index, text: m[0] };
  }
}
