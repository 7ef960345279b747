/** The side-effect boundary: the only place an action is actually carried out. */
import type { Action } from './action.ts';

/**
 * Carries out allowed actions. `execute` resolves with the result data or throws to report a
 * failure. `verify` (optional) confirms the effect afterwards; `false` counts as a failure.
 * `rollback` (optional) undoes a failed action once retries are exhausted.
 */
export interface Executor {
  execute(action: Action, context: ExecutionContext): Promise<unknown> | unknown;
  verify?(action: Action, data: unknown): Promise<boolean> | boolean;
  rollback?(action: Action, error: string): Promise<void> | void;
}

export interface ExecutionContext {
  /** 1 for the first try, 2 for the first retry, … */
  attempt: number;
  /** Aborted when the runtime gives up on the action (not wired to a timeout by default). */
  signal?: AbortSignal;
}

/** Performs nothing and reports `{executed: true}`, like the reference server's default executor. */
export const noopExecutor: Executor = { execute: () => ({ executed: true }) };
