/**
 * The governance pipeline: evaluate → (guardrails) → approve → execute → verify → audit.
 * Invariant: the executor is only reached by an action whose current decision allows it, whose
 * text passed the guardrails and which, when the policy asks for it, a handler approved.
 */
import { Policy } from '../policy/policy.ts';
import type { Decision, Diagnostic } from '../types.ts';
import { errorMessage, type Action, type ActionResult } from './action.ts';
import { askApproval, autoDeny, type ApprovalHandler, type ApprovalRequest, type ApprovalVerdict } from './approval.ts';
import type { AuditSink } from './audit-sink.ts';
import type { Executor } from './executor.ts';
import { summarize, type Plan, type PlannedAction } from './plan.ts';
import { backoffDelay, NO_RETRY, realSleep, type RetryPolicy, type Sleep } from './retry.ts';
import { screenAction, type GuardrailChecker, type ScreenResult } from './screen.ts';

export interface RuntimeHooks {
  /** Before anything else happens to an action. A throw blocks the action. */
  onDecision?(decision: Decision, action: Action): void | Promise<void>;
  /** After a handler answered. A throw turns the answer into a denial. */
  onApproval?(request: ApprovalRequest, verdict: ApprovalVerdict): void | Promise<void>;
  /** After each action finished (whatever its status). Errors are ignored. */
  onExecute?(result: ActionResult): void | Promise<void>;
  /** After guardrails screened an action's text. */
  onScreen?(screen: ScreenResult, action: Action): void | Promise<void>;
}

export interface RuntimeOptions {
  policy: Policy;
  executor: Executor;
  /** Who answers `approve` decisions. Default: deny (nothing runs without an explicit handler). */
  approval?: ApprovalHandler;
  audit?: AuditSink;
  /** Screens each action's description, string params and param keys; a failure blocks the action. */
  guardrails?: GuardrailChecker | null;
  hooks?: RuntimeHooks;
  retry?: RetryPolicy;
  sessionId?: string;
  /** Filled into actions that carry no agent id. */
  agentId?: string;
  clock?: () => number;
  sleep?: Sleep;
  newId?: () => string;
}

export interface ExecuteOptions {
  /** Run all actions at once (no fail-fast). Default: one after another, stopping at the first failure. */
  parallel?: boolean;
  /** Decide, screen and report what would happen, without asking anyone or executing anything. */
  dryRun?: boolean;
}

export interface ReloadResult {
  ok: boolean;
  diagnostics: Diagnostic[];
}

export class Runtime {
  readonly sessionId: string;
  private current: Policy;
  private readonly opts: RuntimeOptions;
  private readonly clock: () => number;
  private readonly newId: () => string;

  constructor(options: RuntimeOptions) {
    this.opts = options;
    this.current = options.policy;
    this.clock = options.clock ?? (() => Date.now());
    this.newId = options.newId ?? (() => crypto.randomUUID());
    this.sessionId = options.sessionId ?? this.newId().replace(/-/g, '').slice(0, 12);
  }

  get policy(): Policy {
    return this.current;
  }

  /** Swaps the policy in one step; actions already planned are re-decided against it when executed. */
  updatePolicy(policy: Policy): void {
    this.current = policy;
  }

  /** Loads new YAML and swaps it in only if it has no errors: never decide against a half-loaded policy. */
  reloadPolicy(yaml: string): ReloadResult {
    const { policy, diagnostics } = Policy.parse(yaml);
    const ok = policy !== undefined && !diagnostics.some((d) => d.severity === 'error');
    if (ok) this.current = policy;
    return { ok, diagnostics };
  }

  plan(actions: readonly Action[]): Plan {
    const policy = this.current;
    const now = this.clock();
    const planned = actions.map((raw, index) => {
      const action = this.withAgent(raw);
      return { index, action, decision: policy.evaluate(action, { now }) };
    });
    return { actions: planned, summary: summarize(planned), policy };
  }

  async execute(plan: Plan, options: ExecuteOptions = {}): Promise<ActionResult[]> {
    const dryRun = options.dryRun === true;
    if (options.parallel) return Promise.all(plan.actions.map((p) => this.runPlanned(p, plan.policy, dryRun)));
    const results: ActionResult[] = [];
    for (const [i, planned] of plan.actions.entries()) {
      const result = await this.runPlanned(planned, plan.policy, dryRun);
      results.push(result);
      if (!dryRun && (result.status === 'failed' || result.status === 'denied')) {
        for (const rest of plan.actions.slice(i + 1)) {
          const skipped = this.finish(rest.action, 'skipped', rest.decision, { error: `skipped: an earlier action ${result.status}` });
          await this.audit(skipped, rest.decision);
          results.push(skipped);
        }
        break;
      }
    }
    return results;
  }

  async runOne(action: Action, options: { dryRun?: boolean } = {}): Promise<ActionResult> {
    const [result] = await this.execute(this.plan([action]), { dryRun: options.dryRun === true });
    return result!;
  }

  private async runPlanned(planned: PlannedAction, plannedWith: Policy, dryRun: boolean): Promise<ActionResult> {
    const result = await this.pipeline(planned, plannedWith, dryRun);
    try {
      await this.opts.hooks?.onExecute?.(result);
    } catch {
      // observers must not change an outcome that already happened
    }
    return result;
  }

