/** Human-in-the-loop: the approval request, the handler port and the simple handlers. */
import type { Decision } from '../types.ts';
import { errorMessage, type Action } from './action.ts';

export interface ApprovalRequest {
  id: string;
  action: Action;
  decision: Decision;
  sessionId: string;
  /** Epoch ms. */
  requestedAt: number;
}

export interface ApprovalVerdict {
  approved: boolean;
  /** Who decided (a user name, `auto`, `webhook`, …). */
  approver?: string;
  reason?: string;
}

/** Answers an approval request. Anything but an explicit approval counts as a denial. */
export type ApprovalHandler = (request: ApprovalRequest) => Promise<ApprovalVerdict | boolean> | ApprovalVerdict | boolean;

/** Calls a handler and turns every failure (throw, odd value) into a denial: approvals fail closed. */
export async function askApproval(handler: ApprovalHandler, request: ApprovalRequest): Promise<ApprovalVerdict> {
  try {
    const answer = await handler(request);
    if (answer === true) return { approved: true };
    if (answer && typeof answer === 'object' && answer.approved === true) return answer;
    if (answer && typeof answer === 'object') return { ...answer, approved: false };
    return { approved: false };
  } catch (err) {
    return { approved: false, reason: `approval handler failed: ${errorMessage(err)}` };
  }
}

/** Approves everything. For tests and trusted batch jobs only. */
export const autoApprove: ApprovalHandler = () => ({ approved: true, approver: 'auto' });

/** Denies everything: the runtime's default when no handler is configured. */
export const autoDeny: ApprovalHandler = () => ({ approved: false, approver: 'auto', reason: 'no approval handler is configured' });

/**
 * Wraps a callback (a chat prompt, a UI dialog, …) with an optional time limit; no answer in
 * time is a denial.
 */
export function callbackApproval(callback: ApprovalHandler, options: { timeoutMs?: number } = {}): ApprovalHandler {
  const { timeoutMs } = options;
  if (!timeoutMs) return callback;
  return (request) => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<ApprovalVerdict>((resolve) => {
      timer = setTimeout(() => resolve({ approved: false, reason: `no answer within ${timeoutMs} ms` }), timeoutMs);
    });
    return Promise.race([askApproval(callback, request), timeout]).finally(() => clearTimeout(timer));
  };
}

/** The question a human is asked, in one line. */
export function describeApproval(request: ApprovalRequest): string {
  const { action, decision } = request;
  const target = action.target ? ` on "${action.target}"` : '';
  const who = action.agentId ? ` by agent "${action.agentId}"` : '';
  return `Allow "${action.type}"${target}${who}? (risk ${decision.riskLevel}, rule ${String(decision.matchedRule)})`;
}

/**
 * A handler for browsers: asks through a confirm function (`window.confirm` or a modal that
 * resolves to a boolean). The engine never touches `window` itself.
 */
export function confirmApproval(confirm: (message: string, request: ApprovalRequest) => boolean | Promise<boolean>): ApprovalHandler {
  return async (request) => ({ approved: (await confirm(describeApproval(request), request)) === true, approver: 'user' });
}
