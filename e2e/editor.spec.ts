import { expect, test } from '@playwright/test';
import { openPlayground, screenshot, setPolicy } from './playground-helpers.ts';

const WITH_TYPO = `version: "1"
defaults:
  approval: block
rules:
  - name: reads
    match: { type: "read*" }
    approval: auto
  - name: big_payments
    match: { type: "pay*" }
    conditions:
      param_gtt: { amount: 100 }
    approval: approve
`;

test.describe('policy editor', () => {
  test('the page is usable from the keyboard: Enter in the action form evaluates and records', async ({ page }) => {
    await openPlayground(page);
    // The first Tab on a fresh page reaches the skip link, which leads to the panels.
    await page.keyboard.press('Tab');
    await expect(page.getByRole('link', { name: 'Skip to the panels' })).toBeFocused();
    await page.getByTestId('action-type').focus();
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.type('read_notes');
    await page.keyboard.press('Tab');
    await expect(page.getByTestId('action-target')).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('decision')).toContainText('read_auto');
    await expect(page.getByTestId('decision')).toContainText('recorded in the audit log');
  });

  test('engine diagnostics become markers on the right line, with the hint', async ({ page }) => {
    await openPlayground(page);
    await setPolicy(page, WITH_TYPO);
    const diagnostics = page.getByTestId('diagnostics');
    await expect(diagnostics).toContainText('line 11');
    await expect(diagnostics).toContainText('param_gt');
    await expect.poll(async () => (await page.evaluate(() => window.__aegisPlayground!.markers())).filter((m) => m.owner === 'aegis').map((m) => m.line))
      .toContain(11);
    // The squiggle is drawn in the editor, and the schema validation (monaco-yaml) reports the same key.
    await expect(page.locator('.policy-editor .squiggly-error').first()).toBeVisible();
    await expect.poll(async () => (await page.evaluate(() => window.__aegisPlayground!.markers())).some((m) => m.owner !== 'aegis' && m.line === 11), { timeout: 15_000 })
      .toBe(true);
    await screenshot(page.locator('.editor-column'), 'editor');
  });

  test('clicking the editor and typing replaces the policy', async ({ page }) => {
    await openPlayground(page);
    const text = 'version: "1"\ndefaults:\n  approval: auto\nrules:\n  - name: typed_rule\n    match: { type: "x*" }\n    approval: block\n';
    await page.getByTestId('policy-editor').click();
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.type(text);
    await expect.poll(() => page.evaluate(() => window.__aegisPlayground!.getPolicy())).toBe(text);
    await expect(page.getByTestId('policy-editor')).toHaveValue(text);
    await page.getByTestId('action-type').fill('xyz');
    await expect(page.getByTestId('decision')).toContainText('typed_rule');
  });

  test('the schema offers completions in the editor', async ({ page }) => {
    await openPlayground(page);
    await setPolicy(page, 'version: "1"\nrules:\n  - name: x\n    approval: ');
    await page.getByTestId('policy-editor').click();
    await page.keyboard.press('ControlOrMeta+End');
    // The schema's language service starts shortly after the editor: retry until it answers.
    await expect(async () => {
      await page.keyboard.press('Escape');
      await page.keyboard.press('Control+Space');
      await expect(page.locator('.suggest-widget')).toContainText('block', { timeout: 2_000 });
    }).toPass({ timeout: 20_000 });
    await expect(page.locator('.suggest-widget')).toContainText('approve');
    await page.screenshot({ path: 'test-results/screenshots/editor-completion.png', clip: { x: 0, y: 0, width: 700, height: 400 } });
  });

  test('a template from the picker replaces the editor content', async ({ page }) => {
    await openPlayground(page);
    await page.getByTestId('template-picker').selectOption('code-agent');
    await expect.poll(() => page.evaluate(() => window.__aegisPlayground!.getPolicy())).toContain('Coding assistant');
    await expect(page.getByTestId('diagnostics')).toContainText('No problems');
  });

  test('a shared link restores the policy in a fresh browser, and a reload keeps it', async ({ page, browser }) => {
    await openPlayground(page);
    const text = 'version: "1"\ndefaults:\n  approval: approve\nrules:\n  - name: shared_rule_é\n    match: { type: "share*" }\n    approval: auto\n';
    await expect(page).toHaveURL(/#policy=/);
    const before = page.url();
    await setPolicy(page, text);
    await expect.poll(() => page.url()).not.toBe(before);
    const link = page.url();

    const fresh = await browser.newContext();
    const other = await fresh.newPage();
    await openPlayground(other, link.slice(link.indexOf('/#')));
    expect(await other.evaluate(() => window.__aegisPlayground!.getPolicy())).toBe(text);
    await fresh.close();

    await page.goto('/');
    await page.waitForFunction(() => window.__aegisPlayground?.ready === true);
    expect(await page.evaluate(() => window.__aegisPlayground!.getPolicy())).toBe(text);
  });

  test('the theme switches between light and dark', async ({ page }) => {
    await openPlayground(page);
    const before = await page.locator('html').getAttribute('data-theme');
    await page.getByTestId('theme-toggle').click();
    const after = await page.locator('html').getAttribute('data-theme');
    expect(after).not.toBe(before);
    expect(['light', 'dark']).toContain(after);
    if (after !== 'dark') await page.getByTestId('theme-toggle').click();
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
    await expect(page.locator('.monaco-editor.vs-dark')).toBeVisible();
    await page.screenshot({ path: 'test-results/screenshots/page-dark.png' });
    await page.getByTestId('theme-toggle').click();
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
    await screenshot(page.locator('body'), 'page');
  });
});
