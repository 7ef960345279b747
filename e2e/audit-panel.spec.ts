import { expect, test } from '@playwright/test';
import { capabilityMissing, openPlayground, screenshot } from './playground-helpers.ts';

test('recorded decisions stay in the audit log across a reload and the chain verifies', async ({ page }) => {
  await openPlayground(page);
  const panel = page.locator('#audit');
  if (await capabilityMissing(panel)) {
    await page.getByTestId('audit-verify').click();
    await expect(page.getByTestId('audit-status')).toContainText('not available yet');
    test.info().annotations.push({ type: 'missing', description: 'the worker client with its audit log has not landed' });
    await screenshot(panel, 'audit');
    return;
  }
  const rows = page.getByTestId('audit-table').locator('tbody tr');
  const before = await rows.count();
  for (const type of ['read_file', 'delete_user', 'pay_invoice']) {
    await page.getByTestId('action-type').fill(type);
    await page.getByTestId('evaluate').click();
    await expect(page.getByTestId('decision')).toContainText('recorded in the audit log');
  }
  await expect(rows).toHaveCount(before + 3);

  await page.reload();
  await page.waitForFunction(() => window.__aegisPlayground?.ready === true);
  await expect(rows).toHaveCount(before + 3);
  await expect(page.getByTestId('audit-table')).toContainText('delete_user');
  await page.getByTestId('audit-verify').click();
  await expect(page.getByTestId('audit-status')).toContainText('chain valid');
  await screenshot(panel, 'audit');
});
