/** What `createApp` accepts. Everything but the policy has a safe default. */
import type { Policy } from '../policy/policy.ts';
import type { ActionInput, Decision } from '../types.ts';
import type { ApprovalHandler } from '../runtime/approval.ts';
import type { Executor } from '../runtime/executor.ts';
import type { RetryPolicy } from '../runtime/retry.ts';
import type { GuardrailChecker } from '../runtime/screen.ts';
import type { AuthOptions } from './auth.ts';
import type { AuditLog } from '../audit/log.ts';
import type { ServerGuardrails } from './guardrails.ts';

/** Optional engine tools behind `/probe`, `/autopolicy` and `/policy/diff`; absent ones answer 501. */
export interface ServerTools {
  probe?: (policy: Policy) => unknown;
  autopolicy?: (text: string) => unknown;
  diff?: (before: Policy, after: Policy, actions?: ActionInput[]) => unknown;
}

export interface AppOptions extends AuthOptions {
  /** The policy, or its YAML text (rejected with its diagnostics if it has errors). */
  policy: Policy | string;
  /** Carries out `/execute`d actions. Default: does nothing and reports `{executed: true}`. */
  executor?: Executor;
  /**
   * Who answers actions that need approval on `/execute`:
   * `queue` (default) parks them for `POST /api/v1/approvals/{id}`; `auto` approves (the
   * reference's behaviour, for trusted setups); `deny` refuses; or a handler of your own.
   */
  approval?: 'queue' | 'auto' | 'deny' | ApprovalHandler;
  /** How long `/execute` waits for a queued approval before answering `pending`. Default 0. */
  approvalWaitMs?: number;
  /** How long a queued approval stays open before it expires as denied. Default 15 minutes. */
  approvalTimeoutMs?: number;
  /**
   * Screens each evaluated/executed action's description, string params and param keys, and backs
   * `/guardrails/check`. Default: the engine's default guardrails when available. `false` turns
   * them off.
   */
  guardrails?: ServerGuardrails | GuardrailChecker | false;
  /**
   * The audit log (`AuditLog.open({ persistence })`, or the promise of it) that executed actions
   * are sealed into, one AGEF `policy_decision` entry each. Default: an in-memory log. The
   * caller keeps ownership: close it after the app.
   */
  audit?: AuditLog | Promise<AuditLog>;
  /** Also write evaluations (dry runs) to the audit log. Default false, like the reference. */
  auditEvaluations?: boolean;
  retry?: RetryPolicy;
  tools?: ServerTools;
  /** Seconds without heartbeat after which an agent is `stale`. Default 60. */
  heartbeatTimeout?: number;
  /** Reported by `/health`. */
  version?: string;
  clock?: () => number;
  /** Told about every policy swap (the CLI logs it). */
  onPolicyChange?: (policy: Policy, how: { source: string }) => void;
  /** Observes decisions made by `/evaluate` and `/execute` (metrics, logs). */
  onDecision?: (decision: Decision, action: ActionInput) => void;
}
