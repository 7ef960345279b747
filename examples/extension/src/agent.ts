// The toy agent (side panel): reads the current page, proposes actions on it, and asks the engine
// before each one. Blocked actions never run; `approve` actions wait for the user's answer in
// this panel; the page's text is screened before the agent "sees" it. The user's answers and what
// actually ran go to the same audit chain as the engine's decisions (audit-trail.ts).
import type { ActionInput, Decision, GuardrailReport } from 'agent-aegis';
import { recordApprovalRequest, recordApprovalResponse, recordOutcome, type Outcome } from './audit-trail.ts';
import { engine } from './engine-client.ts';
import { click, fill, readPage, runNamedScript, submit, type PageResult, type PageSnapshot } from './page-actions.ts';

const AGENT_ID = 'toy-agent';
const $ = <T extends HTMLElement>(testId: string) => document.querySelector<T>(`[data-testid="${testId}"]`)!;
const tabSelect = $<HTMLSelectElement>('target-tab');
const status = $('agent-status');

async function listTabs(): Promise<void> {
  const tabs = (await chrome.tabs.query({ url: ['http://*/*', 'https://*/*'] })).filter((t) => t.id !== undefined);
  tabSelect.replaceChildren(...tabs.map((t) => new Option(`${t.title ?? ''} — ${t.url ?? ''}`, String(t.id), false, t.active)));
}

async function inject<Args extends unknown[], T>(tabId: number, func: (...args: Args) => PageResult<T>, ...args: Args): Promise<T> {
  const [first] = await chrome.scripting.executeScript({ target: { tabId }, func, args });
  const result = first?.result;
  if (!result) throw new Error('the page did not answer');
  if (!result.ok) throw new Error(result.error);
  return result.value;
}

async function navigate(tabId: number, url: string): Promise<string> {
  await chrome.tabs.update(tabId, { url });
  for (let i = 0; i < 100 && (await chrome.tabs.get(tabId)).status !== 'complete'; i++) await new Promise((r) => setTimeout(r, 100));
  return `opened ${url}`;
}

/** Carries out an action the engine allowed. The only place the agent touches the page. */
function execute(tabId: number, action: ActionInput): Promise<unknown> {
  const p = action.params ?? {};
  switch (action.type) {
    case 'browser.read_text': return inject(tabId, readPage);
    case 'browser.click': return inject(tabId, click, action.target!);
    case 'browser.fill': return inject(tabId, fill, action.target!, String(p['value'] ?? ''));
    case 'browser.submit': return inject(tabId, submit, action.target!);
    case 'browser.navigate': return navigate(tabId, action.target!);
    case 'browser.run_script': return inject(tabId, runNamedScript, action.target!);
    default: return Promise.reject(new Error(`unknown action ${action.type}`));
  }
}

function logRow(action: ActionInput): { decided(d: Decision): void; finish(outcome: string, detail?: string): void } {
  const row = $('agent-log').querySelector('tbody')!.insertRow();
  row.dataset['type'] = action.type;
  row.dataset['target'] = action.target ?? '';
  const [type, target, decision, outcome] = [row.insertCell(), row.insertCell(), row.insertCell(), row.insertCell()];
  type.textContent = action.type;
  target.textContent = action.target ?? '';
  outcome.textContent = 'deciding…';
  return {
    decided: (d) => void (decision.textContent = `${d.approval} · ${d.riskLevel} · ${String(d.matchedRule)}`),
    finish(result, detail) {
      row.dataset['status'] = result;
      outcome.textContent = detail ? `${result}: ${detail}` : result;
    },
  };
}

/** Shows the question in the panel and resolves with the user's answer. */
function confirmInPanel(action: ActionInput, decision: Decision): Promise<boolean> {
  const dialog = $<HTMLDialogElement>('approval-dialog');
  $('approval-message').textContent =
    `Allow ${action.type} on ${action.target ?? '(no target)'}? Risk ${decision.riskLevel}, rule ${String(decision.matchedRule)}.`;
  dialog.showModal();
  return new Promise((resolve) => {
    const answer = (yes: boolean) => () => {
      dialog.close();
      resolve(yes);
    };
    $('approval-approve').onclick = answer(true);
    $('approval-deny').onclick = answer(false);
    dialog.oncancel = answer(false);
  });
}

