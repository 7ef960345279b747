// "agent-aegis/server": the REST API as a fetch handler. Re-exports only.
export { createApp, SERVER_VERSION } from './app.ts';
export { MemoryAuditLog, auditRowOf, filterAuditRows, isoUtc } from './audit-log.ts';
export { CryptoChain, GENESIS_HASH } from './crypto-chain.ts';
export { canonicalJson } from './canonical.ts';
export { constantTimeEqual, isLoopback } from './auth.ts';
export { MAX_BODY_BYTES } from './http.ts';
export { DEFAULT_GUARDRAIL_INFO } from './guardrails.ts';

export type { App, ConnectionInfo } from './app.ts';
export type { AppOptions, ServerTools } from './options.ts';
export type { AuthOptions } from './auth.ts';
export type { AuditRow, AuditFilter, ServerAuditLog } from './audit-log.ts';
export type { ChainEntry, ChainVerification } from './crypto-chain.ts';
export type { ServerGuardrails, GuardrailInfo, WireGuardrailResult } from './guardrails.ts';
