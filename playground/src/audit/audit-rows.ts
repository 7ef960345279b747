/** Audit entries as table rows, and the panel's filters (applied in the page, over what the worker returned). */
import type { AuditEntry } from '../engine.ts';

export interface EntryFilter {
  outcome: string;
  risk: string;
  text: string;
}

export interface EntryRow {
  sequence: number | string;
  time: string;
  what: string;
  outcome: string;
  risk: string;
  rule: string;
  agent: string;
}

export function summarize(entry: AuditEntry): EntryRow {
  const action = entry.action;
  const guardrail = entry.guardrail;
  return {
    sequence: entry.evidence?.sequence_number ?? '',
    time: entry.timestamp.slice(11, 19),
    what: action ? `${action.type}${action.target ? ` → ${action.target}` : ''}` : guardrail ? `guardrail ${guardrail.name}` : entry.event_type,
    outcome: entry.decision?.outcome ?? '',
    risk: entry.decision?.risk_level?.toLowerCase() ?? '',
    rule: entry.decision?.rule ?? (guardrail ? `${guardrail.name} (${guardrail.matches?.map((m) => m.type).join(', ') ?? ''})` : ''),
    agent: entry.agent?.id ?? '',
  };
}

export function filterEntries(entries: readonly AuditEntry[], filter: EntryFilter): AuditEntry[] {
  const text = filter.text.trim().toLowerCase();
  return entries.filter((entry) => {
    if (filter.outcome && entry.decision?.outcome !== filter.outcome) return false;
    if (filter.risk && entry.decision?.risk_level?.toUpperCase() !== filter.risk) return false;
    if (!text) return true;
    const row = summarize(entry);
    return [row.what, row.rule, row.agent, entry.event_type].some((s) => s.toLowerCase().includes(text));
  });
}
