/** What flows through the runtime: an action in, a result out. */
import type { ActionInput, Decision } from '../types.ts';

/** An action an agent wants to take (a tool call). Same shape as the policy's input. */
export type Action = ActionInput;

/** How an action ended. `pending` only appears when an approval is still open (server queue). */
export type ResultStatus = 'success' | 'failed' | 'blocked' | 'denied' | 'skipped' | 'pending';

export interface ActionResult {
  action: Action;
  status: ResultStatus;
  /** What the executor returned (or dry-run information). */
  data?: unknown;
  /** Why the action did not succeed, in words. */
  error?: string;
  decision?: Decision;
  /** Set when a human (or handler) was asked: `approved` or `denied`. */
  humanDecision?: 'approved' | 'denied';
  /** Set when a guardrail screened the action's text and refused it. */
  blockedByGuardrail?: boolean;
  /** Executor calls made (0 when the executor was never reached). */
  attempts: number;
  /** Set when the executor's rollback ran after a failure (`ok` or the rollback's error). */
  rollback?: 'ok' | { error: string };
  /** Set when the audit sink refused the entry (the action itself already ran). */
  auditError?: string;
  /** Epoch ms. */
  completedAt: number;
}

export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message || err.name;
  return typeof err === 'string' ? err : JSON.stringify(err) ?? String(err);
}
