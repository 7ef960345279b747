// "agent-aegis/server": the REST API as a fetch handler. Re-exports only.
export { createApp, SERVER_VERSION } from './app.ts';
export { ServerAuditLog } from './audit-log.ts';
export { auditEventOf, auditRowOf, chainEntryOf, isoUtc } from './audit-rows.ts';
export { constantTimeEqual, isLoopback } from './auth.ts';
export { MAX_BODY_BYTES } from './http.ts';
export { DEFAULT_GUARDRAIL_INFO } from './guardrails.ts';

export type { App, ConnectionInfo } from './app.ts';
export type { AppOptions, ServerTools } from './options.ts';
export type { AuthOptions } from './auth.ts';
export type { ChainVerification } from './audit-log.ts';
export type { AuditRow, AuditFilter, ChainEntryView, ResultMetadata } from './audit-rows.ts';
export type { ServerGuardrails, GuardrailInfo, WireGuardrailResult } from './guardrails.ts';
