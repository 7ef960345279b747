/**
 * Mutual exclusion across tabs and workers: the Web Locks API where the platform has it
 * (browsers, Deno), otherwise a lock that only excludes callers in this realm (Node, Bun), which
 * is enough where one process owns the log.
 */

export interface Locks {
  /** Run `fn` while holding the lock `name`; locks are granted in request order. */
  withLock<T>(name: string, fn: () => Promise<T>): Promise<T>;
  /** `'web-locks'` when other tabs and workers are excluded too. */
  readonly scope: 'web-locks' | 'realm';
}

interface LockManagerLike {
  request<T>(name: string, callback: () => Promise<T>): Promise<T>;
}

/** A lock that excludes only callers sharing this object. */
export function realmLocks(): Locks {
  const tails = new Map<string, Promise<unknown>>();
  return {
    scope: 'realm',
    withLock<T>(name: string, fn: () => Promise<T>): Promise<T> {
      const previous = tails.get(name) ?? Promise.resolve();
      const run = previous.then(fn, fn);
      const tail = run.catch(() => undefined);
      tails.set(name, tail);
      void tail.then(() => { if (tails.get(name) === tail) tails.delete(name); });
      return run;
    },
  };
}

/** Web Locks when available, realm locks otherwise. */
export function platformLocks(): Locks {
  const manager = (globalThis as { navigator?: { locks?: LockManagerLike } }).navigator?.locks;
  if (!manager || typeof manager.request !== 'function') return realmLocks();
  return {
    scope: 'web-locks',
    withLock: (name, fn) => manager.request(name, fn),
  };
}
