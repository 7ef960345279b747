/** `debug.*`: fault injection for tests, enabled only by `debug: true` at init. */
import { EngineError } from '../errors.ts';
import type { HandlerTable, HostContext } from '../host-state.ts';

function guard(ctx: HostContext): void {
  if (!ctx.state.init?.debug) throw new EngineError('WORKER_UNKNOWN_METHOD', 'debug methods are disabled (start the worker with `debug: true`)');
}

export const debugHandlers: Pick<HandlerTable, 'debug.crash' | 'debug.sleep'> = {
  'debug.crash'({ mode }, ctx) {
    guard(ctx);
    if (mode === 'exit') {
      // Dies without a word, like a worker killed by the browser: the client must notice.
      (globalThis as { close?: () => void }).close?.();
      return;
    }
    setTimeout(() => { throw new Error('injected crash'); }, 0);
  },

  async 'debug.sleep'({ ms }, ctx) {
    guard(ctx);
    await new Promise((r) => setTimeout(r, ms));
  },
};
