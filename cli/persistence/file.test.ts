import { appendFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AuditLog } from '../../engine/audit/log.ts';
import { sampleEvent } from '../../engine/audit/test-events.ts';
import { verifyChain } from '../../engine/audit/verify.ts';
import { tempDirs } from '../../test/support/temp-dirs.ts';
import { FilePersistence } from './file.ts';

const dir = tempDirs('aegis-audit-');
const open = (d: string, extra = {}) => AuditLog.open({ persistence: FilePersistence.open(d), flushDelayMs: 5, ...extra });
const fill = (log: AuditLog, from: number, n: number) => { for (let i = from; i < from + n; i++) log.record(sampleEvent(i)); };

describe('FilePersistence', () => {
  it('keeps entries across reopen and appends only new lines', async () => {
    const d = dir();
    const log = await open(d);
    fill(log, 0, 50);
    await log.flush();
    const before = readFileSync(join(d, 'entries.jsonl'), 'utf8');
    fill(log, 50, 2);
    await log.close();
    const grown = readFileSync(join(d, 'entries.jsonl'), 'utf8');
    expect(grown.startsWith(before)).toBe(true);
    expect(grown.trimEnd().split('\n')).toHaveLength(52);
    const again = await open(d);
    await expect(again.verify()).resolves.toMatchObject({ valid: true, length: 52 });
    await expect(verifyChain(await again.export())).resolves.toMatchObject({ valid: true });
    await again.close();
  });

  it('drops lines written past the head by an unfinished flush (never acknowledged)', async () => {
    const d = dir();
    const log = await open(d);
    fill(log, 0, 10);
    await log.close();
    appendFileSync(join(d, 'entries.jsonl'), '{"half a line');
    const again = await open(d);
    await expect(again.verify()).resolves.toMatchObject({ valid: true, length: 10 });
    fill(again, 10, 3);
    await expect(again.verify()).resolves.toMatchObject({ valid: true, length: 13 });
    await again.close();
  });

  // A flush that failed half-way leaves bytes past the durable head; the next flush must write
  // over them, not after them, or the head's byte count points into the middle of a line.
  it.each([
    ['the head could not be replaced (lines written, head.json not)', (d: string) => mkdirSync(join(d, 'head.json.tmp')), (d: string) => rmSync(join(d, 'head.json.tmp'), { recursive: true })],
    ['a write stopped in the middle of a line (disk full)', (d: string) => appendFileSync(join(d, 'entries.jsonl'), '{"action":{"par'), () => undefined],
  ])('a retried flush after a failed one keeps every entry: %s', async (_name, breakIt, repair) => {
    const d = dir();
    const log = await open(d, { flushDelayMs: 60_000 });
    fill(log, 0, 3);
    await log.flush();
    breakIt(d);
    fill(log, 3, 2);
    await log.flush().catch(() => undefined);
    repair(d);
    fill(log, 5, 1);
    await log.flush();
    await log.close();
    const again = await open(d);
    expect(again.loadWarnings).toEqual([]);
    await expect(again.verify()).resolves.toMatchObject({ valid: true, length: 6 });
    expect((await again.query()).map((e) => e.evidence.sequence_number)).toEqual([0, 1, 2, 3, 4, 5]);
    await again.close();
  });

  it('refuses a directory whose head.json is gone instead of cutting every entry as unacknowledged', async () => {
    const d = dir();
    const log = await open(d);
    fill(log, 0, 5);
    await log.close();
    const before = readFileSync(join(d, 'entries.jsonl'), 'utf8');
    rmSync(join(d, 'head.json'));
    for (const openIt of [() => FilePersistence.open(d), () => FilePersistence.openReadOnly(d)]) {
      expect(openIt).toThrow(expect.objectContaining({ code: 'AUDIT_STORE_CORRUPT', message: expect.stringContaining('head.json is missing') }));
    }
    expect(readFileSync(join(d, 'entries.jsonl'), 'utf8')).toBe(before);
  });

  it('a new log whose first flush failed opens again', async () => {
    const d = dir();
    mkdirSync(join(d, 'head.json.tmp'));
    const log = await open(d, { flushDelayMs: 60_000 });
    fill(log, 0, 2);
    await expect(log.flush()).rejects.toMatchObject({ code: 'AUDIT_PERSIST_FAILED' });
    rmSync(join(d, 'head.json.tmp'), { recursive: true });
    const again = await open(d);
    await expect(again.verify()).resolves.toMatchObject({ valid: true, length: 0 });
    fill(again, 0, 2);
    await again.close();
    await expect(verifyChain(readFileSync(join(d, 'entries.jsonl'), 'utf8'))).resolves.toMatchObject({ valid: true, length: 2 });
  });

  it('reports an edited line at its index', async () => {
    const d = dir();
    const log = await open(d);
    fill(log, 0, 10);
    await log.close();
    const path = join(d, 'entries.jsonl');
    const lines = readFileSync(path, 'utf8').split('\n');
    lines[6] = lines[6]!.replace('"agent-1"', '"agent-2"');
    writeFileSync(path, lines.join('\n'));
    const again = await open(d);
    await expect(again.verify()).resolves.toMatchObject({ valid: false, firstBrokenAt: 6, error: { code: 'AUDIT_HASH_MISMATCH' } });
    await again.close();
  });

  it('reopens from a snapshot plus the lines after it', async () => {
    const d = dir();
    const log = await open(d, { compactEvery: 100 });
    fill(log, 0, 150);
    await log.flush();
    fill(log, 150, 20);
    await log.close();
    expect(JSON.parse(readFileSync(join(d, 'snapshot.json'), 'utf8')).lastSeq).toBe(149);
    const state = await FilePersistence.open(d).load();
    expect(state.lines.map((l) => l.seq)).toEqual(Array.from({ length: 20 }, (_, i) => 150 + i));
    const again = await open(d);
    await expect(again.verify()).resolves.toMatchObject({ valid: true, length: 170 });
    await again.close();
  });

  it('retention rewrites the file and keeps the tail verifiable', async () => {
    const d = dir();
    const log = await open(d, { retention: { maxEntries: 30 } });
    fill(log, 0, 100);
    await log.flush();
    await log.close();
    const again = await open(d);
    await expect(again.verify()).resolves.toMatchObject({ valid: true, length: 30 });
    await again.close();
  });

  it('read-only: reads the durable entries beside a writer, never cuts or writes', async () => {
    const d = dir();
    const writer = await open(d);
    fill(writer, 0, 3);
    await writer.flush();
    // A flush in progress: a line written, its head not yet moved.
    appendFileSync(join(d, 'entries.jsonl'), '{"half":');
    const before = readFileSync(join(d, 'entries.jsonl'), 'utf8');
    const reader = await AuditLog.open({ persistence: FilePersistence.openReadOnly(d) });
    await expect(reader.verify()).resolves.toMatchObject({ valid: true, length: 3 });
    expect(await reader.query()).toHaveLength(3);
    await reader.close();
    expect(readFileSync(join(d, 'entries.jsonl'), 'utf8')).toBe(before);
    await expect(FilePersistence.openReadOnly(d).append([], null, { length: 0, hash: '0'.repeat(64) })).rejects.toMatchObject({ code: 'AUDIT_PERSIST_FAILED' });
    expect(() => FilePersistence.openReadOnly(join(d, 'missing'))).toThrow(/not an audit log directory/);
    await writer.close();
  });
});
