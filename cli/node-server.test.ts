// The node:http adapter, driven with raw HTTP/1.1 so that the request line and the Host header
// can be anything a client (or an attacker) sends.
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../engine/server/index.ts';
import { serve, type RunningServer } from './node-server.ts';

const POLICY = 'rules:\n  - name: reads\n    match: { type: "read*" }\n    approval: auto\n';

let running: RunningServer;
let port: number;

beforeAll(async () => {
  running = await serve(createApp({ policy: POLICY, guardrails: false }), { port: 0, host: '127.0.0.1' });
  port = Number(new URL(running.url).port);
});
afterAll(() => running.close());

/** Sends one raw request and resolves with the status and the (JSON) body. */
function raw(requestLine: string, headers: string[]): Promise<{ status: number; body: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let data = '';
    socket.setEncoding('utf8');
    socket.on('data', (d) => (data += d));
    socket.on('error', reject);
    socket.on('end', () => {
      const [head = '', body = ''] = data.split('\r\n\r\n');
      const status = Number(/^HTTP\/1\.1 (\d+)/.exec(head)?.[1]);
      try {
        resolve({ status, body: body ? (JSON.parse(body) as Record<string, unknown>) : {} });
      } catch {
        reject(new Error(`not a JSON body with a content-length: ${data}`));
      }
    });
    socket.write(`${requestLine}\r\n${[...headers, 'Connection: close'].join('\r\n')}\r\n\r\n`);
  });
}

describe('node-server: the route comes from the request line, never from the Host header', () => {
  const cases: [string, string, string[], number, (body: Record<string, unknown>) => void][] = [
    ['an ordinary request', 'GET /health HTTP/1.1', ['Host: 127.0.0.1'], 200, (b) => expect(b['status']).toBe('ok')],
    ['a Host with a port', 'GET /health HTTP/1.1', ['Host: localhost:8000'], 200, (b) => expect(b['status']).toBe('ok')],
    ['an IPv6 Host', 'GET /health HTTP/1.1', ['Host: [::1]:8000'], 200, (b) => expect(b['status']).toBe('ok')],
    ['HTTP/1.0 without a Host', 'GET /health HTTP/1.0', [], 200, (b) => expect(b['status']).toBe('ok')],
    ['a Host carrying a path and "?"', 'GET /health HTTP/1.1', ['Host: x/api/v1/policy?'], 400, (b) => expect(b['code']).toBe('invalid_host')],
    ['a Host carrying a path and "#"', 'GET /health HTTP/1.1', ['Host: x/api/v1/policy#'], 400, (b) => expect(b['code']).toBe('invalid_host')],
    ['a Host with a space', 'GET /health HTTP/1.1', ['Host: a b'], 400, (b) => expect(b['error']).toMatch(/Host/)],
    ['an unclosed IPv6 Host', 'GET /health HTTP/1.1', ['Host: [::1'], 400, (b) => expect(b['code']).toBe('invalid_host')],
    ['a Host with an impossible port', 'GET /health HTTP/1.1', ['Host: localhost:99999'], 400, (b) => expect(b['code']).toBe('invalid_host')],
    ['a malformed IPv6 Host', 'GET /health HTTP/1.1', ['Host: [:::]'], 400, (b) => expect(b['code']).toBe('invalid_host')],
    ['an absolute-form target', 'GET http://elsewhere.example/health HTTP/1.1', ['Host: 127.0.0.1'], 200, (b) => expect(b['status']).toBe('ok')],
    ['a path starting with //', 'GET //elsewhere/health HTTP/1.1', ['Host: 127.0.0.1'], 404, (b) => expect(b['error']).toContain('//elsewhere/health')],
    ['the asterisk target', 'OPTIONS * HTTP/1.1', ['Host: 127.0.0.1'], 400, (b) => expect(b['code']).toBe('invalid_target')],
  ];
  for (const [name, line, headers, status, check] of cases) {
    it(name, async () => {
      const r = await raw(line, headers);
      expect(r.status).toBe(status);
      check(r.body);
    });
  }
});
