/**
 * "agent-aegis/worker": the engine in a Web Worker (client, protocol, host for custom worker
 * scripts), and the sql.js-backed audit log with its persistences for in-process use.
 */
export { createEngineWorker } from './client.ts';
export { EngineError } from './errors.ts';
export { startHost } from './host.ts';
export { spawnDefaultWorker, defaultEntryUrl } from './spawn.ts';
export { PROTOCOL_VERSION, Transfer } from './protocol.ts';
export { AuditLog } from '../audit/log.ts';
export { SqlAuditStore, loadSqlJs } from '../audit/sqljs-store.ts';
export { describeStart, verifyChain } from '../audit/verify.ts';
export { MemoryPersistence } from '../storage/memory.ts';
export { IndexedDbPersistence } from '../storage/indexeddb.ts';
export { platformLocks, realmLocks } from '../platform/locks.ts';

export type { EngineClient, EngineWorkerOptions, AuditClient, RestartResult, EngineStatus } from './client.ts';
export type { WorkerErrorCode } from './errors.ts';
export type { EngineMethods, MethodName, ParamsOf, ResultOf, InitParams, InitResult, EvaluateOptions, GuardrailCheckOptions, PersistenceChoice } from './methods.ts';
export type { ErrorData, RequestMessage, ReplyMessage, BatchMessage, WorkerMessage, MessageEndpoint } from './protocol.ts';
export type { HostOptions, HandlerTable, Handler, HostContext, HostState } from './host-state.ts';
export type { WorkerLike, WorkerFactory } from './spawn.ts';
export type { AuditLogOptions, RetentionOptions, FlushResult, AuditVerifyResult } from '../audit/log.ts';
export type { AuditStats, SqlWasmSource } from '../audit/sqljs-store.ts';
export type { AuditFilter } from '../audit/filter.ts';
export type { AuditEntry, ChainHead } from '../audit/chain.ts';
export type { ChainStart, VerifyOptions, VerifyResult } from '../audit/verify.ts';
export type { AuditPersistence, PersistedLine, PersistedState, ChainAnchor } from '../storage/persistence.ts';
export type { IndexedDbOptions } from '../storage/indexeddb.ts';
export type { Locks } from '../platform/locks.ts';
