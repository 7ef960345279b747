/**
 * Starting the engine worker by default. Browsers, Deno and Bun have a module `Worker`; Node 20
 * does not, so there the `web-worker` package provides one on top of `worker_threads`. The script
 * is the sibling `entry` module with this module's own extension: `.ts` when running from source
 * (Deno, Bun, Vite dev), `.js` from the build (Node cannot start a `.ts` worker).
 *
 * Bundlers only bundle a worker they can see as a literal `new Worker(new URL('…', import.meta.url))`
 * in the app's source, so a Vite app passes its own factory (see the README).
 */

export type WorkerLike = {
  postMessage(message: unknown, transfer?: Transferable[]): void;
  addEventListener(type: string, listener: (event: never) => void): void;
  terminate(): void;
};

export type WorkerFactory = () => WorkerLike | Promise<WorkerLike>;

type WorkerCtor = new (url: URL | string, options?: { type?: 'module' | 'classic'; name?: string }) => WorkerLike;

/** The URL of the worker script next to this module. */
export function defaultEntryUrl(): URL {
  const ext = import.meta.url.endsWith('.ts') ? 'ts' : 'js';
  return new URL(`./entry.${ext}`, import.meta.url);
}

/** A module worker running the engine host, with the runtime's own Worker or `web-worker`. */
export async function spawnDefaultWorker(url: URL | string = defaultEntryUrl()): Promise<WorkerLike> {
  const native = (globalThis as { Worker?: WorkerCtor }).Worker;
  const Ctor: WorkerCtor = typeof native === 'function' ? native : ((await import('web-worker')).default as unknown as WorkerCtor);
  return new Ctor(url, { type: 'module', name: 'aegis-engine' });
}
