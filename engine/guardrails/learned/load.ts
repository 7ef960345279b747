/**
 * Lazy loading of the shipped heads: each weights file is fetched with a dynamic JSON import the
 * first time it is asked for, decoded once, and memoised. Bundlers split the files into their own
 * chunks, so an app that never scores text never downloads them.
 */

import { decodeHead, type HeadFile, type HeadName, type LearnedHead } from './model.ts';

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
