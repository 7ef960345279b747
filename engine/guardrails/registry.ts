/**
 * An explicit collection of recognizers. Nothing registers itself: `createDefaultRegistry()` is
 * the one place that lists the built-ins, and users add, remove or replace recognizers on their
 * own instance (a learned scorer is added the same way).
 */
import type { GuardrailName, Recognizer } from './types.ts';

export class RecognizerRegistry {
  private readonly byId = new Map<string, Recognizer>();
  /** `all()`'s list until the next change. */
  private snapshot: readonly Recognizer[] | undefined;

  constructor(recognizers: Iterable<Recognizer> = []) {
    for (const r of recognizers) this.add(r);
  }

  /** Adds a recognizer; a duplicate id is a programmer error. */
  add(recognizer: Recognizer): this {
    if (this.byId.has(recognizer.id)) throw new Error(`a recognizer with id \`${recognizer.id}\` is already registered`);
    this.byId.set(recognizer.id, recognizer);
    this.snapshot = undefined;
    return this;
  }

  /** Replaces (or adds) the recognizer with the same id. */
  replace(recognizer: Recognizer): this {
    this.byId.set(recognizer.id, recognizer);
    this.snapshot = undefined;
    return this;
  }

  remove(id: string): boolean {
    this.snapshot = undefined;
    return this.byId.delete(id);
  }

  /**
   * Every recognizer, in registration order, as one frozen list that stays the same object until
   * the registry changes: the scanner keys its per-registry work on it (which recognizers apply
   * to a request, the merged trigger index) instead of redoing it for every check.
   */
  all(): readonly Recognizer[] {
    return (this.snapshot ??= Object.freeze([...this.byId.values()]));
  }

  get(id: string): Recognizer | undefined {
    return this.byId.get(id);
  }

  list(filter: { guardrail?: GuardrailName; category?: string } = {}): Recognizer[] {
    const out: Recognizer[] = [];
    for (const r of this.byId.values()) {
      if (filter.guardrail !== undefined && r.guardrail !== filter.guardrail) continue;
      if (filter.category !== undefined && !r.categories.includes(filter.category)) continue;
      out.push(r);
    }
    return out;
  }

  get size(): number {
    return this.byId.size;
  }
}
