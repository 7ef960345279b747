/**
 * The engine worker's script. Start it as a module worker:
 * `new Worker(new URL('./entry.ts', import.meta.url), { type: 'module' })` (or `entry.js` from the build).
 */
import { startHost } from './host.ts';
import type { MessageEndpoint } from './protocol.ts';

startHost(globalThis as unknown as MessageEndpoint);
