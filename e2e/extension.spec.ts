// The toy-agent extension (examples/extension) loaded unpacked in Chromium: the agent acts on a
// local page, and the engine in the extension's offscreen worker decides every action.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, expect, test, type BrowserContext, type Page } from '@playwright/test';

const root = resolve(import.meta.dirname, '..');
const extensionDir = join(root, 'examples/extension/dist');
const pagesDir = join(root, 'examples/extension/test-page');

let context: BrowserContext;
let server: Server;
let profile: string;
let base: string;
let extensionId: string;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  // The extension bundles the built package (dist/), like a user's extension bundles node_modules.
  execFileSync(process.execPath, [join(root, 'node_modules/vite/bin/vite.js'), 'build', '--config', 'examples/extension/vite.config.ts', '--logLevel', 'warn'],
    { cwd: root, stdio: 'pipe' });

  server = createServer((req, res) => {
    const name = (req.url ?? '/').split('?')[0]!.replace(/^\/+/, '') || 'shop.html';
    if (!/^[a-z]+\.html$/.test(name)) return void res.writeHead(404).end();
    try {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(readFileSync(join(pagesDir, name)));
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  profile = mkdtempSync(join(tmpdir(), 'aegis-extension-'));
  context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
    headless: true, // Chromium's new headless mode runs extensions
    args: [`--disable-extensions-except=${extensionDir}`, `--load-extension=${extensionDir}`, '--no-sandbox', '--disable-gpu',
      '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
  });
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  extensionId = new URL(worker.url()).host;
});

test.afterAll(async () => {
  await context?.close();
  await new Promise((done) => (server ? server.close(done) : done(undefined)));
  if (profile) rmSync(profile, { recursive: true, force: true });
});

const row = (panel: Page, type: string, target: string) => panel.locator(`[data-testid="agent-log"] tbody tr[data-type="${type}"][data-target="${target}"]`);

async function openPanelOn(shop: Page): Promise<Page> {
  const panel = await context.newPage();
  await panel.goto(`chrome-extension://${extensionId}/agent.html`);
  const option = panel.getByTestId('target-tab').locator('option', { hasText: shop.url() });
  await expect(option).toHaveCount(1);
  await panel.getByTestId('target-tab').selectOption((await option.getAttribute('value'))!);
  return panel;
}

test('the agent is governed: allowed click runs, blocked submit does not, injected text is flagged', async () => {
  const shop = await context.newPage();
  await shop.goto(`${base}/shop.html`);
  const panel = await openPanelOn(shop);
  await panel.getByTestId('run-agent').click();

  // `approve` actions wait for an answer in the panel: the newsletter form, then the link.
  await expect(panel.getByTestId('approval-dialog')).toBeVisible();
  await expect(panel.getByTestId('approval-message')).toContainText('browser.submit on #newsletter');
  await panel.getByTestId('approval-approve').click();
  await expect(panel.getByTestId('approval-message')).toContainText(`browser.navigate on ${base}/elsewhere.html`);
  await panel.getByTestId('approval-deny').click();
  await expect(panel.getByTestId('agent-status')).toHaveText('finished');

  // The engine's decisions, and what happened.
  await expect(row(panel, 'browser.read_text', `${base}/shop.html`)).toHaveAttribute('data-status', 'done');
  await expect(row(panel, 'browser.click', '#like')).toHaveAttribute('data-status', 'done');
  await expect(row(panel, 'browser.fill', '#card')).toHaveAttribute('data-status', 'done');
  await expect(row(panel, 'browser.submit', '#newsletter')).toHaveAttribute('data-status', 'done');
  await expect(row(panel, 'browser.submit', '#checkout')).toHaveAttribute('data-status', 'blocked');
  await expect(row(panel, 'browser.submit', '#checkout')).toContainText('never_check_out');
  await expect(row(panel, 'browser.navigate', `${base}/elsewhere.html`)).toHaveAttribute('data-status', 'denied');
  await expect(row(panel, 'browser.run_script', 'count_links')).toHaveAttribute('data-status', 'blocked');

  // In the page: the allowed click happened, the approved form was sent, the blocked one was not.
  await expect(shop.locator('#likes')).toHaveText('1');
  await expect(shop.locator('#status')).toHaveText('subscribed agent@example.com');
  await expect(shop.locator('#orders')).toHaveText('0');
  expect(shop.url()).toBe(`${base}/shop.html`);

  // The review's injected instruction was flagged and cut from what the agent sees.
  await expect(panel.getByTestId('guardrail-verdict')).toHaveAttribute('data-flagged', 'true');
  await expect(panel.getByTestId('guardrail-verdict')).toContainText('injection flagged');
  await expect(panel.getByTestId('agent-sees')).toContainText('Lovely mug, five stars. [removed: injected instruction]');
  await expect(panel.getByTestId('agent-sees')).not.toContainText('previous instructions');
  await expect(panel.getByTestId('agent-sees')).not.toContainText('saved card');
  await shop.close();
  await panel.close();
});

