// Only for this repository's `tsc` run, which type-checks examples/ with Node's and the DOM's
// types: the few Deno and Bun globals the examples use. Deno and Bun bring their own complete
// types (`deno check examples/deno/main.ts` does not read this file); copy the examples without it.

declare namespace Deno {
  const args: string[];
  function readTextFile(path: string | URL): Promise<string>;
  function exit(code?: number): never;
  function addSignalListener(signal: 'SIGINT' | 'SIGTERM', handler: () => void): void;
  interface NetAddr { transport: 'tcp' | 'udp'; hostname: string; port: number }
  interface ServeOptions { hostname?: string; port?: number; onListen?: (addr: NetAddr) => void }
  interface HttpServer { finished: Promise<void>; shutdown(): Promise<void> }
  function serve(options: ServeOptions, handler: (request: Request, info: { remoteAddr: NetAddr }) => Response | Promise<Response>): HttpServer;
}

declare namespace Bun {
  const argv: string[];
  function file(path: string | URL): { text(): Promise<string> };
  interface Server { hostname: string; port: number; requestIP(request: Request): { address: string } | null; stop(): Promise<void> }
  function serve(options: { hostname?: string; port?: number; fetch(request: Request, server: Server): Response | Promise<Response> }): Server;
}
