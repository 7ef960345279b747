// How long a browser takes to load the learned heads the first time a page asks for them:
// fetching the four weight files, parsing the JSON and decoding it into scoring tables, in
// headless Chromium (Debian's /usr/bin/chromium or $CHROMIUM_PATH). Target: under 50 ms.
// dist/ is served over loopback HTTP; every run uses a fresh browser context (empty cache). The
// engine modules are imported first and not timed (a page that screens text has them already);
// the timed part is `await loadHeads()` alone.
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize, resolve } from 'node:path';
import { chromium } from '@playwright/test';

const DIST = resolve('dist');
const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (!existsSync(executablePath)) {
  console.log(`skipped: no Chromium at ${executablePath} (set CHROMIUM_PATH)`);
  process.exit(0);
}

const types = { '.js': 'text/javascript', '.json': 'application/json' };
const server = createServer((req, res) => {
  const path = new URL(req.url ?? '/', 'http://x').pathname;
  if (path === '/') return res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>load</title>');
  const file = normalize(join(DIST, path));
  if (!file.startsWith(DIST) || !existsSync(file)) return res.writeHead(404).end();
  res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' }).end(readFileSync(file));
});
await new Promise((done) => server.listen(0, '127.0.0.1', done));
const origin = `http://127.0.0.1:${server.address().port}`;

const browser = await chromium.launch({ executablePath, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
const runs = [];
try {
  for (let r = 0; r < 9; r++) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${origin}/`);
    runs.push(
      await page.evaluate(async (base) => {
        const { loadHeads } = await import(`${base}/engine/guardrails/learned/index.js`);
        const t0 = performance.now();
        const heads = await loadHeads();
        const ms = performance.now() - t0;
        if (Object.keys(heads).length !== 4) throw new Error('expected four heads');
        return ms;
      }, origin),
    );
    await context.close();
  }
} finally {
  await browser.close();
  server.close();
}
runs.sort((a, b) => a - b);
const median = runs[Math.floor(runs.length / 2)];
console.table([{ what: 'fetch + parse + decode all four heads (cold context)', 'median ms': median.toFixed(1), 'best ms': runs[0].toFixed(1), 'under 50 ms': median < 50 ? 'yes' : 'no' }]);
