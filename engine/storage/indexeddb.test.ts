import 'fake-indexeddb/auto';
import { describe, expect, test } from 'vitest';
import { openDB } from 'idb';
import { IndexedDbPersistence } from './indexeddb.ts';
import { AuditLog } from '../audit/log.ts';
import { realmLocks } from '../platform/locks.ts';
import { sequentialIds } from '../platform/ports.ts';
import { sampleEvent } from '../audit/test-events.ts';

let n = 0;
const fresh = () => `t${n++}-${Math.random().toString(36).slice(2)}`;
const openLog = async (name: string, extra: object = {}) =>
  AuditLog.open({ persistence: await IndexedDbPersistence.open({ name }), name, flushDelayMs: 5, ids: sequentialIds(`${name.slice(0, 8).padEnd(8, '0')}-0000-4000-8000-`), ...extra });

describe('IndexedDbPersistence', () => {
  test('entries survive closing and reopening the database', async () => {
    const name = fresh();
    const log = await openLog(name);
    for (let i = 0; i < 40; i++) log.record(sampleEvent(i));
    await log.close();
    const again = await openLog(name);
    await expect(again.verify()).resolves.toMatchObject({ valid: true, length: 40 });
    await again.close();
  });

  test('a stale head is refused (compare-and-set)', async () => {
    const p = await IndexedDbPersistence.open({ name: fresh() });
    await p.append([{ seq: 0, line: '{}' }], null, { length: 1, hash: 'a'.repeat(64) });
    await expect(p.append([{ seq: 1, line: '{}' }], null, { length: 2, hash: 'b'.repeat(64) })).rejects.toMatchObject({ code: 'AUDIT_HEAD_CONFLICT' });
    expect(await p.readFrom(0)).toHaveLength(1);
    await p.close();
  });

  test('two logs on one database (two tabs) end with one chain holding every entry', async () => {
    const name = fresh();
    const a = await openLog(name, { locks: realmLocks(), ids: sequentialIds('aaaaaaaa-0000-4000-8000-') });
    const b = await openLog(name, { locks: realmLocks(), ids: sequentialIds('bbbbbbbb-0000-4000-8000-') });
    const work: Promise<unknown>[] = [];
    for (let r = 0; r < 10; r++) {
      for (let i = 0; i < 9; i++) a.record(sampleEvent(r * 100 + i));
      for (let i = 0; i < 4; i++) b.record(sampleEvent(r * 100 + 50 + i));
      work.push(a.flush(), b.flush());
    }
    await Promise.all(work);
    await a.close();
    await b.close();
    const reader = await openLog(name);
    const entries = await reader.query();
    expect(entries).toHaveLength(130);
    expect(new Set(entries.map((e) => e.event_id)).size).toBe(130);
    await expect(reader.verify()).resolves.toMatchObject({ valid: true, length: 130 });
    await reader.close();
  });

  test('a corrupted record is detected and reported at its index', async () => {
    const name = fresh();
    const log = await openLog(name);
    for (let i = 0; i < 10; i++) log.record(sampleEvent(i));
    await log.close();
    const raw = await openDB(`aegis-audit:${name}`);
    await raw.put('lines', { seq: 4, line: 42 });
    const line6 = (await raw.get('lines', 6)) as { seq: number; line: string };
    await raw.put('lines', { seq: 6, line: line6.line.replace('"s0"', '"s1"') });
    raw.close();
    const again = await openLog(name);
    await expect(again.verify()).resolves.toMatchObject({ valid: false, firstBrokenAt: 4, error: { code: 'AUDIT_LINE_INVALID' } });
    await again.close();
  });

  test('a keyed log trimmed by retention keeps its anchor with the MAC across reopening', async () => {
    const name = fresh();
    const log = await openLog(name, { key: 'k3y', retention: { maxEntries: 4 } });
    for (let i = 0; i < 10; i++) log.record(sampleEvent(i));
    await log.flush();
    await log.close();
    const again = await openLog(name, { key: 'k3y' });
    await expect(again.verify()).resolves.toMatchObject({ valid: true, length: 4, start: { sequence: 6, basis: 'keyed-anchor' } });
    await again.close();
  });

  test('snapshots are written periodically and used on reopen', async () => {
    const name = fresh();
    const log = await openLog(name, { compactEvery: 50 });
    for (let i = 0; i < 120; i++) log.record(sampleEvent(i));
    await log.flush();
    for (let i = 120; i < 130; i++) log.record(sampleEvent(i));
    await log.close();
    const p = await IndexedDbPersistence.open({ name });
    const state = await p.load();
    expect(state.snapshot?.lastSeq).toBe(119);
    expect(state.lines.map((l) => l.seq)).toEqual(Array.from({ length: 10 }, (_, i) => 120 + i));
    await p.close();
    const again = await openLog(name);
    await expect(again.verify()).resolves.toMatchObject({ valid: true, length: 130 });
    await again.close();
    // A damaged snapshot (a chunk gone) is ignored: the log is rebuilt from its lines, with a warning.
    const raw = await openDB(`aegis-audit:${name}`);
    await raw.delete('meta', 'snapshot:0');
    raw.close();
    const rebuilt = await openLog(name);
    await expect(rebuilt.verify()).resolves.toMatchObject({ valid: true, length: 130, warnings: [{ code: 'AUDIT_STORE_CORRUPT' }] });
    await rebuilt.close();
  });
});
