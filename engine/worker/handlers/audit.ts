/** `audit.*`: read, export, verify, flush and import the log. */
import { auditOf, type HandlerTable } from '../host-state.ts';
import { Transfer } from '../protocol.ts';
import { completeEvent } from '../../audit/event.ts';
import { EngineError } from '../errors.ts';

const utf8 = new TextEncoder();

export const auditHandlers: Pick<HandlerTable, 'audit.record' | 'audit.query' | 'audit.export' | 'audit.exportBytes' | 'audit.verify' | 'audit.flush' | 'audit.stats' | 'audit.head' | 'audit.import'> = {
  'audit.record': ({ event, durable }, ctx) => {
    const audit = auditOf(ctx);
    const completed = completeEvent(event, audit.eventContext(ctx.state.sessionId));
    if (typeof completed === 'string') throw new EngineError('WORKER_BAD_REQUEST', completed);
    const ticket = audit.record(completed);
    const result = { eventId: completed.event_id };
    return durable ? audit.whenDurable(ticket).then(() => result) : result;
  },
  'audit.query': ({ filter }, ctx) => auditOf(ctx).query(filter),
  'audit.export': (_p, ctx) => auditOf(ctx).export(),
  'audit.exportBytes': async (_p, ctx) => {
    const bytes = utf8.encode(await auditOf(ctx).export());
    return new Transfer(bytes, [bytes.buffer]);
  },
  'audit.verify': (_p, ctx) => auditOf(ctx).verify(),
  'audit.flush': (_p, ctx) => auditOf(ctx).flush(),
  'audit.stats': (_p, ctx) => auditOf(ctx).stats(),
  'audit.head': (_p, ctx) => auditOf(ctx).currentHead(),
  'audit.import': ({ jsonl, allowTrimmedStart }, ctx) => auditOf(ctx).import(jsonl, { allowTrimmedStart }),
};
