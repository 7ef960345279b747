/** Retry with exponential backoff: how many times, how long to wait, which failures qualify. */

export interface RetryPolicy {
  /** Extra attempts after the first (0 = no retry). */
  maxRetries: number;
  /** Delay before the first retry, in ms. */
  baseDelayMs?: number;
  /** Multiplier per retry (2 doubles the delay each time). */
  factor?: number;
  maxDelayMs?: number;
  /** Return false for failures that must not be retried (default: retry every failure). */
  retryOn?: (error: string, attempt: number) => boolean;
}

export const NO_RETRY: RetryPolicy = { maxRetries: 0 };

/** Delay before retry number `retry` (1-based): base · factor^(retry−1), capped. */
export function backoffDelay(policy: RetryPolicy, retry: number): number {
  const base = policy.baseDelayMs ?? 100;
  const factor = policy.factor ?? 2;
  const max = policy.maxDelayMs ?? 30_000;
  return Math.min(max, base * factor ** Math.max(0, retry - 1));
}

export type Sleep = (ms: number) => Promise<void>;

export const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
