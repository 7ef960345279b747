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

test('an exported log can be imported into an empty log in another browser', async ({ page, browser }) => {
  await openPlayground(page);
  test.skip(await (async () => (await page.locator('#audit .missing').count()) > 0)(), 'the audit log has not landed');
  await page.getByTestId('action-type').fill('delete_everything');
  await page.getByTestId('evaluate').click();
  await expect(page.getByTestId('decision')).toContainText('recorded in the audit log');
  const downloading = page.waitForEvent('download');
  await page.getByTestId('audit-export').click();
  const exported = await (await downloading).path();

  const fresh = await browser.newContext();
  const other = await fresh.newPage();
  await openPlayground(other);
  await expect(other.getByTestId('audit-table').locator('tbody tr')).toHaveCount(0);
  await other.locator('#audit input[type=file]').setInputFiles(exported);
  await expect(other.locator('#audit')).toContainText('imported 1 entry');
  await expect(other.getByTestId('audit-table').locator('tbody tr')).toHaveCount(1);
  await expect(other.getByTestId('audit-table')).toContainText('delete_everything');
  await other.getByTestId('audit-verify').click();
  await expect(other.getByTestId('audit-status')).toContainText('chain valid');
  await fresh.close();
});
