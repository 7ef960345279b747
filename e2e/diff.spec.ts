import { expect, test } from '@playwright/test';
import { openPlayground, screenshot, setPolicy } from './playground-helpers.ts';

const BEFORE = `version: "1"
defaults:
  approval: block
rules:
  - name: reads
    match: { type: "read*" }
    approval: auto
  - name: writes
    match: { type: "write*" }
    approval: approve
`;

test('the diff names changed rules and replays recorded actions under both versions', async ({ page }) => {
  await openPlayground(page);
  await setPolicy(page, BEFORE);
  await page.getByTestId('action-type').fill('write_file');
  await page.getByTestId('evaluate').click();
  await expect(page.getByTestId('decision')).toContainText('writes');
  await page.getByTestId('diff-save').click();

  await setPolicy(page, BEFORE.replace('approval: approve', 'approval: block') + '  - name: deletes\n    match: { type: "delete*" }\n    approval: block\n');
  await page.getByTestId('diff-run').click();
  const result = page.getByTestId('diff-result');
  await expect(result).toContainText('Added: deletes');
  await expect(result).toContainText('Modified: writes');
  const impact = page.getByTestId('diff-impact').locator('tbody tr').filter({ hasText: 'write_file' }).first();
  await expect(impact).toContainText('restricted');
  await screenshot(page.locator('#diff'), 'diff');
});