  private async pipeline(planned: PlannedAction, plannedWith: Policy, dryRun: boolean): Promise<ActionResult> {
    const { action } = planned;
    const policy = this.current;
    // A reload between plan and execute wins: the active policy is the only source of truth.
    const decision = policy === plannedWith ? planned.decision : policy.evaluate(action, { now: this.clock() });
    const hooks = this.opts.hooks;

    try {
      await hooks?.onDecision?.(decision, action);
    } catch (err) {
      return this.record(action, 'blocked', decision, { error: `onDecision hook failed: ${errorMessage(err)}` }, dryRun);
    }
    if (!decision.allowed) {
      const why = decision.error ? `${decision.error.code}: ${decision.error.message}` : `blocked by policy rule: ${String(decision.matchedRule)}`;
      return this.record(action, 'blocked', decision, { error: why }, dryRun);
    }

    if (this.opts.guardrails) {
      let screen: ScreenResult;
      try {
        screen = await screenAction(this.opts.guardrails, action);
        await hooks?.onScreen?.(screen, action);
      } catch (err) {
        return this.record(action, 'blocked', decision, { error: `guardrail check failed: ${errorMessage(err)}`, blockedByGuardrail: true }, dryRun);
      }
      if (!screen.allowed) {
        const fields = screen.screened.filter((s) => !s.report.allowed).map((s) => s.field).join(', ');
        return this.record(action, 'blocked', decision, { error: `blocked by guardrail (${fields})`, blockedByGuardrail: true }, dryRun);
      }
    }

    let humanDecision: 'approved' | 'denied' | undefined;
    if (decision.approval === 'approve') {
      if (dryRun) return this.finish(action, 'success', decision, { data: { dry_run: true, approval_required: true } });
      const request: ApprovalRequest = { id: this.newId(), action, decision, sessionId: this.sessionId, requestedAt: this.clock() };
      let verdict = await askApproval(this.opts.approval ?? autoDeny, request);
      try {
        await hooks?.onApproval?.(request, verdict);
      } catch (err) {
        verdict = { approved: false, reason: `onApproval hook failed: ${errorMessage(err)}` };
      }
      if (!verdict.approved) {
        return this.record(action, 'denied', decision, { error: verdict.reason ? `denied: ${verdict.reason}` : 'denied by approver', humanDecision: 'denied' }, false);
      }
      humanDecision = 'approved';
      // The policy may have been reloaded while a human was deciding: the new one must still allow it.
      if (this.current !== policy) {
        const now = this.current.evaluate(action, { now: this.clock() });
        if (!now.allowed) return this.record(action, 'blocked', now, { error: `blocked by policy rule: ${String(now.matchedRule)} (policy reloaded during approval)`, humanDecision }, false);
      }
    }

    if (dryRun) return this.finish(action, 'success', decision, { data: { dry_run: true, would_execute: true } });
    const outcome = await this.executeWithRetry(action);
    return this.record(action, outcome.status, decision, { ...outcome.fields, ...(humanDecision ? { humanDecision } : {}) }, false);
  }

  private async executeWithRetry(action: Action): Promise<{ status: 'success' | 'failed'; fields: Partial<ActionResult> }> {
    const { executor } = this.opts;
    const retry = this.opts.retry ?? NO_RETRY;
    const sleep = this.opts.sleep ?? realSleep;
    let lastError = '';
    let attempts = 0;
    for (let attempt = 1; attempt <= Math.max(0, retry.maxRetries) + 1; attempt++) {
      if (attempt > 1) await sleep(backoffDelay(retry, attempt - 1));
      attempts = attempt;
      try {
        const data = await executor.execute(action, { attempt });
        if (executor.verify && (await executor.verify(action, data)) !== true) throw new Error('post-execution verification failed');
        return { status: 'success', fields: { data, attempts } };
      } catch (err) {
        lastError = errorMessage(err);
        if (retry.retryOn && !retry.retryOn(lastError, attempt)) break;
      }
    }
    const fields: Partial<ActionResult> = { error: lastError, attempts };
    if (executor.rollback) {
      try {
        await executor.rollback(action, lastError);
        fields.rollback = 'ok';
      } catch (err) {
        fields.rollback = { error: errorMessage(err) };
      }
    }
    return { status: 'failed', fields };
  }

  private finish(action: Action, status: ActionResult['status'], decision: Decision, fields: Partial<ActionResult>): ActionResult {
    return { attempts: 0, ...fields, action, status, decision, completedAt: this.clock() };
  }

  /** Finishes and audits (dry runs leave no trace). */
  private async record(action: Action, status: ActionResult['status'], decision: Decision, fields: Partial<ActionResult>, dryRun: boolean): Promise<ActionResult> {
    const result = this.finish(action, status, decision, fields);
    if (!dryRun) await this.audit(result, decision);
    return result;
  }

  private async audit(result: ActionResult, decision: Decision): Promise<void> {
    if (!this.opts.audit) return;
    try {
      await this.opts.audit.record({ sessionId: this.sessionId, timestamp: result.completedAt, result, decision });
    } catch (err) {
      result.auditError = errorMessage(err);
    }
  }

  private withAgent(action: Action): Action {
    return this.opts.agentId && !action.agentId ? { ...action, agentId: this.opts.agentId } : action;
  }
}
