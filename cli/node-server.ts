// node:http → the fetch handler. The body is read here with the same 1 MiB cap, so an oversized
// upload is cut off at the socket instead of being buffered.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { MAX_BODY_BYTES, type App } from '../engine/server/index.ts';

export interface RunningServer {
  server: Server;
  url: string;
  close(): Promise<void>;
}

const TOO_LARGE = JSON.stringify({ error: `Request body too large (max 1MB): the limit is ${MAX_BODY_BYTES} bytes`, code: 'body_too_large' });

export function serve(app: Pick<App, 'fetch'>, options: { port: number; host: string }): Promise<RunningServer> {
  const server = createServer((req, res) => {
    handle(app, req, res, options.host).catch((err) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: `Internal server error: ${(err as Error).message}`, code: 'internal' }));
    });
  });
  server.keepAliveTimeout = 65_000;
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      const { port } = server.address() as AddressInfo;
      const host = options.host.includes(':') ? `[${options.host}]` : options.host;
      resolve({
        server, url: `http://${host}:${port}`,
        close: () => new Promise<void>((done) => {
          server.close(() => done());
          server.closeAllConnections();
        }),
      });
    });
  });
}

async function handle(app: Pick<App, 'fetch'>, req: IncomingMessage, res: ServerResponse, host: string): Promise<void> {
  const method = req.method ?? 'GET';
  let body: Buffer | undefined;
  if (method !== 'GET' && method !== 'HEAD') {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        res.writeHead(413, { 'content-type': 'application/json', connection: 'close' });
        res.end(TOO_LARGE);
        req.destroy();
        return;
      }
      chunks.push(chunk);
    }
    body = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks);
  }
  const headers = new Headers();
  const raw = req.rawHeaders;
  for (let i = 0; i < raw.length; i += 2) headers.append(raw[i]!, raw[i + 1]!);
  const request = new Request(`http://${req.headers.host ?? host}${req.url ?? '/'}`, { method, headers, ...(body && body.length ? { body: body as unknown as BodyInit } : {}) });
  const response = await app.fetch(request, { remoteAddress: req.socket.remoteAddress });
  const out: Record<string, string> = {};
  response.headers.forEach((value, key) => (out[key] = value));
  const payload = Buffer.from(await response.arrayBuffer());
  out['content-length'] = String(payload.length);
  res.writeHead(response.status, out);
  res.end(method === 'HEAD' ? undefined : payload);
}
