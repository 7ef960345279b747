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

/** A Host header value: a name or an address, an optional port, and nothing else. */
const AUTHORITY = /^(?:[A-Za-z0-9._~-]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

/**
 * The URL the fetch handler sees. Its path and query come from the request line alone: joined
 * naively with the Host header, `Host: x/api/v1/policy?` turned `GET /health` into
 * `GET /api/v1/policy`, past any proxy that allows routes by path. An error is answered with 400.
 */
export function requestUrl(target: string, host: string | undefined): { url: URL } | { error: string; code: string } {
  const authority = host ?? 'localhost';
  if (!AUTHORITY.test(authority)) return { code: 'invalid_host', error: `invalid Host header "${authority}": expected a host name or address and an optional port` };
  let path = target;
  if (!target.startsWith('/')) {
    // The absolute form (`GET http://host/path`) that proxies send: only its path and query count.
    try {
      const absolute = new URL(target);
      path = absolute.pathname + absolute.search;
    } catch {
      return { code: 'invalid_target', error: `invalid request target "${target}": expected a path such as /api/v1/evaluate` };
    }
  }
  try {
    return { url: new URL(`http://${authority}${path}`) };
  } catch {
    // The shape was right but the value is not (a port over 65535, a malformed IPv6 address).
    return { code: 'invalid_host', error: `invalid Host header "${authority}": expected a host name or address and an optional port` };
  }
}

export function serve(app: Pick<App, 'fetch'>, options: { port: number; host: string }): Promise<RunningServer> {
  const server = createServer((req, res) => {
    handle(app, req, res).catch((err) => {
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

async function handle(app: Pick<App, 'fetch'>, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const method = req.method ?? 'GET';
  const target = requestUrl(req.url ?? '/', req.headers.host);
  if ('error' in target) {
    const payload = JSON.stringify({ error: target.error, code: target.code });
    res.writeHead(400, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(payload)), connection: 'close' });
    res.end(payload);
    return;
  }
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
  const request = new Request(target.url, { method, headers, ...(body && body.length ? { body: body as unknown as BodyInit } : {}) });
  const response = await app.fetch(request, { remoteAddress: req.socket.remoteAddress });
  const out: Record<string, string> = {};
  response.headers.forEach((value, key) => (out[key] = value));
  const payload = Buffer.from(await response.arrayBuffer());
  out['content-length'] = String(payload.length);
  res.writeHead(response.status, out);
  res.end(method === 'HEAD' ? undefined : payload);
}
