/**
 * Small ports for what the engine needs from its host: time and unique ids. Defaults read the
 * platform (`Date.now`, `crypto.randomUUID`); tests inject deterministic ones.
 */

/** Milliseconds since the epoch. */
export type Clock = () => number;

/** A fresh unique id (a UUID in production). */
export type IdSource = () => string;

export const systemClock: Clock = () => Date.now();

export const randomIds: IdSource = () => crypto.randomUUID();

/** Deterministic UUID-shaped ids for tests and reproducible exports. */
export function sequentialIds(prefix = '00000000-0000-4000-8000-'): IdSource {
  let n = 0;
  return () => prefix + (n++).toString(16).padStart(12, '0');
}
