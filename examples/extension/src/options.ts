// Options page: edit the policy (checked by the engine before it is saved) and browse the audit
// log, verifying its hash chain.
import type { Diagnostic } from 'agent-aegis';
import type { AuditEntry } from 'agent-aegis/worker';
import { engine } from './engine-client.ts';
import { defaultPolicy, savePolicy, storedPolicy } from './policy-store.ts';

const $ = <T extends HTMLElement>(testId: string) => document.querySelector<T>(`[data-testid="${testId}"]`)!;
const editor = $<HTMLTextAreaElement>('policy-editor');

function showDiagnostics(diagnostics: Diagnostic[]): void {
  $('diagnostics').replaceChildren(...diagnostics.map((d) => {
    const li = document.createElement('li');
    li.textContent = `${d.line ?? '?'}:${d.column ?? '?'} ${d.severity} ${d.code}: ${d.message}`;
    return li;
  }));
}

async function save(yaml: string): Promise<void> {
  // Stored for next time only if the engine loaded it without errors; otherwise the engine goes
  // back to the stored policy.
  const { diagnostics, loaded } = await engine.loadPolicy(yaml);
  showDiagnostics(diagnostics);
  const ok = loaded && !diagnostics.some((d) => d.severity === 'error');
  if (ok) await savePolicy(yaml);
  else await engine.loadPolicy(await storedPolicy());
  $('policy-status').textContent = ok ? 'saved and active' : 'not saved: fix the errors below';
}

/** The decision's outcome, the user's answer, or what happened to the action. */
function outcomeOf(e: AuditEntry): string {
  if (e.decision?.outcome) return e.decision.outcome;
  if (e.guardrail) return 'guardrail';
  const answer = e.approval?.['decision'];
  if (e.event_type === 'approval_response') return `user ${String(answer ?? 'no answer')}`;
  if (e.event_type === 'approval_request') return 'asked the user';
  const result = (e.metadata?.['result'] as { status?: string } | undefined)?.status;
  return result ? `result: ${result}` : '';
}

async function refreshAudit(): Promise<void> {
  const entries = await engine.audit.query();
  $('audit-table').querySelector('tbody')!.replaceChildren(...entries.map((e) => {
    const row = document.createElement('tr');
    row.dataset['eventType'] = e.event_type;
    const cells = [
      String(e.evidence.sequence_number), e.timestamp, e.event_type, e.action?.type ?? '', e.action?.target ?? '',
      outcomeOf(e), e.decision?.rule ?? (e.guardrail ? JSON.stringify(e.guardrail) : ''), e.entry_hash.slice(0, 12),
    ];
    for (const text of cells) row.insertCell().textContent = text;
    return row;
  }));
}

async function verify(): Promise<void> {
  const result = await engine.audit.verify();
  const out = $('audit-verify-result');
  out.dataset['valid'] = String(result.valid);
  out.textContent = result.valid ? `valid chain: ${result.length} entries` : `BROKEN at entry ${result.firstBrokenAt}`;
}

async function exportJsonl(): Promise<void> {
  const url = URL.createObjectURL(new Blob([await engine.audit.export()], { type: 'application/x-ndjson' }));
  const a = Object.assign(document.createElement('a'), { href: url, download: 'aegis-audit.jsonl' });
  a.click();
  URL.revokeObjectURL(url);
}

const report = (p: Promise<void>) => p.catch((err: unknown) => ($('policy-status').textContent = `error: ${err instanceof Error ? err.message : String(err)}`));
$('save-policy').addEventListener('click', () => void report(save(editor.value)));
$('reset-policy').addEventListener('click', () => void report((editor.value = defaultPolicy, save(defaultPolicy))));
$('audit-refresh').addEventListener('click', () => void report(refreshAudit()));
$('audit-verify').addEventListener('click', () => void report(verify()));
$('audit-export').addEventListener('click', () => void report(exportJsonl()));
editor.value = await storedPolicy();
void report(refreshAudit());
