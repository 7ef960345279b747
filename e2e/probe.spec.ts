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
  await page.getByTestId('probe-run').click();
  const report = page.getByTestId('probe-report');
  await expect(report).toContainText(/score \d+\/100/);
  await expect(report.locator('li').first()).toBeVisible();
  await expect(page.getByTestId('probe-progress')).toHaveAttribute('value', /\d+/);
  await screenshot(page.locator('#probe'), 'probe');

  // One click sends a counterexample to the evaluate panel, which decides it.
  const first = report.locator('li').first();
  const counterexample = (await first.locator('code').first().textContent())!;
  await first.getByRole('button', { name: 'Send to Evaluate' }).click();
  await expect(page.getByTestId('action-type')).toHaveValue(counterexample.split(' ')[0]!);
  await expect(page.getByTestId('decision')).toContainText(/auto|approve|block/);
});
