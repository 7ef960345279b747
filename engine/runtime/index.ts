// The runtime: policy-gated execution of agent actions. Re-exports only.
export { Runtime } from './runtime.ts';
export { summarize } from './plan.ts';
export { noopExecutor } from './executor.ts';
export { askApproval, autoApprove, autoDeny, callbackApproval, confirmApproval, describeApproval } from './approval.ts';
export { webhookApproval, SIGNATURE_HEADER, TIMESTAMP_HEADER } from './webhook-approval.ts';
export { ApprovalQueue } from './approval-queue.ts';
export { MemoryAuditSink } from './audit-sink.ts';
export { backoffDelay, NO_RETRY } from './retry.ts';
export { screenAction, screenableTexts } from './screen.ts';
export { hmacSha256Hex } from './hmac.ts';

export type { Action, ActionResult, ResultStatus } from './action.ts';
export type { Executor, ExecutionContext } from './executor.ts';
export type { ApprovalHandler, ApprovalRequest, ApprovalVerdict } from './approval.ts';
export type { WebhookApprovalOptions } from './webhook-approval.ts';
export type { ApprovalRecord, ApprovalStatus, ApprovalQueueOptions } from './approval-queue.ts';
export type { AuditSink, RuntimeAuditEntry } from './audit-sink.ts';
export type { RetryPolicy, Sleep } from './retry.ts';
export type { GuardrailChecker, GuardrailFinding, GuardrailReport, ScreenResult, ScreenedText } from './screen.ts';
export type { Plan, PlannedAction, PlanSummary } from './plan.ts';
export type { RuntimeHooks, RuntimeOptions, ExecuteOptions, ReloadResult } from './runtime.ts';
