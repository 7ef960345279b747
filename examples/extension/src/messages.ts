// What extension pages ask the engine (in the offscreen document) and the background, over
// chrome.runtime messaging. Every reply is `{ok: true, result}` or `{ok: false, error}`.
import type { ActionInput, Decision, Diagnostic, GuardrailReport } from 'agent-aegis';
import type { AuditEntry, AuditVerifyResult, EngineClient } from 'agent-aegis/worker';

/** An event for the audit chain (approvals, outcomes): id, time and sequence are assigned by the engine. */
export type AuditEventInput = Parameters<EngineClient['audit']['record']>[0];

export const ENGINE = 'aegis-engine';
export const BACKGROUND = 'aegis-background';

export interface EngineCalls {
  evaluate: { params: { action: ActionInput }; result: Decision };
  check: { params: { text: string; direction: 'input' | 'output'; agentId?: string }; result: GuardrailReport };
  loadPolicy: { params: { yaml: string }; result: { diagnostics: Diagnostic[]; loaded: boolean } };
  auditRecord: { params: { event: AuditEventInput }; result: { eventId: string } };
  auditQuery: { params: Record<string, never>; result: AuditEntry[] };
  auditVerify: { params: Record<string, never>; result: AuditVerifyResult };
  auditExport: { params: Record<string, never>; result: string };
}

export type EngineMethod = keyof EngineCalls;
export type EngineRequest<M extends EngineMethod = EngineMethod> = { to: typeof ENGINE; method: M; params: EngineCalls[M]['params'] };
export type Reply<T> = { ok: true; result: T } | { ok: false; error: string };

/** Answers a message asynchronously (returning true keeps the channel open for sendResponse). */
export function respond<T>(work: Promise<T>, sendResponse: (reply: Reply<T>) => void): true {
  work.then(
    (result) => sendResponse({ ok: true, result }),
    (err: unknown) => sendResponse({ ok: false, error: err instanceof Error ? err.message : String(err) }),
  );
  return true;
}
