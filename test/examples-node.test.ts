// The Node examples run as a user would run them (`node examples/node/…`, importing the built
// package by its name), and their output shows what the engine let through.
import { execFile, execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from './vectors.ts';

const run = promisify(execFile);

async function runExample(file: string): Promise<string[]> {
  const { stdout } = await run(process.execPath, [join(repoRoot, 'examples', 'node', file)], { cwd: repoRoot, timeout: 60_000 });
  return stdout.trim().split('\n');
}

beforeAll(() => {
  expect(existsSync(join(repoRoot, 'dist', 'engine', 'worker', 'entry.js')), 'the examples import the built package: run `npm run build` first').toBe(true);
});

// The page's injected instruction is cut out (to the end of its line); the e-mail address in
// what is left would be masked too.
const MODEL_SEES = 'the model sees: "Acme Corp — Q3 supplier update.\\nInvoice INV-7 for 250 EUR is due on Friday.\\n[removed by guardrail]"';

const OUTCOMES = [
  'success read_contacts crm [auto, rule reads_are_fine]',
  'success update_contact crm [auto, rule crm_updates_are_fine]',
  'success pay_invoice bank [auto, rule small_payments]',
  'success send_email mail [approve, rule emails_need_a_human]',
  'blocked delete_contacts crm [block, rule no_deletes] (blocked by policy rule: no_deletes)',
  'denied  pay_invoice bank [approve, rule big_payments_need_a_human] (denied by approver)',
];

const QUESTIONS = [
  'approval? Allow "send_email" on "mail" by agent "node-agent"? (risk medium, rule emails_need_a_human) -> yes',
  'approval? Allow "pay_invoice" on "bank" by agent "node-agent"? (risk high, rule big_payments_need_a_human) -> no',
];

describe.each([
  ['agent.mjs', 'the Runtime (plan → execute) with an approval callback'],
  ['agent-worker.mjs', 'the engine in a worker (createEngineWorker)'],
])('examples/node/%s: %s', (file) => {
  let lines: string[] = [];
  beforeAll(async () => {
    lines = await runExample(file);
  });

  it('screens the page text before the model sees it: the injected instruction is flagged and cut', () => {
    // The categories named depend on which recognizers fire; the instruction override must be among them.
    expect(lines.find((l) => l.startsWith('read_page: '))).toMatch(/^read_page: success; guardrail: FLAGGED injection \((.+, )?instruction_override(, .+)?\)$/);
    expect(lines).toContain(MODEL_SEES);
  });

  it('plans every proposed action before running any', () => {
    expect(lines.find((l) => l.startsWith('plan: '))).toMatch(/^plan: 6 actions, 3 auto, 2 need approval, 1 blocked\b/);
  });

  it('runs allowed actions, never runs the blocked one, and asks before the others', () => {
    expect(lines.filter((l) => /^(success|blocked|denied|failed|skipped) /.test(l))).toEqual(OUTCOMES);
    expect(lines.filter((l) => l.startsWith('approval? '))).toEqual(QUESTIONS);
    // The executor's own log: neither the delete nor the denied payment reached a tool.
    expect(lines).toContain('tools that ran: read_page, read_contacts, update_contact, pay_invoice, send_email');
  });

  it('audits every decision', () => {
    const audit = lines.find((l) => l.startsWith('audit: '));
    if (file === 'agent.mjs') expect(audit).toBe('audit: 7 entries');
    // Seven decisions plus the guardrail verdict that masked the page; the chain verifies in the
    // worker and, from the JSONL export, with the core's verifyChain.
    else expect(audit).toBe('audit: 8 entries (7 decisions), chain valid, export valid');
  });
});

describe('examples/node/agent.mjs --ask (answers typed on stdin)', () => {
  it('asks on the terminal; a "no" denies the action and the Runtime skips the rest of the plan', () => {
    const out = execFileSync(process.execPath, [join(repoRoot, 'examples/node/agent.mjs'), '--ask'], { cwd: repoRoot, input: 'n\n', encoding: 'utf8', timeout: 60_000 });
    expect(out).toContain('Allow "send_email" on "mail" by agent "node-agent"? (risk medium, rule emails_need_a_human) [y/N] ');
    const lines = out.trim().split('\n');
    expect(lines).toContain('skipped delete_contacts crm [block, rule no_deletes] (skipped: an earlier action denied)');
    expect(lines).toContain('tools that ran: read_page, read_contacts, update_contact, pay_invoice');
  });
});
