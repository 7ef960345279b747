// Audit entries written by the engine validate against our AGEF v1 schemas, and the schemas reject what they should.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { AuditLog } from '../engine/audit/log.ts';
import { approvalRequestEvent, approvalResponseEvent, guardrailEvent } from '../engine/audit/event.ts';
import { repoRoot } from './vectors.ts';

const dir = join(repoRoot, 'specs/agef/v1');
const read = (f: string) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as Record<string, unknown>;
const ajv = new Ajv2020({ allErrors: true, strict: false });
// `format` keywords (uuid, date-time) are annotations here: ajv-formats is not a dependency.
ajv.addSchema(read('event.schema.json'));
const validateEntry = ajv.compile(read('audit-entry.schema.json'));
const validateEvent = ajv.getSchema('https://agent-aegis.dev/specs/agef/v1/event.schema.json')!;

describe('AGEF v1 schemas', () => {
  it('every entry the audit log writes is a valid audit entry and AGEF event', async () => {
    const log = await AuditLog.open({ key: 'k' });
    log.recordDecisions(
      [{ type: 'delete', target: 'crm', params: { n: 1 }, agentId: 'bot', description: 'clean up' }, { type: 'read' }],
      [{ riskLevel: 'critical', approval: 'block', allowed: false, matchedRule: 'no_deletes' },
        { riskLevel: 'medium', approval: 'block', allowed: false, matchedRule: '<error>', error: { code: 'X', message: 'bad' } }],
      'session-1',
    );
    const ctx = log.eventContext('session-1');
    log.record(guardrailEvent({ allowed: false, findings: [{ guardrail: 'injection', category: 'ignore_previous', span: [0, 10], score: 0.9, action: 'block' }] }, 'a'.repeat(64), ctx)!);
    log.record(approvalRequestEvent({ type: 'pay', target: 'acme', agentId: 'bot' }, 'req-1', log.eventContext('session-1'), 300));
    log.record(approvalResponseEvent('req-1', 'approved', log.eventContext('session-1'), 'alice', 'looks fine'));
    const entries = await log.query();
    expect(entries).toHaveLength(5);
    for (const e of entries) {
      expect(validateEntry(e), JSON.stringify(validateEntry.errors)).toBe(true);
      expect(validateEvent(e)).toBe(true);
    }
    await log.close();
  });

  it.each([
    ['a decision without an action', (e: Record<string, unknown>) => { delete e['action']; }],
    ['an unknown outcome', (e: Record<string, unknown>) => { (e['decision'] as Record<string, unknown>)['outcome'] = 'maybe'; }],
    ['an extra member in a closed section', (e: Record<string, unknown>) => { (e['agent'] as Record<string, unknown>)['x'] = 1; }],
    ['a malformed hash', (e: Record<string, unknown>) => { e['entry_hash'] = 'xyz'; }],
    ['a lower-case risk level', (e: Record<string, unknown>) => { (e['decision'] as Record<string, unknown>)['risk_level'] = 'high'; }],
  ])('rejects %s', async (_name, mutate) => {
    const log = await AuditLog.open();
    log.recordDecisions([{ type: 'delete', agentId: 'a' }], [{ riskLevel: 'high', approval: 'block', allowed: false, matchedRule: 'r' }]);
    const [entry] = await log.query();
    const copy = structuredClone(entry) as unknown as Record<string, unknown>;
    mutate(copy);
    expect(validateEntry(copy)).toBe(false);
    await log.close();
  });
});
