/**
 * The engine's methods as seen across the worker boundary: one entry per method, its parameters
 * and its result. The host's handler table and the client's typed calls are both checked against
 * this map, so adding a method is one entry here, one handler and one client line.
 */
import type { ActionInput, Decision, Diagnostic } from '../types.ts';
import type { AuditEntry, ChainHead } from '../audit/chain.ts';
import type { AuditFilter } from '../audit/filter.ts';
import type { AuditStats } from '../audit/sqljs-store.ts';
import type { FlushResult, AuditVerifyResult, RetentionOptions } from '../audit/log.ts';
import type { VerifyResult } from '../audit/verify.ts';
import type { CheckOptions, GuardrailReport, GuardrailsConfig } from '../guardrails/types.ts';
import type { ProbeOptions, ProbeReport } from '../probe/types.ts';
import type { PolicyDiff } from '../policy/diff.ts';
import type { AutopolicyResult } from '../autopolicy/autopolicy.ts';

export interface PersistenceChoice {
  kind: 'memory' | 'indexeddb';
  /** Log name (IndexedDB database `aegis-audit:<name>`); tabs using the same name share the log. */
  name?: string;
  /** IndexedDB transaction durability; default `strict`. */
  durability?: 'strict' | 'relaxed' | 'default';
}

export interface InitParams {
  protocol: number;
  /** URL of `sql-wasm.wasm` (browsers: in Vite, `import wasmUrl from 'sql.js/dist/sql-wasm-browser.wasm?url'`). */
  wasmUrl?: string;
  /** The wasm bytes (Node/Deno/Bun: read `sql.js/dist/sql-wasm.wasm`). */
  wasmBinary?: ArrayBuffer | Uint8Array;
  persistence?: PersistenceChoice;
  /** Session id recorded on audit entries (default: a fresh UUID per worker). */
  sessionId?: string;
  /** HMAC key for the audit chain. */
  auditKey?: string | Uint8Array;
  retention?: RetentionOptions;
  compactEvery?: number;
  flushDelayMs?: number;
  guardrails?: GuardrailsConfig;
  /** Enables the `debug.*` methods (fault injection for tests). */
  debug?: boolean;
}

export interface InitResult {
  sessionId: string;
  /** Entries in the log when the worker started (from persistence). */
  auditLength: number;
  persistence: string;
  /** `web-locks` when tabs exclude each other while flushing. */
  locks: string;
  warnings: { code: string; message: string }[];
}

export interface EvaluateOptions {
  /** Session the audit entries belong to (default: the worker's session). */
  sessionId?: string;
  /** Resolve only once the audit entries are durable (default: as soon as decided). */
  durable?: boolean;
  /** Decide at this instant (epoch ms) instead of now. */
  now?: number;
}

export interface GuardrailCheckOptions extends CheckOptions {
  agentId?: string;
  sessionId?: string;
}

type M<P, R> = { params: P; result: R };

export interface EngineMethods {
  'engine.init': M<InitParams, InitResult>;
  'engine.close': M<Record<string, never>, void>;
  /** Echo: measures the round trip. */
  'engine.ping': M<{ payload?: unknown }, { payload?: unknown }>;
  'policy.load': M<{ yaml: string }, { diagnostics: Diagnostic[]; loaded: boolean }>;
  'policy.evaluate': M<{ actions: ActionInput[] } & EvaluateOptions, Decision[]>;
  'policy.lint': M<Record<string, never>, Diagnostic[]>;
  'policy.diff': M<{ yaml: string; actions?: ActionInput[] }, PolicyDiff>;
  /** With `progress`, `ProbeProgress` events are posted for the request while it runs. */
  'policy.probe': M<{ options?: Omit<ProbeOptions, 'onProgress'>; progress?: boolean }, ProbeReport>;
  /** Natural language → policy (the core `autopolicy`); nothing is loaded. */
  'autopolicy.generate': M<{ text: string }, AutopolicyResult>;
  'guardrails.configure': M<{ config: GuardrailsConfig }, void>;
  'guardrails.check': M<{ text: string; options?: GuardrailCheckOptions }, GuardrailReport>;
  /** Record an event built elsewhere (approvals, cost alerts): id, time and sequence are assigned here. */
  'audit.record': M<{ event: Record<string, unknown>; durable?: boolean }, { eventId: string }>;
  'audit.query': M<{ filter?: AuditFilter }, AuditEntry[]>;
  'audit.export': M<Record<string, never>, string>;
  /** The export as UTF-8 bytes, transferred rather than copied (large logs). */
  'audit.exportBytes': M<Record<string, never>, Uint8Array>;
  'audit.verify': M<Record<string, never>, AuditVerifyResult>;
  'audit.flush': M<Record<string, never>, FlushResult>;
  'audit.stats': M<Record<string, never>, AuditStats>;
  'audit.head': M<Record<string, never>, ChainHead>;
  'audit.import': M<{ jsonl: string; allowTrimmedStart?: boolean }, VerifyResult>;
  'debug.crash': M<{ mode: 'throw' | 'exit' }, void>;
  'debug.sleep': M<{ ms: number }, void>;
}

export type MethodName = keyof EngineMethods;
export type ParamsOf<K extends MethodName> = EngineMethods[K]['params'];
export type ResultOf<K extends MethodName> = EngineMethods[K]['result'];
