/** `policy.*`: load a policy, evaluate actions (audited), and the policy tools on the loaded policy. */
import { Policy } from '../../policy/policy.ts';
import { lint } from '../../policy/lint.ts';
import { diffPolicies } from '../../policy/diff.ts';
import { probe } from '../../probe/probe.ts';
import type { ProbeOptions } from '../../probe/types.ts';
import type { ActionInput, Decision } from '../../types.ts';
import { EngineError } from '../errors.ts';
import { auditOf, type HandlerTable, type HostContext } from '../host-state.ts';

const NO_POLICY: Decision = Object.freeze({
  riskLevel: 'critical', approval: 'block', allowed: false, matchedRule: '<error>',
  error: Object.freeze({ code: 'ENGINE_NO_POLICY', message: 'no policy is loaded: every action is blocked until one loads without errors' }),
}) as Decision;

function loaded(ctx: HostContext): Policy {
  const policy = ctx.state.policy;
  if (!policy) throw new EngineError('ENGINE_NO_POLICY', 'no policy is loaded: call loadPolicy first');
  return policy;
}

export const policyHandlers: Pick<HandlerTable, 'policy.load' | 'policy.evaluate' | 'policy.lint' | 'policy.diff' | 'policy.probe'> = {
  'policy.load'({ yaml }, ctx) {
    if (typeof yaml !== 'string') throw new EngineError('WORKER_BAD_REQUEST', 'loadPolicy expects the YAML text of a policy');
    const { policy, diagnostics } = Policy.parse(yaml);
    // Same contract as Policy.parse: a policy the reference could load is loaded, and every problem
    // comes back as a diagnostic; a broken condition fails closed (or never holds) when reached.
    // A text that cannot be loaded at all replaces the previous policy with "block everything".
    ctx.state.policy = policy;
    return { diagnostics, loaded: policy !== undefined };
  },

  'policy.evaluate'({ actions, sessionId, durable, now }, ctx) {
    if (!Array.isArray(actions)) throw new EngineError('WORKER_BAD_REQUEST', 'evaluate expects an action or an array of actions');
    const policy = ctx.state.policy;
    const context = now === undefined ? undefined : { now };
    const decisions: Decision[] = new Array(actions.length);
    for (let i = 0; i < actions.length; i++) {
      const action = actions[i] as ActionInput;
      // The policy blocks a malformed action itself (`action.invalid`), with the reason.
      decisions[i] = policy ? policy.evaluate(action, context) : NO_POLICY;
    }
    // The reply goes out first; sealing (hashing) follows before any later read of the log.
    const ticket = auditOf(ctx).recordDecisions(actions.map((a) => (a && typeof a === 'object' ? a : { type: String(a) })), decisions, sessionId ?? ctx.state.sessionId, true);
    return durable ? auditOf(ctx).whenDurable(ticket).then(() => decisions) : decisions;
  },

  'policy.lint'(_params, ctx) {
    return lint(loaded(ctx));
  },

  'policy.diff'({ yaml, actions }, ctx) {
    const after = Policy.parse(yaml).policy;
    if (!after) throw new EngineError('WORKER_BAD_REQUEST', 'the policy to compare with does not load');
    return diffPolicies(loaded(ctx), after, actions);
  },

  'policy.probe'({ options, progress }, ctx, requestId) {
    const { onProgress: _ignored, ...rest } = (options ?? {}) as ProbeOptions;
    return probe(loaded(ctx), progress ? { ...rest, onProgress: (e) => ctx.progress(requestId, e) } : rest);
  },
};
