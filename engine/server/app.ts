/**
 * The Aegis REST API as a Web-standard fetch handler: `(Request) => Promise<Response>`, so the
 * same code serves on Node (the CLI), Deno, Bun and edge runtimes, and tests call it directly.
 */
import { Policy } from '../policy/policy.ts';
import { ApprovalQueue } from '../runtime/approval-queue.ts';
import { autoApprove, autoDeny, type ApprovalHandler } from '../runtime/approval.ts';
import { noopExecutor } from '../runtime/executor.ts';
import { Runtime } from '../runtime/runtime.ts';
import { AgentRegistry } from './agents.ts';
import { AuditLog } from '../audit/log.ts';
import { ServerAuditLog } from './audit-log.ts';
import { authorize, type Access } from './auth.ts';
import { asServerGuardrails, defaultGuardrails, defaultTools } from './defaults.ts';
import { ApiError, json } from './http.ts';
import { openApiDocument } from './openapi.ts';
import type { AppOptions } from './options.ts';
import { invalidPolicyError } from './policy-wire.ts';
import { PolicyVersions } from './policy-versions.ts';
import { Router, type RouteSpec } from './router.ts';
import { agentRoutes } from './routes/agents.ts';
import { approvalRoutes } from './routes/approvals.ts';
import { auditRoutes } from './routes/audit.ts';
import { decisionRoutes } from './routes/decisions.ts';
import { guardrailRoutes } from './routes/guardrails.ts';
import { policyRoutes } from './routes/policy.ts';
import { toolRoutes } from './routes/tools.ts';
import { unavailableRoutes } from './routes/unavailable.ts';
import type { RequestContext, ServerState } from './state.ts';

export const SERVER_VERSION = '0.1.0';

/** What the adapter knows about the connection (the CLI passes the peer address). */
export interface ConnectionInfo {
  remoteAddress?: string;
}

export interface App {
  fetch(request: Request, info?: ConnectionInfo): Promise<Response>;
  /** The runtime behind `/execute` (its policy is the active policy). */
  readonly runtime: Runtime;
  /** Denies open approvals; call when shutting down. */
  close(): void;
}

function loadInitialPolicy(policy: Policy | string): Policy {
  if (typeof policy !== 'string') return policy;
  const parsed = Policy.parse(policy);
  const errors = parsed.diagnostics.filter((d) => d.severity === 'error');
  if (!parsed.policy || errors.length) throw invalidPolicyError(parsed.diagnostics, 'invalid policy');
  return parsed.policy;
}

export function createApp(options: AppOptions): App {
  const clock = options.clock ?? (() => Date.now());
  // One chain for the whole server: the caller's log (a file, IndexedDB…) or an in-memory one.
  const audit = new ServerAuditLog(options.audit ?? AuditLog.open());
  const queue = options.approval === undefined || options.approval === 'queue' ? new ApprovalQueue({ timeoutMs: options.approvalTimeoutMs, clock }) : null;
  const approvalWatch = new WeakMap();
  const approval: ApprovalHandler = queue
    ? (request) => {
        approvalWatch.get(request.action)?.(request.id);
        return queue.handler(request);
      }
    : options.approval === 'auto' ? autoApprove : options.approval === 'deny' ? autoDeny : (options.approval as ApprovalHandler);
  const guardrails = options.guardrails === false ? null : options.guardrails ? asServerGuardrails(options.guardrails) : defaultGuardrails();

  const runtime = new Runtime({
    policy: loadInitialPolicy(options.policy),
    executor: options.executor ?? noopExecutor,
    approval,
    guardrails: guardrails?.checker ?? null,
    retry: options.retry,
    clock,
    // Awaited by the runtime: an action is answered once its entry is durable (a failure shows as the result's auditError).
    audit: { record: async (entry) => { await audit.record(entry); } },
    hooks: options.onDecision ? { onDecision: (d, a) => options.onDecision!(d, a) } : undefined,
  });

  const versions = new PolicyVersions(clock);
  const state: ServerState = {
    options, runtime, audit, versions, guardrails, clock,
    agents: new AgentRegistry(clock, options.heartbeatTimeout ?? 60),
    versionsReady: versions.commit(runtime.policy, 'system', 'initial policy'),
    approvals: queue,
    approvalWatch,
    approvalRuns: new Map(),
    tools: { ...defaultTools(), ...options.tools },
    version: options.version ?? SERVER_VERSION,
    setPolicy(policy, source) {
      // One assignment: a request either sees the old policy or the new one, never a mix.
      runtime.updatePolicy(policy);
      options.onPolicyChange?.(policy, { source });
    },
  };

  const routes: RouteSpec<RequestContext>[] = [...decisionRoutes, ...auditRoutes, ...policyRoutes, ...agentRoutes, ...guardrailRoutes, ...approvalRoutes, ...toolRoutes, ...unavailableRoutes];
  let openapi: Record<string, unknown> | undefined;
  routes.push({
    method: 'GET', path: '/openapi.json', access: 'public', summary: 'This API as an OpenAPI 3.1 document',
    handler: () => json((openapi ??= openApiDocument(routes as RouteSpec<unknown>[], state.version))),
  });
  const router = new Router(routes);

  return {
    runtime,
    close: () => queue?.close(),
    async fetch(request, info) {
      let access: Access = 'key';
      try {
        const url = new URL(request.url);
        const path = url.pathname.length > 1 && url.pathname.endsWith('/') ? url.pathname.slice(0, -1) : url.pathname;
        let match;
        try {
          match = router.match(request.method, path);
          access = match.route.access;
        } finally {
          // Unknown routes say nothing to a caller without the key.
          authorize(request, access, options, info?.remoteAddress);
        }
        return await match.route.handler({ request, url, state }, match.params);
      } catch (err) {
        if (err instanceof ApiError) return err.toResponse();
        return json({ error: `Internal server error: ${(err as Error)?.message ?? String(err)}`, code: 'internal' }, 500);
      }
    },
  };
}
