/**
 * The host's handler table: one spread per area. A new area adds its entries to
 * `EngineMethods` and one line here.
 */
import type { HandlerTable } from '../host-state.ts';
import { auditHandlers } from './audit.ts';
import { autopolicyHandlers } from './autopolicy.ts';
import { debugHandlers } from './debug.ts';
import { engineHandlers } from './engine.ts';
import { guardrailHandlers } from './guardrails.ts';
import { policyHandlers } from './policy.ts';

export const defaultHandlers: HandlerTable = {
  ...engineHandlers,
  ...policyHandlers,
  ...guardrailHandlers,
  ...autopolicyHandlers,
  ...auditHandlers,
  ...debugHandlers,
};
