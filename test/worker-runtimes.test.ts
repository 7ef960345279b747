// The worker client in Deno and Bun, from source (.ts worker, each runtime's own module Worker).
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runtimeBinary, type RuntimeName } from './support/runtimes.ts';
import { repoRoot } from './vectors.ts';

const script = join(repoRoot, 'test', 'runtimes', 'worker-smoke.ts');
const commands: Record<RuntimeName, (bin: string) => string[]> = {
  // --allow-env only for the yaml package's Node build, which reads these two variables.
  deno: (bin) => [bin, 'run', '--allow-read', '--allow-env=LOG_TOKENS,LOG_STREAM', '--no-lock', '--node-modules-dir=manual', script],
  bun: (bin) => [bin, script],
};

describe('engine worker client in other runtimes', () => {
  for (const name of ['deno', 'bun'] as const) {
    it(`${name}: evaluates in a worker, audits, verifies and locates an edit`, () => {
      const [bin, ...args] = commands[name](runtimeBinary(name));
      const out = execFileSync(bin!, args, { cwd: repoRoot, encoding: 'utf8', timeout: 120_000, env: { ...process.env, NO_COLOR: '1', DENO_NO_UPDATE_CHECK: '1' } });
      const result = JSON.parse(out.trim().split('\n').pop()!) as Record<string, unknown>;
      expect(result).toEqual({ runtime: name, loaded: true, single: 'auto', blocked: 100, entries: 201, valid: true, exported: true, tamperedAt: 57 });
    });
  }
});
