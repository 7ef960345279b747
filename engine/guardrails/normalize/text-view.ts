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

  /** True when unit `i` of the view came from original unit `i`, for every unit. */
  get unitForUnit(): boolean {
    return this.starts === null && this.text.length === this.originalLength;
  }

  /** The original range of one view unit (used when deriving a view from this one). */
  startOf(i: number): number {
    return this.starts === null ? i : this.starts[i]!;
  }
  endOf(i: number): number {
    return this.ends === null ? i + 1 : this.ends[i]!;
  }
}

/** A view whose text replaced units one-for-one: it shares the parent's offset map. */
export class DerivedView extends TextView {
  constructor(text: string, private readonly parent: TextView) {
    super(text, null, null, parent.originalLength);
  }
  override toOriginal(start: number, end: number): [number, number] {
    return this.parent.toOriginal(start, end);
  }
  override get unitForUnit(): boolean {
    return this.parent.unitForUnit;
  }
  override startOf(i: number): number {
    return this.parent.startOf(i);
  }
  override endOf(i: number): number {
    return this.parent.endOf(i);
  }
}

/** Units [from, to) of a parent view, as a view of their own mapping to the same original. */
export class SliceView extends TextView {
  constructor(
    private readonly parent: TextView,
    private readonly from: number,
    to: number,
  ) {
    super(parent.text.slice(from, to), null, null, parent.originalLength);
  }
  override toOriginal(start: number, end: number): [number, number] {
    return this.parent.toOriginal(start + this.from, end + this.from);
  }
  override get unitForUnit(): boolean {
    return this.from === 0 && this.text.length === this.parent.text.length && this.parent.unitForUnit;
  }
  override startOf(i: number): number {
    return this.parent.startOf(i + this.from);
  }
  override endOf(i: number): number {
    return this.parent.endOf(i + this.from);
  }
}

// Views never hold lone surrogates (normalization replaces them), so UTF-16 decoding is exact.
const utf16 = new TextDecoder('utf-16le');

/**
 * Accumulates view text unit by unit with the original range of each unit. Units go into a
 * typed buffer (decoded once at the end); when every unit maps to the original unit at the same
 * index, the view is built without offset arrays.
 */
export class ViewBuilder {
  private codes: Uint16Array;
  private starts: Int32Array;
  private ends: Int32Array;
  private length = 0;
  private identity = true;

  constructor(capacity: number) {
    const size = Math.max(16, capacity);
    this.codes = new Uint16Array(size);
    this.starts = new Int32Array(size);
    this.ends = new Int32Array(size);
  }

  /** One UTF-16 unit coming from the original range [origStart, origEnd). */
  pushUnit(code: number, origStart: number, origEnd: number): void {
    const k = this.length;
    if (k >= this.codes.length) this.grow(k + 1);
    this.codes[k] = code;
    this.starts[k] = origStart;
    this.ends[k] = origEnd;
    if (this.identity && (origStart !== k || origEnd !== k + 1)) this.identity = false;
    this.length = k + 1;
  }

  push(s: string, origStart: number, origEnd: number): void {
    for (let i = 0; i < s.length; i++) this.pushUnit(s.charCodeAt(i), origStart, origEnd);
  }

  private grow(need: number): void {
    const size = Math.max(need, this.codes.length * 2);
    const c = new Uint16Array(size);
    const s = new Int32Array(size);
    const e = new Int32Array(size);
    c.set(this.codes);
    s.set(this.starts);
    e.set(this.ends);
    this.codes = c;
    this.starts = s;
    this.ends = e;
  }

  build(originalLength: number): TextView {
    const text = utf16.decode(this.codes.subarray(0, this.length));
    if (this.identity && this.length === originalLength) return TextView.identity(text, originalLength);
    return new TextView(text, this.starts.subarray(0, this.length), this.ends.subarray(0, this.length), originalLength);
  }
}