/** One governed step: decide (audited by the engine), maybe ask (audited), then run or not (audited). */
async function step<T>(tabId: number, action: ActionInput): Promise<T | undefined> {
  const row = logRow(action);
  const finish = async (outcome: Outcome, detail?: string) => {
    row.finish(outcome, detail);
    await recordOutcome(action, outcome, detail);
  };
  const decision = await engine.evaluate(action);
  row.decided(decision);
  if (!decision.allowed || decision.approval === 'block') {
    await finish('blocked', `rule ${String(decision.matchedRule)}`);
    return undefined;
  }
  if (decision.approval === 'approve') {
    const requestId = await recordApprovalRequest(action, decision);
    const approved = await confirmInPanel(action, decision);
    await recordApprovalResponse(action, requestId, approved);
    if (!approved) {
      await finish('denied', 'by you');
      return undefined;
    }
  }
  let value: T;
  try {
    value = (await execute(tabId, action)) as T;
  } catch (err) {
    await finish('failed', err instanceof Error ? err.message : String(err));
    return undefined;
  }
  await finish('done');
  return value;
}

/**
 * The text the agent may see: each injected instruction is cut out up to the end of its sentence
 * (PII is already masked in `report.text`). Overlapping findings are merged first.
 */
function forTheAgent(report: GuardrailReport): string {
  const { text } = report;
  const cuts: [number, number][] = [];
  for (const f of report.findings.filter((f) => f.guardrail === 'injection').sort((a, b) => a.span[0] - b.span[0])) {
    const stop = text.slice(f.span[1]).search(/[.!?](?=\s|$)|\n/);
    const end = stop < 0 ? text.length : f.span[1] + stop;
    const last = cuts.at(-1);
    if (last && f.span[0] <= last[1]) last[1] = Math.max(last[1], end);
    else cuts.push([f.span[0], end]);
  }
  let out = text;
  for (const [start, end] of cuts.reverse()) out = `${out.slice(0, start)}[removed: injected instruction]${out.slice(end)}`;
  return out;
}

/** The toy "model": one proposal per thing it can act on. */
function propose(page: PageSnapshot): ActionInput[] {
  const on = { url: page.url };
  return [
    ...page.buttons.map((b) => ({ type: 'browser.click', target: b.selector, params: { ...on, label: b.label } })),
    ...page.inputs.map((i) => ({ type: 'browser.fill', target: i.selector, params: { ...on, value: i.kind === 'email' ? 'agent@example.com' : 'Aegis' } })),
    ...page.forms.map((f) => ({ type: 'browser.submit', target: f.selector, params: on })),
    ...page.links.slice(0, 1).map((href) => ({ type: 'browser.navigate', target: href, params: on })),
    { type: 'browser.run_script', target: 'count_links', params: on },
  ].map((a) => ({ ...a, agentId: AGENT_ID }));
}

async function run(): Promise<void> {
  const tabId = Number(tabSelect.value);
  const tab = await chrome.tabs.get(tabId);
  status.textContent = 'running';
  $('agent-log').querySelector('tbody')!.replaceChildren();
  const page = await step<PageSnapshot>(tabId, { type: 'browser.read_text', target: tab.url ?? '', agentId: AGENT_ID });
  if (page) {
    const report = await engine.check(page.text, 'output', AGENT_ID);
    const flagged = report.findings.filter((f) => f.guardrail === 'injection');
    $('guardrail-verdict').textContent = flagged.length
      ? `injection flagged: ${[...new Set(flagged.map((f) => f.category))].join(', ')}`
      : report.findings.length ? `clean (masked: ${report.findings.map((f) => f.category).join(', ')})` : 'clean';
    $('guardrail-verdict').dataset['flagged'] = String(flagged.length > 0);
    $('agent-sees').textContent = forTheAgent(report);
    for (const action of propose(page)) await step(tabId, action);
  }
  status.textContent = 'finished';
}

$('run-agent').addEventListener('click', () => {
  run().catch((err: unknown) => (status.textContent = `error: ${err instanceof Error ? err.message : String(err)}`));
});
$('refresh-tabs').addEventListener('click', () => void listTabs());
void listTabs();
