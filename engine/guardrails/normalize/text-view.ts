/**
 * A text derived from the original (normalized, folded, de-obfuscated) together with a map from
 * each of its UTF-16 units back to the range of original units it came from. Recognizers match
 * on a view and report spans in the original text through `toOriginal`, so masking never
 * corrupts text when normalization changes lengths.
 */

export class TextView {
  /**
   * `starts[i]`/`ends[i]`: the original range that produced unit `i`; `null` means the view is
   * the same length as the original and unit `i` came from original unit `i`.
   */
  constructor(
    readonly text: string,
    private readonly starts: Int32Array | null,
    private readonly ends: Int32Array | null,
    readonly originalLength: number,
  ) {}

  static identity(text: string, originalLength = text.length): TextView {
    return new TextView(text, null, null, originalLength);
  }

  /** Maps the half-open view range [start, end) to the smallest original range covering it. */
  toOriginal(start: number, end: number): [number, number] {
    const starts = this.starts;
    const ends = this.ends;
    if (starts === null || ends === null) return [start, end];
    const n = this.text.length;
    if (n === 0) return [0, 0];
    const a = Math.min(Math.max(start, 0), n - 1);
    const b = Math.min(Math.max(end, a + 1), n);
    return [starts[a]!, ends[b - 1]!];
  }

  /** The original range of one view unit (used when deriving a view from this one). */
  startOf(i: number): number {
    return this.starts === null ? i : this.starts[i]!;
  }
  endOf(i: number): number {
    return this.ends === null ? i + 1 : this.ends[i]!;
  }
}

/** Accumulates view text unit by unit with the original range of each unit. */
export class ViewBuilder {
  private parts: string[] = [];
  private starts: Int32Array;
  private ends: Int32Array;
  private length = 0;

  constructor(capacity: number) {
    this.starts = new Int32Array(Math.max(16, capacity));
    this.ends = new Int32Array(Math.max(16, capacity));
  }

  push(s: string, origStart: number, origEnd: number): void {
    const need = this.length + s.length;
    if (need > this.starts.length) this.grow(need);
    for (let i = 0; i < s.length; i++) {
      this.starts[this.length] = origStart;
      this.ends[this.length] = origEnd;
      this.length++;
    }
    this.parts.push(s);
  }

  private grow(need: number): void {
    const size = Math.max(need, this.starts.length * 2);
    const s = new Int32Array(size);
    const e = new Int32Array(size);
    s.set(this.starts);
    e.set(this.ends);
    this.starts = s;
    this.ends = e;
  }

  build(originalLength: number): TextView {
    return new TextView(this.parts.join(''), this.starts.subarray(0, this.length), this.ends.subarray(0, this.length), originalLength);
  }
}
