// The learned tier must give bit-identical results in the browser too. Node, Deno and Bun are
// compared in test/learned-determinism.test.ts; this spec loads the same built modules
// (dist/engine/guardrails, no bare imports) into headless Chromium from a routed origin, scores
// the same texts there and here, and compares exact JSON (JSON numbers round-trip doubles).
import { readFileSync } from 'node:fs';
import { extname, join, normalize, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect, test } from '@playwright/test';
import { DETERMINISM_TEXTS } from '../test/support/determinism-texts.ts';

const DIST = resolve(import.meta.dirname, '../dist');
const ORIGIN = 'http://aegis.test';

const TEXTS = [...DETERMINISM_TEXTS];

const CONTENT_TYPES: Record<string, string> = {
  '.js': 'text/javascript',
  '.json': 'application/json',
  '.html': 'text/html',
};

/** What each runtime computes: every head's score and explanation, then the whole default guardrails' findings. */
async function scoreAll(base: string, texts: string[]): Promise<string> {
  const learned = await import(`${base}/engine/guardrails/learned/index.js`);
  const { loadGuardrails } = await import(`${base}/engine/guardrails/load-guardrails.js`);
  const heads = Object.values(await learned.loadHeads());
  const guardrails = await loadGuardrails();
  type Score = { head: string; logit: number; score: number; window: unknown; language: string; topFeatures: { feature: string; contribution: number }[] };
  return JSON.stringify(
    texts.map((t) => ({
      scores: (learned.scoreTextAll(t, heads, { topFeatures: 3 }) as Score[]).map((s) => [
        s.head,
        s.logit,
        s.score,
        s.window,
        s.language,
        s.topFeatures.map((f) => [f.feature, f.contribution]),
      ]),
      check: guardrails.check(t, { direction: 'output' }),
    })),
  );
}

test('Chromium scores the learned heads exactly as Node does', async ({ page }) => {
  await page.route(`${ORIGIN}/**`, async (route) => {
    const path = new URL(route.request().url()).pathname;
    if (path === '/') return route.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><title>aegis</title>' });
    const file = normalize(join(DIST, path));
    if (!file.startsWith(DIST)) return route.fulfill({ status: 403 });
    try {
      return route.fulfill({ status: 200, contentType: CONTENT_TYPES[extname(file)] ?? 'application/octet-stream', body: readFileSync(file) });
    } catch {
      return route.fulfill({ status: 404 });
    }
  });
  await page.goto(`${ORIGIN}/`);

  const node = await scoreAll(pathToFileURL(DIST).href, TEXTS);
  // The function's source is sent to the page; the browser imports the modules from ORIGIN.
  const browser = await page.evaluate(
    async ({ source, base, texts }) => (0, eval)(`(${source})`)(base, texts) as Promise<string>,
    { source: scoreAll.toString(), base: ORIGIN, texts: TEXTS },
  );

  const parsed = JSON.parse(node) as { scores: unknown[] }[];
  expect(parsed).toHaveLength(TEXTS.length);
  expect(parsed[0]!.scores.length).toBeGreaterThan(0);
  expect(browser).toBe(node);
});
