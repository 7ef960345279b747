import { expect, test } from '@playwright/test';

test('the page loads a policy and evaluates an action in the browser', async ({ page }) => {
  await page.goto('/');
  await page.getByTestId('action-type').fill('delete_all');
  await page.getByTestId('evaluate').click();
  await expect(page.getByTestId('decision')).toContainText('block');
  await expect(page.getByTestId('decision')).toContainText('delete_block');
});
