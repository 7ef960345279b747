/**
 * Everything a recognizer may look at for one scan: the original text, its normalized views
 * (built once and shared), the direction, the system prompts to guard, and the sensitivity of
 * each guardrail. Views beyond `base` and `folded` are derived lazily.
 */
import { scanChars, type TextStats } from './normalize/char-scan.ts';
import { deobfuscate, type Deobfuscated } from './normalize/deobfuscate.ts';
import { normalizeText, type NormalizedViews } from './normalize/normalize.ts';
import { SliceView, type TextView } from './normalize/text-view.ts';
import type { Selection, TriggerIndex } from './prefilter.ts';
import type { Direction, GuardrailName, Sensitivity } from './types.ts';

export type ViewName = 'base' | 'folded' | 'deobfuscated';

export interface ScanOptions {
  direction: Direction;
  systemPrompts: readonly string[];
  sensitivity: Readonly<Record<GuardrailName, Sensitivity>>;
  minEchoLength: number;
  /** Nesting depth of decoded segments (0 for the text itself). */
  depth: number;
  /**
   * Internal: how far around its rewritten stretches the de-obfuscated view is scanned
   * (default `DEOBFUSCATION_RADIUS`; Infinity scans all of it, for tests).
   */
  deobfuscationRadius?: number;
}

/**
 * Units scanned on each side of a de-obfuscated stretch. A rule can only find something new on
 * the de-obfuscated view in a match that touches a rewritten unit (elsewhere the view is the
 * folded text), so the rest is not scanned again: with a few leet-looking tokens in a long text
 * ('html5', '60fps', 'rfc8259') the second selection and rule pass over all of it cost ~30 µs/KB.
 * The radius covers a match, its lookarounds and its `unless` window.
 */
export const DEOBFUSCATION_RADIUS = 512;

/** A part of the de-obfuscated view to scan, with the rules its triggers select. */
export interface DeobfuscatedPart {
  view: TextView;
  selection: Selection;
}

/**
 * The stretches [from, to) of a view of `length` units within `radius` of a change (flat pairs),
 * merged; the whole view when they would cover half of it. Ends avoid splitting surrogate pairs.
 */
export function partsAround(text: string, changes: readonly number[], radius: number): number[] {
  const length = text.length;
  const ranges: number[] = [];
  const pairs: [number, number][] = [];
  for (let i = 0; i < changes.length; i += 2) pairs.push([changes[i]!, changes[i + 1]!]);
  pairs.sort((a, b) => a[0] - b[0]);
  let covered = 0;
  for (const [start, end] of pairs) {
    let from = Math.max(0, start - radius);
    let to = Math.min(length, end + radius);
    if (from > 0 && isLowSurrogate(text.charCodeAt(from))) from--;
    if (to < length && isLowSurrogate(text.charCodeAt(to))) to++;
    const last = ranges.length - 2;
    if (last >= 0 && from <= ranges[last + 1]!) {
      covered += Math.max(0, to - ranges[last + 1]!);
      ranges[last + 1] = Math.max(ranges[last + 1]!, to);
    } else {
      ranges.push(from, to);
      covered += to - from;
    }
  }
  return covered * 2 >= length ? [0, length] : ranges;
}

const isLowSurrogate = (c: number): boolean => c >= 0xdc00 && c <= 0xdfff;

/** What one trigger index selected in this scan, computed on first request. */
interface Selections {
  plain?: Selection;
  deobfuscated?: readonly DeobfuscatedPart[];
}

export class ScanContext {
  readonly original: string;
  private readonly views: NormalizedViews;
  private deobfuscatedView: Deobfuscated | null | undefined;
  private baseStats: TextStats | undefined;
  /** The merged trigger index of every pack in this scan (set by the scanner). */
  triggerIndex: TriggerIndex | undefined;
  private readonly selections = new Map<TriggerIndex, Selections>();

  constructor(text: string, readonly options: ScanOptions) {
    this.original = text;
    this.views = normalizeText(text);
  }

  get base(): TextView {
    return this.views.base;
  }
  get folded(): TextView {
    return this.views.folded;
  }
  /**
   * True when the base and folded views both keep the original's units one for one, so an
   * offset means the same place in either (ASCII text, most CJK and Hangul prose): positions
   * found on the folded view then also bound base-view rules (`PackRecognizer`).
   */
  get viewsAligned(): boolean {
    return this.views.base.unitForUnit && this.views.folded.unitForUnit;
  }
  /** Character-class counts and long token runs of the base view (the candidate gates). */
  get stats(): TextStats {
    return (this.baseStats ??= scanChars(this.views.base.text));
  }
  /** The folded view with spaced letters joined and leetspeak read; null when identical. */
  get deobfuscated(): TextView | null {
    return this.deobfuscation()?.view ?? null;
  }

  private deobfuscation(): Deobfuscated | null {
    if (this.deobfuscatedView === undefined) {
      const s = this.stats;
      this.deobfuscatedView = deobfuscate(this.views.folded, s.leet || s.leetNearNonAscii, s.spacedLetters);
    }
    return this.deobfuscatedView;
  }

  /** The rules `index` selects on the plain views (folded and base); computed once per index and scan, shared by every pack. */
  selection(index: TriggerIndex): Selection {
    const memo = this.memo(index);
    return (memo.plain ??= index.select(this.folded.text, this.base.text));
  }

  /**
   * The parts of the de-obfuscated view around its rewritten stretches (none when there is no
   * such view), each with the rules `index` selects on it.
   */
  deobfuscatedParts(index: TriggerIndex): readonly DeobfuscatedPart[] {
    const memo = this.memo(index);
    if (memo.deobfuscated === undefined) {
      const deob = this.deobfuscation();
      const parts: DeobfuscatedPart[] = [];
      if (deob) {
        const { view, changes } = deob;
        const ranges = partsAround(view.text, changes, this.options.deobfuscationRadius ?? DEOBFUSCATION_RADIUS);
        for (let i = 0; i < ranges.length; i += 2) {
          const part = ranges[i] === 0 && ranges[i + 1] === view.text.length ? view : new SliceView(view, ranges[i]!, ranges[i + 1]!);
          parts.push({ view: part, selection: index.select(part.text, null) });
        }
      }
      memo.deobfuscated = parts;
    }
    return memo.deobfuscated;
  }

  private memo(index: TriggerIndex): Selections {
    let memo = this.selections.get(index);
    if (!memo) this.selections.set(index, (memo = {}));
    return memo;
  }

  view(name: ViewName): TextView | null {
    return name === 'base' ? this.base : name === 'folded' ? this.folded : this.deobfuscated;
  }
}
