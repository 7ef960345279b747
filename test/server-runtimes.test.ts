// The same HTTP checks against createApp served on Node (node:http adapter), Deno (Deno.serve)
// and Bun (Bun.serve), each on a loopback port.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runtimeBinary } from './support/runtimes.ts';

const ROOT = join(import.meta.dirname, '..');
const KEY = { 'x-api-key': 'runtime-key', 'content-type': 'application/json' };
const children: ChildProcess[] = [];

afterAll(async () => {
  for (const c of children) {
    c.kill('SIGTERM');
    await new Promise((r) => (c.exitCode !== null ? r(null) : c.once('exit', r)));
  }
});

function start(command: string, args: string[]): Promise<string> {
  const child = spawn(command, args, { cwd: ROOT, env: { ...process.env, NO_COLOR: '1' } });
  children.push(child);
  let out = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${command} did not start: ${out}`)), 90_000);
    const onData = (d: Buffer) => {
      out += d;
      const m = /listening (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) clearTimeout(timer), resolve(m[1]!);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (d) => (out += d));
    child.once('exit', (code) => reject(new Error(`${command} exited ${code}: ${out}`)));
  });
}

const RUNTIMES: [string, () => Promise<string>][] = [
  ['node', () => start(process.execPath, ['test/runtimes-server/serve-node.mjs'])],
  ['deno', () => start(runtimeBinary('deno'), ['run', '--allow-net=127.0.0.1', '--allow-read', '--allow-env', 'test/runtimes-server/serve.ts'])],
  ['bun', () => start(runtimeBinary('bun'), ['test/runtimes-server/serve.ts'])],
];

for (const [name, launch] of RUNTIMES) {
  describe.skipIf(name === 'node' && !existsSync(join(ROOT, 'dist/cli/node-server.js')))(`createApp on ${name}`, () => {
    it('answers the same HTTP checks', async () => {
      const url = await launch();
      const health = await fetch(`${url}/health`);
      expect(health.status).toBe(200);
      expect(await health.json()).toMatchObject({ status: 'ok' });

      expect((await fetch(`${url}/api/v1/policy`)).status).toBe(401);
      const single = await fetch(`${url}/api/v1/evaluate`, { method: 'POST', headers: KEY, body: JSON.stringify({ action_type: 'delete', target: 'db' }) });
      expect(await single.json()).toEqual({ action_type: 'delete', target: 'db', risk_level: 'CRITICAL', approval: 'block', is_allowed: false, matched_rule: 'no_deletes' });
      const batch = await fetch(`${url}/api/v1/evaluate`, { method: 'POST', headers: KEY, body: JSON.stringify({ actions: [{ action_type: 'read', target: 'crm' }] }) });
      expect(await batch.json()).toEqual([{ action_type: 'read', target: 'crm', risk_level: 'LOW', approval: 'auto', is_allowed: true, matched_rule: 'reads' }]);
      const exec = await fetch(`${url}/api/v1/execute`, { method: 'POST', headers: KEY, body: JSON.stringify({ action_type: 'read', target: 'crm' }) });
      expect(await exec.json()).toEqual({ action_type: 'read', target: 'crm', status: 'success', data: { executed: true }, error: null });

      const reg = await fetch(`${url}/api/v1/agents`, { method: 'POST', headers: KEY, body: JSON.stringify({ agent_id: 'a1' }) });
      expect(reg.status).toBe(201);
      // heartbeat with no body and no content type
      const hb = await fetch(`${url}/api/v1/agents/a1/heartbeat`, { method: 'POST', headers: { 'x-api-key': 'runtime-key' } });
      expect(await hb.json()).toEqual({ status: 'ok', agent_id: 'a1' });

      const bad = await fetch(`${url}/api/v1/evaluate`, { method: 'POST', headers: KEY, body: '{"action_type":' });
      expect(bad.status).toBe(400);
      expect((await bad.json()).code).toBe('invalid_json');
      const big = await fetch(`${url}/api/v1/evaluate`, { method: 'POST', headers: KEY, body: JSON.stringify({ action_type: 'read', params: { x: 'y'.repeat(1_100_000) } }) });
      expect(big.status).toBe(413);
      expect((await fetch(`${url}/api/v1/nowhere`, { headers: KEY })).status).toBe(404);
      expect((await fetch(`${url}/api/v1/evaluate`, { method: 'GET', headers: KEY })).status).toBe(405);
      const audit = await (await fetch(`${url}/api/v1/audit`, { headers: KEY })).json();
      expect(audit).toHaveLength(1);
      expect((await (await fetch(`${url}/api/v1/audit/crypto/verify`, { headers: KEY })).json()).valid).toBe(true);
    }, 180_000);
  });
}
