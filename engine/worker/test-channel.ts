/**
 * An in-process "worker" for tests (no public export): the host on one end of a MessageChannel,
 * the client on the other. Same protocol and structured cloning, no thread.
 */
import { startHost } from './host.ts';
import type { MessageEndpoint } from './protocol.ts';
import type { HostOptions } from './host-state.ts';
import type { WorkerLike } from './spawn.ts';

export function channelWorker(options: HostOptions = {}): WorkerLike & { crash(): void } {
  const { port1, port2 } = new MessageChannel();
  startHost(port1 as unknown as MessageEndpoint, options);
  port1.start();
  port2.start();
  const errorListeners: ((e: never) => void)[] = [];
  return {
    postMessage: (m, t) => port2.postMessage(m, t ?? []),
    addEventListener: (type, listener) => {
      if (type === 'error') errorListeners.push(listener);
      else port2.addEventListener(type, listener as never);
    },
    terminate: () => { port1.close(); port2.close(); },
    crash: () => { port1.close(); for (const l of errorListeners) l({ message: 'simulated crash' } as never); },
  };
}
