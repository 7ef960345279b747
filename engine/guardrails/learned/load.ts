/**
 * Lazy loading of the shipped heads: each weights file is fetched with a dynamic JSON import the
 * first time it is asked for, decoded once, and memoised. Bundlers split the files into their own
 * chunks, so an app that never scores text never downloads them.
 */

import type { Recognizer } from '../types.ts';
import { decodeHead, type HeadFile, type HeadName, type LearnedHead } from './model.ts';
import { createLearnedRecognizers } from './recognizer.ts';

export const HEAD_NAMES: readonly HeadName[] = ['injection', 'indirect', 'toxicity', 'harmful'];

const importers: Record<HeadName, () => Promise<{ default: unknown }>> = {
  injection: () => import('./weights/injection.json', { with: { type: 'json' } }),
  indirect: () => import('./weights/indirect.json', { with: { type: 'json' } }),
  toxicity: () => import('./weights/toxicity.json', { with: { type: 'json' } }),
  harmful: () => import('./weights/harmful.json', { with: { type: 'json' } }),
};

const cache = new Map<HeadName, Promise<LearnedHead>>();

/** Loads (once) and decodes the shipped head `name`. */
export function loadHead(name: HeadName): Promise<LearnedHead> {
  let head = cache.get(name);
  if (!head) {
    head = importers[name]().then((m) => decodeHead(m.default as HeadFile));
    cache.set(name, head);
  }
  return head;
}

/** Loads every shipped head. */
export async function loadHeads(): Promise<Record<HeadName, LearnedHead>> {
  const heads = await Promise.all(HEAD_NAMES.map(loadHead));
  return Object.fromEntries(HEAD_NAMES.map((n, i) => [n, heads[i]!])) as Record<HeadName, LearnedHead>;
}

export interface LoadLearnedOptions {
  /** Heads to load (default: all four). Recognizers are only made for the guardrails they serve. */
  heads?: readonly HeadName[];
}

/**
 * Loads the shipped heads and returns the learned recognizers, ready for
 * `createGuardrails({ extraRecognizers: await loadLearnedRecognizers() })`.
 */
export async function loadLearnedRecognizers(options: LoadLearnedOptions = {}): Promise<Recognizer[]> {
  const names = options.heads ?? HEAD_NAMES;
  const heads = await Promise.all(names.map(loadHead));
  return createLearnedRecognizers(Object.fromEntries(names.map((n, i) => [n, heads[i]!])));
}
