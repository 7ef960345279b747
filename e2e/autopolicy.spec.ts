import { expect, test } from '@playwright/test';
import { capabilityMissing, openPlayground, screenshot } from './playground-helpers.ts';

test('a sentence becomes a policy whose rules point at their phrases, and can replace the editor', async ({ page }) => {
  await openPlayground(page);
  const panel = page.locator('#autopolicy');
  await page.getByTestId('autopolicy-input').fill('Block deleting anything. Allow reading files.');
  await page.getByTestId('autopolicy-run').click();
  if (await capabilityMissing(panel)) {
    // Until the engine's autopolicy lands, the panel says so instead of inventing YAML.
    await expect(page.getByTestId('autopolicy-result')).toContainText('not available yet');
    test.info().annotations.push({ type: 'missing', description: 'autopolicy has not landed in the engine' });
    await screenshot(panel, 'autopolicy');
    return;
  }
  const yaml = page.getByTestId('autopolicy-yaml');
  await expect(yaml).toContainText('rules:');
  await expect(yaml).toContainText('block');
  await expect(page.getByTestId('autopolicy-result')).toContainText('from “');
  await expect(page.getByTestId('autopolicy-result')).toContainText(/deleting anything/i);
  // Pointing at a rule marks the phrase it came from in the sentence.
  const firstRule = page.getByTestId('autopolicy-result').locator('.phrase-list li').first();
  const phrase = (await firstRule.locator('.muted').textContent())!.replace(/^from “|”$/g, '');
  await firstRule.getByRole('button').hover();
  await expect(page.getByTestId('autopolicy-result').locator('.sentence mark')).toHaveText(phrase);
  await screenshot(panel, 'autopolicy');
  const generated = (await yaml.textContent())!;
  await page.getByTestId('autopolicy-use').click();
  await expect.poll(() => page.evaluate(() => window.__aegisPlayground!.getPolicy())).toBe(generated);
});
