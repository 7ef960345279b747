import { expect, test } from '@playwright/test';
import { openPlayground, screenshot, setPolicy } from './playground-helpers.ts';

const POLICY = `version: "1"
defaults:
  risk_level: medium
  approval: block
rules:
  - name: reads
    match: { type: "read*" }
    risk_level: low
    approval: auto
  - name: big_payments
    match: { type: "pay*" }
    conditions:
      param_gt: { amount: 1000 }
    risk_level: high
    approval: approve
  - name: payments
    match: { type: "pay*" }
    approval: auto
`;

test.describe('evaluate panel', () => {
  test('a decision names approval, risk and rule, and highlights the rule in the editor', async ({ page }) => {
    await openPlayground(page);
    await setPolicy(page, POLICY);
    await page.getByTestId('action-type').fill('pay_invoice');
    await page.getByTestId('action-target').fill('stripe');
    await page.getByTestId('action-params').fill('{"amount": 5000}');
    await page.getByTestId('evaluate').click();
    const decision = page.getByTestId('decision');
    await expect(decision).toContainText('approve');
    await expect(decision).toContainText('high');
    await expect(decision).toContainText('big_payments');
    await expect(decision).toContainText('recorded in the audit log');
    await expect(decision).toContainText('lines 10–15');
    await expect.poll(() => page.evaluate(() => window.__aegisPlayground!.highlightedLines())).toEqual({ startLine: 10, endLine: 15 });
    await expect(page.locator('.policy-editor .rule-highlight').first()).toBeVisible();
    await screenshot(page.locator('#evaluate'), 'evaluate');
  });

  test('the decision updates as you type, without pressing Evaluate', async ({ page }) => {
    await openPlayground(page);
    await setPolicy(page, POLICY);
    await page.getByTestId('action-type').fill('pay_invoice');
    await page.getByTestId('action-params').fill('{"amount": 5}');
    await expect(page.getByTestId('decision')).toContainText('payments');
    await expect(page.getByTestId('decision')).toContainText('auto');
    await expect(page.getByTestId('decision')).toContainText('preview, not recorded');
    await page.getByTestId('action-type').fill('read_file');
    await expect(page.getByTestId('decision')).toContainText('reads');
    await expect(page.getByTestId('decision')).toContainText('low');
    // Editing the policy re-decides too: no rule for `write` → the defaults.
    await page.getByTestId('action-type').fill('write');
    await expect(page.getByTestId('decision')).toContainText('<default>');
    await expect(page.getByTestId('decision')).toContainText('no rule matched');
  });

  test('Evaluate right after an edit decides under the edited policy', async ({ page }) => {
    await openPlayground(page);
    await page.getByTestId('action-type').fill('archive_all');
    await page.getByTestId('policy-editor').fill(POLICY + '  - name: archive_rule\n    match: { type: "archive*" }\n    risk_level: low\n    approval: auto\n');
    await page.getByTestId('evaluate').click();
    await expect(page.getByTestId('decision')).toContainText('archive_rule');
    await expect(page.getByTestId('decision')).toContainText('recorded in the audit log');
    // The highlight is found in the edited text, not in the one the click's render still held.
    await expect.poll(() => page.evaluate(() => window.__aegisPlayground!.highlightedLines())).toEqual({ startLine: 19, endLine: 22 });
    // The live preview that follows the load does not relabel the recorded decision.
    await page.waitForTimeout(500);
    await expect(page.getByTestId('decision')).toContainText('recorded in the audit log');
  });

  test('bad params are reported, not guessed', async ({ page }) => {
    await openPlayground(page);
    await page.getByTestId('action-params').fill('{amount: 5');
    await expect(page.getByTestId('decision')).toContainText('not valid JSON');
  });

  test('the batch table decides every pasted action', async ({ page }) => {
    await openPlayground(page);
    await setPolicy(page, POLICY);
    await page.getByTestId('batch-input').fill([
      '{"type": "read_file", "target": "docs"}',
      '{"action_type": "pay_invoice", "target": "stripe", "params": {"amount": 99999}}',
      '{"type": "delete_user", "target": "crm", "agent_id": "bot"}',
    ].join('\n'));
    const rows = page.getByTestId('batch-table').locator('tbody tr');
    await expect(rows).toHaveCount(3);
    await expect(rows.nth(0)).toContainText('reads');
    await expect(rows.nth(1)).toContainText('big_payments');
    await expect(rows.nth(2)).toContainText('<default>');
    await rows.nth(1).getByRole('button').click();
    await expect.poll(() => page.evaluate(() => window.__aegisPlayground!.highlightedLines())).toEqual({ startLine: 10, endLine: 15 });
    await screenshot(page.locator('#evaluate .batch'), 'evaluate-batch');
  });
});
