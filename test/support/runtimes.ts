// Deno for the cross-runtime tests. Deno's npm package cannot live in package.json: its binaries
// for other platforms are not on every registry mirror, which breaks `npm ci`'s lock check. So the
// tests install it on first use into node_modules/.aegis-runtimes (ignored, outside the lock).
// Bun installs normally from package.json.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../vectors.ts';

export const DENO_VERSION = '2.9.6';

export type RuntimeName = 'deno' | 'bun';

/** Absolute path of a runtime's executable, installing Deno on first use. */
export function runtimeBinary(name: RuntimeName): string {
  if (name === 'bun') {
    const bun = join(repoRoot, 'node_modules', '.bin', 'bun');
    if (!existsSync(bun)) throw new Error('bun is not installed: run `npm ci`');
    return bun;
  }
  const prefix = join(repoRoot, 'node_modules', '.aegis-runtimes', `deno-${DENO_VERSION}`);
  const bin = join(prefix, 'node_modules', '.bin', 'deno');
  if (!existsSync(bin)) installOnce(prefix, bin);
  if (!existsSync(bin)) throw new Error(`could not install deno@${DENO_VERSION} into ${prefix}`);
  return bin;
}

/** Several test files may ask at once: the first takes a lock (an atomic mkdir), the others wait for it. */
function installOnce(prefix: string, bin: string): void {
  const lock = `${prefix}.lock`;
  mkdirSync(join(prefix, '..'), { recursive: true });
  const deadline = Date.now() + 300_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (existsSync(bin)) return;
      // A lock left by a crashed run is stale after five minutes.
      const held = statSync(lock, { throwIfNoEntry: false });
      if (held && Date.now() - held.mtimeMs > 300_000) rmSync(lock, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${lock}`);
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 250);
    }
  }
  try {
    if (!existsSync(bin)) {
      mkdirSync(prefix, { recursive: true });
      execFileSync('npm', ['install', '--no-save', '--no-package-lock', '--no-audit', '--no-fund', '--prefix', prefix, `deno@${DENO_VERSION}`], {
        stdio: 'ignore',
        timeout: 240_000,
      });
    }
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}
