/** Everything a route handler may touch, built once per app. */
import type { Policy } from '../policy/policy.ts';
import type { Action } from '../runtime/action.ts';
import type { ApprovalQueue } from '../runtime/approval-queue.ts';
import type { Runtime } from '../runtime/runtime.ts';
import type { AgentRegistry } from './agents.ts';
import type { ServerAuditLog } from './audit-log.ts';
import type { ServerGuardrails } from './guardrails.ts';
import type { AppOptions, ServerTools } from './options.ts';
import type { PolicyVersions } from './policy-versions.ts';

export interface ServerState {
  options: AppOptions;
  runtime: Runtime;
  agents: AgentRegistry;
  audit: ServerAuditLog;
  versions: PolicyVersions;
  /** Resolves once the initial policy is committed as version 1. */
  versionsReady: Promise<unknown>;
  approvals: ApprovalQueue | null;
  /** `/execute` learns the id of an approval its action is waiting for through this. */
  approvalWatch: WeakMap<Action, (approvalId: string) => void>;
  /** Finishes when the pipeline of a queued action completes. */
  approvalRuns: Map<string, Promise<unknown>>;
  guardrails: ServerGuardrails | null;
  tools: ServerTools;
  clock: () => number;
  version: string;
  setPolicy(policy: Policy, source: string): void;
}

export interface RequestContext {
  request: Request;
  url: URL;
  state: ServerState;
}
