/**
 * Everything a recognizer may look at for one scan: the original text, its normalized views
 * (built once and shared), the direction, the system prompts to guard, and the sensitivity of
 * each guardrail. Views beyond `base` and `folded` are derived lazily.
 */
import { deobfuscate } from './normalize/deobfuscate.ts';
import { normalizeText, type NormalizedViews } from './normalize/normalize.ts';
import type { TextView } from './normalize/text-view.ts';
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
  /** The folded view with spaced letters joined and leetspeak read; null when identical. */
  get deobfuscated(): TextView | null {
    if (this.deobfuscatedView === undefined) this.deobfuscatedView = deobfuscate(this.views.folded);
    return this.deobfuscatedView;
  }

  view(name: ViewName): TextView | null {
    return name === 'base' ? this.base : name === 'folded' ? this.folded : this.deobfuscated;
  }
}
