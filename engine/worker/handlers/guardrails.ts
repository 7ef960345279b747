/** `guardrails.*`: check text; verdicts that block or mask are audited (the text itself is not stored, only its hash). */
import { loadGuardrails } from '../../guardrails/load-guardrails.ts';
import { guardrailEvent } from '../../audit/event.ts';
import { defaultHasher } from '../../platform/hash.ts';
import { EngineError } from '../errors.ts';
import { auditOf, type HandlerTable } from '../host-state.ts';

export const guardrailHandlers: Pick<HandlerTable, 'guardrails.configure' | 'guardrails.check'> = {
  async 'guardrails.configure'({ config }, ctx) {
    ctx.state.guardrailsConfig = config;
    ctx.state.guardrails = await loadGuardrails(config);
  },

  async 'guardrails.check'({ text, options = {} }, ctx) {
    if (typeof text !== 'string') throw new EngineError('WORKER_BAD_REQUEST', 'check expects a text');
    // Both tiers: the learned heads load on first use (an async import), then stay.
    const guardrails = (ctx.state.guardrails ??= await loadGuardrails(ctx.state.guardrailsConfig));
    const { agentId, sessionId, ...checkOptions } = options;
    const report = guardrails.check(text, checkOptions);
    const audit = auditOf(ctx);
    const event = guardrailEvent(report, defaultHasher.sha256Hex(text), audit.eventContext(sessionId ?? ctx.state.sessionId), agentId);
    if (event) audit.record(event);
    return report;
  },
};
