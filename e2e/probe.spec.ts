import { expect, test } from '@playwright/test';
import { openPlayground, screenshot, setPolicy } from './playground-helpers.ts';

const LEAKY = `version: "1"
defaults:
  approval: auto
rules:
  - name: reads
    match: { type: "read*" }
    approval: auto
  - name: read_secrets
    match: { type: "read_secret*" }
    approval: block
  - name: no_delete
    match: { type: "delete" }
    risk_level: critical
    approval: block
`;

test('lint flags the shadowed rule and the probe report shows a score and counterexamples', async ({ page }) => {
  await openPlayground(page);
  await setPolicy(page, LEAKY);
  await expect(page.getByTestId('lint-report')).toContainText('read_secrets');
  // Lint findings are editor markers too, at the shadowed rule's line.
  await expect.poll(async () => (await page.evaluate(() => window.__aegisPlayground!.markers())).filter((m) => m.owner === 'aegis-lint').map((m) => m.line))
    .toContain(8);
  // Record every value the progress bar takes while the probe runs.
  await page.evaluate(() => {
    const seen: number[] = [];
    (window as unknown as { progressSeen: number[] }).progressSeen = seen;
    new MutationObserver(() => {
      const bar = document.querySelector<HTMLProgressElement>('[data-testid="probe-progress"]');
      if (bar?.hasAttribute('value') && seen.at(-1) !== bar.value) seen.push(bar.value);
    }).observe(document.getElementById('probe')!, { subtree: true, childList: true, attributes: true });
  });
  await page.getByTestId('probe-run').click();
  const report = page.getByTestId('probe-report');
  await expect(report).toContainText(/score \d+\/100/);
  await expect(report.locator('li').first()).toBeVisible();
  // The bar follows the worker's progress reports and ends full.
  await expect(page.getByTestId('probe-count')).toHaveText(/^(\d+) of \1 generated actions evaluated$/);
  const seen = await page.evaluate(() => (window as unknown as { progressSeen: number[] }).progressSeen);
  // Probing takes milliseconds here, so the bar may jump straight to full; it never goes back.
  expect(seen.length).toBeGreaterThan(0);
  expect(seen).toEqual([...seen].sort((a, b) => a - b));
  await screenshot(page.locator('#probe'), 'probe');

  // One click sends a counterexample to the evaluate panel, which decides it.
  const first = report.locator('li').first();
  const counterexample = (await first.locator('code').first().textContent())!;
  await first.getByRole('button', { name: 'Send to Evaluate' }).click();
  await expect(page.getByTestId('action-type')).toHaveValue(counterexample.split(' ')[0]!);
  await expect(page.getByTestId('decision')).toContainText(/auto|approve|block/);
});
