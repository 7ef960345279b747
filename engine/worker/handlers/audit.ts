/** `audit.*`: read, export, verify, flush and import the log. */
import { auditOf, type HandlerTable } from '../host-state.ts';

export const auditHandlers: Pick<HandlerTable, 'audit.query' | 'audit.export' | 'audit.verify' | 'audit.flush' | 'audit.stats' | 'audit.head' | 'audit.import'> = {
  'audit.query': ({ filter }, ctx) => auditOf(ctx).query(filter),
  'audit.export': (_p, ctx) => auditOf(ctx).export(),
  'audit.verify': (_p, ctx) => auditOf(ctx).verify(),
  'audit.flush': (_p, ctx) => auditOf(ctx).flush(),
  'audit.stats': (_p, ctx) => auditOf(ctx).stats(),
  'audit.head': (_p, ctx) => auditOf(ctx).currentHead(),
  'audit.import': ({ jsonl, allowTrimmedStart }, ctx) => auditOf(ctx).import(jsonl, { allowTrimmedStart }),
};
