/** Shared steps for the playground specs: open the page fresh, wait until it is interactive, screenshot a panel. */
import { expect, type Locator, type Page } from '@playwright/test';

export const SCREENSHOTS = 'test-results/screenshots';

/** Open the playground (optionally at a URL fragment) and wait for the editor and the first decision. */
export async function openPlayground(page: Page, path = '/'): Promise<void> {
  await page.goto(path);
  await page.waitForFunction(() => window.__aegisPlayground?.ready === true, undefined, { timeout: 30_000 });
}

/** Replace the policy through the editor's fill-able control, as a script or test would. */
export async function setPolicy(page: Page, text: string): Promise<void> {
  await page.getByTestId('policy-editor').fill(text);
  await expect.poll(() => page.evaluate(() => window.__aegisPlayground!.getPolicy())).toBe(text);
}

/** Screenshot one panel into test-results/screenshots/<name>.png. */
export async function screenshot(locator: Locator, name: string): Promise<void> {
  await locator.scrollIntoViewIfNeeded();
  await locator.screenshot({ path: `${SCREENSHOTS}/${name}.png`, animations: 'disabled' });
}

/** Whether the page says the panel's engine capability has not landed yet. */
export async function capabilityMissing(panel: Locator): Promise<boolean> {
  return (await panel.locator('.missing').count()) > 0;
}
