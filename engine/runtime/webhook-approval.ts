/**
 * Approval over HTTP: the request is POSTed as JSON to a webhook, signed with HMAC-SHA-256 over
 * `<timestamp>.<body>` so the receiver can check origin and freshness; the webhook answers
 * `{"approved": true|false, "approver"?, "reason"?}`. A timeout, a non-2xx answer or an
 * unreadable body is a denial.
 */
import { toWireAction } from '../wire.ts';
import { errorMessage } from './action.ts';
import type { ApprovalHandler, ApprovalVerdict } from './approval.ts';
import { hmacSha256Hex } from './hmac.ts';

export interface WebhookApprovalOptions {
  url: string;
  /** Shared secret for the `X-Aegis-Signature` header; without it requests are unsigned. */
  secret?: string;
  /** Default 30 000 ms. */
  timeoutMs?: number;
  headers?: Record<string, string>;
  /** Injected for tests and custom transports; default: the global fetch. */
  fetch?: typeof fetch;
  /** Epoch seconds for the timestamp header; injected for tests. */
  now?: () => number;
}

export const SIGNATURE_HEADER = 'X-Aegis-Signature';
export const TIMESTAMP_HEADER = 'X-Aegis-Timestamp';

export function webhookApproval(options: WebhookApprovalOptions): ApprovalHandler {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const doFetch = options.fetch ?? ((input, init) => fetch(input, init));
  const now = options.now ?? (() => Math.floor(Date.now() / 1000));
  return async (request): Promise<ApprovalVerdict> => {
    const body = JSON.stringify({
      type: 'approval.request',
      request_id: request.id,
      session_id: request.sessionId,
      requested_at: new Date(request.requestedAt).toISOString(),
      action: toWireAction(request.action),
      decision: { risk_level: request.decision.riskLevel.toUpperCase(), approval: request.decision.approval, matched_rule: request.decision.matchedRule },
    });
    const timestamp = String(now());
    const headers: Record<string, string> = { 'Content-Type': 'application/json', [TIMESTAMP_HEADER]: timestamp, ...options.headers };
    if (options.secret) headers[SIGNATURE_HEADER] = `sha256=${await hmacSha256Hex(options.secret, `${timestamp}.${body}`)}`;
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    try {
      const response = await doFetch(options.url, { method: 'POST', headers, body, signal: controller.signal });
      if (!response.ok) return { approved: false, approver: 'webhook', reason: `webhook answered HTTP ${response.status}` };
      const answer = (await response.json()) as Partial<ApprovalVerdict> & { decision?: string };
      const approved = answer?.approved === true || answer?.decision === 'approved';
      return {
        approved, approver: typeof answer?.approver === 'string' ? answer.approver : 'webhook',
        ...(typeof answer?.reason === 'string' ? { reason: answer.reason } : {}),
      };
    } catch (err) {
      const reason = controller.signal.aborted ? `webhook did not answer within ${timeoutMs} ms` : `webhook failed: ${errorMessage(err)}`;
      return { approved: false, approver: 'webhook', reason };
    } finally {
      clearTimeout(timer);
    }
  };
}
