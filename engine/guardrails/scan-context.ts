/**
 * Everything a recognizer may look at for one scan: the original text, its normalized views
 * (built once and shared), the direction, the system prompts to guard, and the sensitivity of
 * each guardrail. Views beyond `base` and `folded` are derived lazily.
 */
import { scanChars, type TextStats } from './normalize/char-scan.ts';
import { deobfuscate } from './normalize/deobfuscate.ts';
import { normalizeText, type NormalizedViews } from './normalize/normalize.ts';
import type { TextView } from './normalize/text-view.ts';
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
}

export class ScanContext {
  readonly original: string;
  private readonly views: NormalizedViews;
  private deobfuscatedView: TextView | null | undefined;
  private baseStats: TextStats | undefined;
  /** The merged trigger index of every pack in this scan (set by the scanner). */
  triggerIndex: TriggerIndex | undefined;
  private readonly selections = new Map<TriggerIndex, { plain?: Selection; deobfuscated?: Selection | null }>();

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
  /** Character-class counts and long token runs of the base view (the candidate gates). */
  get stats(): TextStats {
    return (this.baseStats ??= scanChars(this.views.base.text));
  }
  /** The folded view with spaced letters joined and leetspeak read; null when identical. */
  get deobfuscated(): TextView | null {
    if (this.deobfuscatedView === undefined) {
      const s = this.stats;
      this.deobfuscatedView = deobfuscate(this.views.folded, s.leet || s.leetNearNonAscii, s.spacedLetters);
    }
    return this.deobfuscatedView;
  }

  /**
   * The rules `index` selects on the plain views (folded and base) or on the de-obfuscated
   * view (null when there is none). Computed once per index and scan, shared by every pack.
   */
  selection(index: TriggerIndex, views: 'plain' | 'deobfuscated'): Selection | null {
    let memo = this.selections.get(index);
    if (!memo) this.selections.set(index, (memo = {}));
    if (views === 'plain') return (memo.plain ??= index.select(this.folded.text, this.base.text));
    if (memo.deobfuscated === undefined) {
      const deob = this.deobfuscated;
      memo.deobfuscated = deob ? index.select(deob.text, null) : null;
    }
    return memo.deobfuscated;
  }

  view(name: ViewName): TextView | null {
    return name === 'base' ? this.base : name === 'folded' ? this.folded : this.deobfuscated;
  }
}
