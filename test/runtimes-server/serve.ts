// Serves createApp from the engine's TypeScript source on Deno (Deno.serve) or Bun (Bun.serve),
// on a loopback port, and prints the URL. Node uses the CLI's adapter instead (serve-node.mjs).
import { createApp } from '../../engine/server/index.ts';
import { READS_AND_NO_DELETES as POLICY } from '../../engine/policy/test-policies.ts';

const app = createApp({ policy: POLICY, apiKey: 'runtime-key', approval: 'auto', guardrails: false });
const g = globalThis as unknown as {
  Deno?: { serve(o: { port: number; hostname: string; onListen(a: { port: number }): void }, h: (r: Request) => Promise<Response>): unknown };
  Bun?: { serve(o: { port: number; hostname: string; fetch(r: Request): Promise<Response> }): { port: number } };
};
if (g.Deno) {
  g.Deno.serve({ port: 0, hostname: '127.0.0.1', onListen: ({ port }) => console.log(`listening http://127.0.0.1:${port}`) }, (r) => app.fetch(r));
} else if (g.Bun) {
  const server = g.Bun.serve({ port: 0, hostname: '127.0.0.1', fetch: (r) => app.fetch(r) });
  console.log(`listening http://127.0.0.1:${server.port}`);
}
