import { describe, expect, test } from 'vitest';
import { AuditLog, type AuditLogOptions } from './log.ts';
import { MemoryPersistence } from '../storage/memory.ts';
import { realmLocks } from '../platform/locks.ts';
import { sequentialIds } from '../platform/ports.ts';
import { verifyChain } from './verify.ts';
import { sampleEvent } from './test-events.ts';
import type { Decision } from '../types.ts';

const T0 = Date.UTC(2026, 0, 1);
const open = (o: AuditLogOptions = {}) => AuditLog.open({ ids: sequentialIds(), clock: () => T0, flushDelayMs: 5, ...o });
const fill = (log: AuditLog, n: number, from = 0) => { let t = 0; for (let i = from; i < from + n; i++) t = log.record(sampleEvent(i)); return t; };
const allow: Decision = { riskLevel: 'low', approval: 'auto', allowed: true, matchedRule: 'r' };

describe('AuditLog', () => {
  test('records, queries, exports and verifies', async () => {
    const log = await open();
    fill(log, 100);
    const entries = await log.query();
    expect(entries).toHaveLength(100);
    expect(entries[5]).toMatchObject({ agef_version: '1.0.0', event_type: 'policy_decision', evidence: { sequence_number: 5, session_id: 's1' } });
    await expect(log.verify()).resolves.toMatchObject({ valid: true, length: 100, firstBrokenAt: null });
    const text = await log.export();
    expect(text.split('\n')).toHaveLength(101);
    await expect(verifyChain(text, { head: await log.currentHead() })).resolves.toMatchObject({ valid: true, length: 100 });
    await log.close();
  });

  test('filters like the reference, with snake_case aliases, paging and time ranges', async () => {
    const log = await open();
    fill(log, 60);
    const count = async (f: object) => (await log.query(f)).length;
    expect(await count({ sessionId: 's0' })).toBe(30);
    expect(await count({ session_id: 's0' })).toBe(30);
    expect(await count({ actionType: 'delete_user' })).toBe(20);
    expect(await count({ riskLevel: 'critical' })).toBe(20);
    expect(await count({ outcome: 'escalated' })).toBe(20);
    expect(await count({ agentId: 'agent-1', riskLevel: 'LOW' })).toBe(4);
    expect(await count({ since: new Date(T0 + 10_000), until: new Date(T0 + 19_000).toISOString() })).toBe(10);
    expect((await log.query({ limit: 5, offset: 10 })).map((e) => e.evidence.sequence_number)).toEqual([10, 11, 12, 13, 14]);
    expect((await log.query({ order: 'desc', limit: 1 }))[0]!.evidence.sequence_number).toBe(59);
    await expect(log.query({ limit: -1 })).rejects.toMatchObject({ code: 'AUDIT_BAD_ARGUMENT' });
    await expect(log.query({ since: 'yesterday-ish' })).rejects.toMatchObject({ code: 'AUDIT_BAD_ARGUMENT' });
    const stats = await log.stats();
    expect(stats).toMatchObject({ total: 60, byRiskLevel: { LOW: 20, CRITICAL: 20, HIGH: 20 }, byOutcome: { allowed: 20 } });
    await log.close();
  });

  test('acknowledges durability only after the flush, and a reopened log continues the chain', async () => {
    const persistence = new MemoryPersistence();
    const log = await open({ persistence, flushDelayMs: 10_000 });
    const ticket = fill(log, 10);
    let durable = false;
    const done = log.whenDurable(ticket).then(() => { durable = true; });
    expect(persistence.records.size).toBe(0);
    await done;
    expect(durable).toBe(true);
    expect(persistence.records.size).toBe(10);
    await log.close();
    const again = await open({ persistence });
    fill(again, 5, 10);
    await expect(again.verify()).resolves.toMatchObject({ valid: true, length: 15 });
    await again.close();
  });

  test('flushes write only the new entries', async () => {
    const persistence = new MemoryPersistence();
    const log = await open({ persistence });
    fill(log, 1000);
    await log.flush();
    const before = persistence.writes.lines;
    fill(log, 7, 1000);
    await log.flush();
    expect(persistence.writes.lines - before).toBe(7);
    await log.close();
  });

  test('two writers on one store neither fork nor lose entries', async () => {
    const persistence = new MemoryPersistence();
    // Separate lock objects: only the compare-and-set on the head keeps them apart.
    const a = await open({ persistence, locks: realmLocks(), ids: sequentialIds('a0000000-0000-4000-8000-') });
    const b = await open({ persistence, locks: realmLocks(), ids: sequentialIds('b0000000-0000-4000-8000-') });
    const work: Promise<unknown>[] = [];
    for (let round = 0; round < 20; round++) {
      fill(a, 7, round * 100);
      fill(b, 5, round * 100 + 50);
      work.push(a.flush(), b.flush());
    }
    await Promise.all(work);
    await a.close();
    await b.close();
    const reader = await open({ persistence });
    const entries = await reader.query();
    expect(entries).toHaveLength(20 * 12);
    expect(new Set(entries.map((e) => e.event_id)).size).toBe(240);
    await expect(reader.verify()).resolves.toMatchObject({ valid: true, length: 240 });
    await reader.close();
  });

  test('a corrupted stored record is reported at its index', async () => {
    const persistence = new MemoryPersistence();
    const log = await open({ persistence });
    fill(log, 20);
    await log.close();
    persistence.records.set(12, { seq: 12, line: '{"truncated":' });
    const again = await open({ persistence });
    await expect(again.verify()).resolves.toMatchObject({ valid: false, firstBrokenAt: 12, error: { code: 'AUDIT_LINE_INVALID' } });
    // Queries leave the line out; opening says so rather than listing 19 entries as if all were there.
    expect(await again.query()).toHaveLength(19);
    expect(again.loadWarnings).toEqual([{ code: 'AUDIT_LINE_INVALID', message: expect.stringMatching(/^entry 12 could not be read and is left out of queries/) }]);
    await again.close();
    persistence.records.set(15, { seq: 15, line: 'not json' });
    const twice = await open({ persistence });
    expect(twice.loadWarnings).toEqual([{ code: 'AUDIT_LINE_INVALID', message: expect.stringMatching(/^2 entries could not be read \(the first is entry 12\)/) }]);
    await twice.close();
    const clean = await open({ persistence: new MemoryPersistence() });
    fill(clean, 3);
    expect(clean.loadWarnings).toEqual([]);
    await clean.close();
  });

  test('a stored record that names a member twice is not read as either value, and verify names it', async () => {
    const persistence = new MemoryPersistence();
    const log = await open({ persistence });
    fill(log, 10);
    await log.close();
    const line = persistence.records.get(4)!.line;
    // JSON.parse keeps the last `agent`: the hashed one. The first is what a person reading the line may take.
    persistence.records.set(4, { seq: 4, line: '{"agent":{"id":"agent-9"},' + line.slice(1) });
    const again = await open({ persistence });
    const entries = await again.query();
    expect(entries.map((e) => e.evidence.sequence_number)).toEqual([0, 1, 2, 3, 5, 6, 7, 8, 9]);
    expect((await again.query({ agentId: 'agent-4' })).map((e) => e.evidence.sequence_number)).toEqual([9]);
    expect(await again.query({ agentId: 'agent-9' })).toEqual([]);
    await expect(again.verify()).resolves.toMatchObject({ valid: false, firstBrokenAt: 4, error: { code: 'AUDIT_LINE_INVALID', message: expect.stringContaining('agent twice') } });
    const other = await open();
    await expect(other.import(await again.export())).resolves.toMatchObject({ valid: false, firstBrokenAt: 4 });
    expect(await other.query()).toHaveLength(0);
    await other.close();
    await again.close();
  });

  test('snapshots speed up reopening; a corrupted snapshot is rebuilt from the stored entries', async () => {
    const persistence = new MemoryPersistence();
    const log = await open({ persistence, compactEvery: 100 });
    fill(log, 250);
    await log.flush();
    fill(log, 30, 250);
    await log.close();
    expect(persistence.snapshot?.lastSeq).toBe(249);
    expect((await persistence.load()).lines).toHaveLength(30);
    const reopened = await open({ persistence });
    await expect(reopened.verify()).resolves.toMatchObject({ valid: true, length: 280 });
    await reopened.close();
    persistence.snapshot!.bytes.fill(7, 0, 200);
    const rebuilt = await open({ persistence });
    const result = await rebuilt.verify();
    expect(result).toMatchObject({ valid: true, length: 280, warnings: [{ code: 'AUDIT_STORE_CORRUPT' }] });
    await rebuilt.close();
  });

  test('a head record ahead of the stored entries is reported as lost entries', async () => {
    const persistence = new MemoryPersistence();
    const log = await open({ persistence });
    fill(log, 10);
    await log.close();
    persistence.records.delete(9);
    const again = await open({ persistence });
    const result = await again.verify();
    expect(result).toMatchObject({ valid: false, firstBrokenAt: 9, error: { code: 'AUDIT_TRUNCATED' }, warnings: [{ code: 'AUDIT_LOST' }] });
    await again.close();
  });

  test('retention by count keeps a verifiable tail', async () => {
    const persistence = new MemoryPersistence();
    const log = await open({ persistence, retention: { maxEntries: 50 } });
    fill(log, 120);
    await log.flush();
    await log.flush();
    const entries = await log.query();
    expect(entries).toHaveLength(50);
    expect(entries[0]!.evidence.sequence_number).toBe(70);
    await expect(log.verify()).resolves.toMatchObject({ valid: true, length: 50, start: { sequence: 70, basis: 'anchor' } });
    const text = await log.export();
    await expect(verifyChain(text)).resolves.toMatchObject({ valid: false, error: { code: 'AUDIT_GENESIS_MISSING' } });
    await expect(verifyChain(text, { allowTrimmedStart: true })).resolves.toMatchObject({ valid: true });
    await log.close();
    expect(persistence.records.size).toBe(50);
  });

  test('entries deleted from the start of the store: refused without an anchor, and with a hand-written one valid only from there', async () => {
    const persistence = new MemoryPersistence();
    const log = await open({ persistence });
    fill(log, 10);
    await log.close();
    const fourth = JSON.parse(persistence.records.get(4)!.line);
    for (const seq of [0, 1, 2, 3]) persistence.records.delete(seq);
    const bare = await open({ persistence });
    await expect(bare.verify()).resolves.toMatchObject({ valid: false, firstBrokenAt: 0, error: { code: 'AUDIT_GENESIS_MISSING', message: expect.stringContaining('entries 0 to 3 are missing') } });
    await bare.close();
    // Without a key nothing can tell this from retention: the result says where the chain starts and that only the anchor says so.
    persistence.anchor = { seq: 4, previousHash: fourth.previous_hash };
    const anchored = await open({ persistence });
    await expect(anchored.verify()).resolves.toMatchObject({ valid: true, length: 6, start: { sequence: 4, basis: 'anchor' } });
    await anchored.close();
  });

  test('a keyed log keys its anchor: entries deleted from its start with a hand-written anchor are caught', async () => {
    const persistence = new MemoryPersistence();
    const log = await open({ persistence, key: 'k3y', retention: { maxEntries: 5 } });
    fill(log, 12);
    await log.flush();
    await log.flush();
    await expect(log.verify()).resolves.toMatchObject({ valid: true, length: 5, start: { sequence: 7, basis: 'keyed-anchor' } });
    await log.close();
    expect(persistence.anchor).toMatchObject({ seq: 7, mac: expect.stringMatching(/^[0-9a-f]{64}$/) });
    const kept = persistence.anchor!;
    persistence.records.delete(7);
    persistence.records.delete(8);
    const ninth = JSON.parse(persistence.records.get(9)!.line);
    for (const forged of [{ seq: 9, previousHash: ninth.previous_hash }, { seq: 9, previousHash: ninth.previous_hash, mac: kept.mac! }]) {
      persistence.anchor = forged;
      const again = await open({ persistence, key: 'k3y' });
      await expect(again.verify()).resolves.toMatchObject({ valid: false, firstBrokenAt: 0, error: { code: 'AUDIT_MAC_INVALID' } });
      await again.close();
    }
  });

  test('retention by age', async () => {
    let now = T0;
    const log = await open({ clock: () => now, retention: { maxAgeMs: 60_000 } });
    log.recordDecisions([{ type: 'old' }], [allow]);
    now += 120_000;
    log.recordDecisions([{ type: 'new' }], [allow]);
    await log.flush();
    expect((await log.query()).map((e) => e.action!.type)).toEqual(['new']);
    await log.close();
  });

  test('a keyed log carries MACs that only the key verifies', async () => {
    const log = await open({ key: 'k3y' });
    fill(log, 5);
    const text = await log.export();
    expect(JSON.parse(text.split('\n')[0]!).mac).toMatch(/^[0-9a-f]{64}$/);
    await expect(log.verify()).resolves.toMatchObject({ valid: true });
    await expect(verifyChain(text, { key: 'k3y' })).resolves.toMatchObject({ valid: true });
    await expect(verifyChain(text, { key: 'nope' })).resolves.toMatchObject({ valid: false, error: { code: 'AUDIT_MAC_INVALID' } });
    await log.close();
  });

  test('an action whose parameters have no JSON form is still recorded, with the reason', async () => {
    const log = await open();
    log.recordDecisions([{ type: 'pay', params: { amount: 10n } }], [allow]);
    const [entry] = await log.query();
    expect(entry!.action!.params).toHaveProperty('$unserializable');
    expect(entry!.metadata).toMatchObject({ audit_error: { code: 'AUDIT_UNSERIALIZABLE' } });
    await expect(log.verify()).resolves.toMatchObject({ valid: true });
    await log.close();
  });

  test('imports a verified export and refuses a tampered one', async () => {
    const source = await open();
    fill(source, 30);
    const text = await source.export();
    await source.close();
    const target = await open();
    await expect(target.import(text)).resolves.toMatchObject({ valid: true, length: 30 });
    fill(target, 3, 30);
    await expect(target.verify()).resolves.toMatchObject({ valid: true, length: 33 });
    await target.close();
    const other = await open();
    const tampered = text.replace('"agent-3"', '"agent-4"');
    await expect(other.import(tampered)).resolves.toMatchObject({ valid: false, firstBrokenAt: 3 });
    expect(await other.query()).toHaveLength(0);
    await other.close();
  });

  test('imports an export that starts after genesis: same sequence numbers, and an anchor recording the start', async () => {
    const source = await open({ retention: { maxEntries: 5 } });
    fill(source, 12);
    await source.flush();
    await source.flush();
    const text = await source.export();
    await source.close();
    const first = JSON.parse(text.split('\n')[0]!);
    const persistence = new MemoryPersistence();
    const target = await open({ persistence });
    await expect(target.import(text)).resolves.toMatchObject({ valid: false, error: { code: 'AUDIT_GENESIS_MISSING' } });
    await expect(target.import(text, { allowTrimmedStart: true })).resolves.toMatchObject({ valid: true, length: 5 });
    expect(persistence.anchor).toEqual({ seq: 7, previousHash: first.previous_hash });
    expect([...persistence.records.keys()]).toEqual([7, 8, 9, 10, 11]);
    fill(target, 1, 12);
    expect((await target.query()).map((e) => e.evidence.sequence_number)).toEqual([7, 8, 9, 10, 11, 12]);
    await target.close();
  });

  test('a keyed log that imports an export starting after genesis keys the anchor it records', async () => {
    const source = await open({ key: 'k3y', retention: { maxEntries: 3 } });
    fill(source, 6);
    await source.flush();
    await source.flush();
    const text = await source.export();
    await source.close();
    const persistence = new MemoryPersistence();
    const target = await open({ persistence, key: 'k3y' });
    await expect(target.import(text, { allowTrimmedStart: true })).resolves.toMatchObject({ valid: true, start: { sequence: 3, basis: 'none' } });
    expect(persistence.anchor).toMatchObject({ seq: 3, mac: expect.stringMatching(/^[0-9a-f]{64}$/) });
    await expect(target.verify()).resolves.toMatchObject({ valid: true, start: { sequence: 3, basis: 'keyed-anchor' } });
    await target.close();
  });

  test('an import whose lines fail to be stored leaves a log that starts at its anchor, and says so', async () => {
    const source = await open({ retention: { maxEntries: 2 } });
    fill(source, 4);
    await source.flush();
    await source.flush();
    const text = await source.export();
    await source.close();
    const persistence = new MemoryPersistence();
    persistence.append = async () => { throw new Error('disk full'); };
    const target = await open({ persistence });
    await expect(target.import(text, { allowTrimmedStart: true })).rejects.toThrow('disk full');
    expect(target.length).toBe(2);
    await expect(target.import(text, { allowTrimmedStart: true })).rejects.toMatchObject({ code: 'AUDIT_BAD_ARGUMENT', message: expect.stringContaining('starts at entry 2') });
    await target.close();
  });

  test('a failing persistence rejects durability waiters with a code and keeps the entries', async () => {
    const persistence = new MemoryPersistence();
    let fail = true;
    const append = persistence.append.bind(persistence);
    persistence.append = async (...args) => { if (fail) throw new Error('quota exceeded'); return append(...args); };
    const errors: string[] = [];
    const log = await open({ persistence, onError: (e) => errors.push(e.code) });
    const ticket = fill(log, 3);
    await expect(log.whenDurable(ticket)).rejects.toMatchObject({ code: 'AUDIT_PERSIST_FAILED' });
    fail = false;
    await log.flush();
    expect(persistence.records.size).toBe(3);
    await log.close();
  });
  test.each([
    ['query', (log: AuditLog) => log.query()],
    ['export', (log: AuditLog) => log.export()],
    ['stats', (log: AuditLog) => log.stats()],
    ['currentHead', (log: AuditLog) => log.currentHead()],
    ['verify', (log: AuditLog) => log.verify()],
    ['flush', (log: AuditLog) => log.flush()],
    ['import', (log: AuditLog) => log.import('')],
  ])('%s on a closed log rejects with a code that says it is closed', async (_name, use) => {
    const log = await open();
    fill(log, 3);
    await log.close();
    await expect(use(log)).rejects.toMatchObject({ code: 'AUDIT_PERSIST_FAILED', message: expect.stringContaining('closed') });
  });
});
