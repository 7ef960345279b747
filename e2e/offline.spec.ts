import { expect, test } from '@playwright/test';
import { openPlayground } from './playground-helpers.ts';

test('after a first visit the playground works offline', async ({ page, context }) => {
  await openPlayground(page);
  // The service worker installs after load and precaches every file of the build.
  await page.evaluate(async () => { await navigator.serviceWorker.ready; });
  await expect.poll(() => page.evaluate(async () => {
    const keys = await caches.keys();
    const cache = keys[0] ? await caches.open(keys[0]) : undefined;
    return cache ? (await cache.keys()).length : 0;
  })).toBeGreaterThan(10);

  await context.setOffline(true);
  await page.reload();
  await page.waitForFunction(() => window.__aegisPlayground?.ready === true, undefined, { timeout: 30_000 });
  await page.getByTestId('action-type').fill('read_report');
  await page.getByTestId('evaluate').click();
  await expect(page.getByTestId('decision')).toContainText('read_auto');
  await expect(page.getByTestId('decision')).toContainText('recorded in the audit log');
  await page.getByTestId('guardrail-check').click();
  await expect(page.getByTestId('guardrail-result')).toContainText('findings');
  await context.setOffline(false);
});
