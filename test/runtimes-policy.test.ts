// The same engine source decides identically in Node (vitest), Deno and Bun. Deno needs
// --allow-env=LOG_TOKENS,LOG_STREAM only because the yaml package's Node build reads them.
import { execFileSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runtimeBinary, type RuntimeName } from './support/runtimes.ts';
import { readVectors, repoRoot, runVectors, sharedDir } from './vectors.ts';

const vectorsPath = resolve(sharedDir, 'conformance', 'policy-vectors.json');
const script = join(repoRoot, 'test', 'runtimes-policy', 'conformance.ts');
const nodeOutcomes = runVectors(readVectors(vectorsPath));
const nodeDecisions = nodeOutcomes.map((o) => (typeof o.got === 'string' ? o.got : `${o.got.approval}/${o.got.riskLevel}/${String(o.got.matchedRule)}`));

const commands: Record<RuntimeName, (bin: string) => string[]> = {
  deno: (bin) => [bin, 'run', '--allow-read', '--allow-env=LOG_TOKENS,LOG_STREAM', '--no-lock', '--node-modules-dir=manual', script, vectorsPath],
  bun: (bin) => [bin, script, vectorsPath],
};

describe('policy engine in other runtimes', () => {
  for (const name of ['deno', 'bun'] as const) {
    it(`${name} agrees with Node on every public vector`, () => {
      const [bin, ...args] = commands[name](runtimeBinary(name));
      const out = execFileSync(bin!, args, { cwd: repoRoot, encoding: 'utf8', timeout: 120_000, env: { ...process.env, NO_COLOR: '1', DENO_NO_UPDATE_CHECK: '1' } });
      const result = JSON.parse(out.trim().split('\n').pop()!) as { runtime: string; agreed: number; total: number; decisions: string[] };
      expect(result.runtime).toBe(name);
      expect(result.agreed).toBe(nodeOutcomes.filter((o) => o.agrees).length);
      expect(result.decisions).toEqual(nodeDecisions);
    });
  }
});