test('the options page lists the audit entries and verifies the chain', async () => {
  const options = await context.newPage();
  await options.goto(`chrome-extension://${extensionId}/options.html`);
  const rows = options.getByTestId('audit-table').locator('tbody tr');
  const ofType = (type: string) => options.locator(`[data-testid="audit-table"] tbody tr[data-event-type="${type}"]`);
  // One decision per proposed action (read, click, 2 fills, 2 submits, navigate, script) at least.
  await expect.poll(() => ofType('policy_decision').count()).toBeGreaterThanOrEqual(8);
  await expect(ofType('policy_decision').filter({ hasText: '#checkout' }).filter({ hasText: 'blocked' })).toHaveCount(1);
  await expect(ofType('policy_decision').filter({ hasText: '#like' }).filter({ hasText: 'allowed' })).toHaveCount(1);
  // The user's answers: asked twice (newsletter form, link), approved the first, denied the second.
  await expect(ofType('approval_request')).toHaveCount(2);
  await expect(ofType('approval_request').filter({ hasText: '#newsletter' })).toContainText('asked the user');
  await expect(ofType('approval_response').filter({ hasText: '#newsletter' })).toContainText('user approved');
  await expect(ofType('approval_response').filter({ hasText: 'elsewhere.html' })).toContainText('user denied');
  // What actually happened to each action, after the decision and the answer.
  await expect(ofType('audit_entry')).toHaveCount(await ofType('policy_decision').count());
  for (const [target, result] of [['#like', 'done'], ['#newsletter', 'done'], ['#checkout', 'blocked'], ['elsewhere.html', 'denied'], ['count_links', 'blocked']]) {
    await expect(ofType('audit_entry').filter({ hasText: target! })).toContainText(`result: ${result}`);
  }
  // Order in the chain: decision, question, answer, outcome.
  const newsletter = await rows.filter({ hasText: '#newsletter' }).evaluateAll((trs) => trs.map((tr) => (tr as HTMLElement).dataset['eventType']));
  expect(newsletter).toEqual(['policy_decision', 'approval_request', 'approval_response', 'audit_entry']);
  await options.getByTestId('audit-verify').click();
  await expect(options.getByTestId('audit-verify-result')).toHaveAttribute('data-valid', 'true');
  const count = await rows.count();
  await expect(options.getByTestId('audit-verify-result')).toHaveText(`valid chain: ${count} entries`);

  // The log is in IndexedDB: a new engine (offscreen document and worker) reads it back whole.
  await options.evaluate(() => (globalThis as unknown as { chrome: { offscreen: { closeDocument(): Promise<void> } } }).chrome.offscreen.closeDocument());
  await options.reload();
  await expect.poll(() => rows.count()).toBe(count);
  await options.getByTestId('audit-verify').click();
  await expect(options.getByTestId('audit-verify-result')).toHaveText(`valid chain: ${count} entries`);
});

test('the policy is edited in the options page: errors are refused, a valid change takes effect', async () => {
  const options = await context.newPage();
  await options.goto(`chrome-extension://${extensionId}/options.html`);
  const editor = options.getByTestId('policy-editor');
  await expect(editor).toHaveValue(/clicks_are_fine/);
  const original = await editor.inputValue();

  await editor.fill(original.replace('match: { type: "browser.click" }', 'match: { type: "browser.click" }\n    conditions: { param_greater: { x: 1 } }'));
  await options.getByTestId('save-policy').click();
  await expect(options.getByTestId('policy-status')).toHaveText('not saved: fix the errors below');
  await expect(options.getByTestId('diagnostics')).toContainText('param_greater');

  await editor.fill(original.replace(/(clicks_are_fine[\s\S]*?approval: )auto/, '$1block'));
  await options.getByTestId('save-policy').click();
  await expect(options.getByTestId('policy-status')).toHaveText('saved and active');

  const shop = await context.newPage();
  await shop.goto(`${base}/shop.html`);
  const panel = await openPanelOn(shop);
  await panel.getByTestId('run-agent').click();
  await expect(panel.getByTestId('approval-message')).toContainText('#newsletter');
  await panel.getByTestId('approval-deny').click();
  await expect(panel.getByTestId('approval-message')).toContainText('browser.navigate');
  await panel.getByTestId('approval-deny').click();
  await expect(panel.getByTestId('agent-status')).toHaveText('finished');
  await expect(row(panel, 'browser.click', '#like')).toHaveAttribute('data-status', 'blocked');
  await expect(shop.locator('#likes')).toHaveText('0');
});
