// The learned tier must give bit-identical scores in every runtime. This runs one script that
// scores a fixed set of texts with every head under Node (here), Deno and Bun, and compares the
// printed logits, scores, windows and explanations as exact JSON (JSON numbers round-trip
// doubles exactly). Deno is installed on first use by test/support/runtimes.ts.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, test } from 'vitest';
import { DETERMINISM_TEXTS } from './support/determinism-texts.ts';
import { runtimeBinary } from './support/runtimes.ts';
import { tempDirs } from './support/temp-dirs.ts';

const TEXTS = DETERMINISM_TEXTS;

const moduleUrl = pathToFileURL(join(import.meta.dirname, '../engine/guardrails/learned/index.ts')).href;
const script = `
import { loadHeads, scoreTextAll } from ${JSON.stringify(moduleUrl)};
const texts = ${JSON.stringify(TEXTS)};
const heads = await loadHeads();
const out = texts.map((t) => scoreTextAll(t, Object.values(heads), { topFeatures: 3 })
  .map((s) => [s.head, s.logit, s.score, s.window, s.language, s.topFeatures.map((f) => [f.feature, f.contribution])]));
console.log(JSON.stringify(out));
`;

function runIn(command: string, args: string[]): string {
  const env = { ...process.env, NO_COLOR: '1', DENO_NO_UPDATE_CHECK: '1' };
  return execFileSync(command, args, { encoding: 'utf8', timeout: 120_000, env, stdio: ['ignore', 'pipe', 'pipe'] }).trim();
}

describe('learned tier determinism', () => {
  const dir = tempDirs('aegis-learned-det-')();
  const file = join(dir, 'score.ts');
  writeFileSync(file, script);

  test('Node, Deno and Bun print identical scores', async () => {
    const { loadHeads, scoreTextAll } = await import('../engine/guardrails/learned/index.ts');
    const heads = await loadHeads();
    const node = JSON.stringify(
      TEXTS.map((t) =>
        scoreTextAll(t, Object.values(heads), { topFeatures: 3 }).map((s) => [s.head, s.logit, s.score, s.window, s.language, s.topFeatures.map((f) => [f.feature, f.contribution])]),
      ),
    );
    const deno = runIn(runtimeBinary('deno'), ['run', '--allow-read', '--no-lock', '--quiet', file]);
    const bun = runIn(runtimeBinary('bun'), [file]);
    expect(JSON.parse(node)).toHaveLength(TEXTS.length);
    expect(deno).toBe(node);
    expect(bun).toBe(node);
  });
});
