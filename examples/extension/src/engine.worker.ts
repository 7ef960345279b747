// The engine's worker script, bundled by Vite from the app's own `new Worker(new URL(…))`.
import { startHost, type MessageEndpoint } from 'agent-aegis/worker';

startHost(self as unknown as MessageEndpoint);
