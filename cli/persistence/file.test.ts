import { appendFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { execFile } from 'node:child_process';
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
    await expect(log.close()).rejects.toMatchObject({ code: 'AUDIT_PERSIST_FAILED' });
    rmSync(join(d, 'head.json.tmp'), { recursive: true });
    const again = await open(d);
    await expect(again.verify()).resolves.toMatchObject({ valid: true, length: 0 });
    fill(again, 0, 2);
    await again.close();
    await expect(verifyChain(readFileSync(join(d, 'entries.jsonl'), 'utf8'))).resolves.toMatchObject({ valid: true, length: 2 });
  });

  it('one writer per directory: a second is refused while the first is open, and may open after it closed', async () => {
    const d = dir();
    const first = await open(d);
    fill(first, 0, 3);
    await first.flush();
    expect(() => FilePersistence.open(d)).toThrow(expect.objectContaining({ code: 'AUDIT_IN_USE', message: expect.stringContaining(String(process.pid)) }));
    // Readers are never refused.
    const reader = await AuditLog.open({ persistence: FilePersistence.openReadOnly(d) });
    await expect(reader.verify()).resolves.toMatchObject({ valid: true, length: 3 });
    await reader.close();
    fill(first, 3, 2);
    await first.close();
    const second = await open(d);
    fill(second, 5, 1);
    await second.close();
    await expect(verifyChain(readFileSync(join(d, 'entries.jsonl'), 'utf8'))).resolves.toMatchObject({ valid: true, length: 6 });
  });

  // Runs the build (dist/), as the CLI tests do.
  it('two writer processes on one directory never fork the chain', async () => {
    const d = dir();
    const script = join(d, 'writer.mjs');
    writeFileSync(script, `
      import { AuditLog } from ${JSON.stringify(new URL('../../dist/engine/audit/log.js', import.meta.url).pathname)};
      import { FilePersistence } from ${JSON.stringify(new URL('../../dist/cli/persistence/file.js', import.meta.url).pathname)};
      import { sampleEvent } from ${JSON.stringify(new URL('../../dist/engine/audit/test-events.js', import.meta.url).pathname)};
      let log;
      try { log = await AuditLog.open({ persistence: FilePersistence.open(process.argv[2]), flushDelayMs: 1 }); }
      catch (err) { console.log(err.code); process.exit(0); }
      for (let i = 0; i < 40; i++) { log.record(sampleEvent(i)); await new Promise((r) => setTimeout(r, 5)); }
      await log.close();
      console.log('wrote');
    `);
    const run = () => new Promise<string>((resolve) => {
      execFile(process.execPath, [script, join(d, 'log')], (_err, stdout) => resolve(stdout.trim()));
    });
    const outcomes = await Promise.all([run(), run()]);
    expect(outcomes.filter((o) => o === 'wrote').length).toBeGreaterThanOrEqual(1);
    for (const o of outcomes) expect(['wrote', 'AUDIT_IN_USE']).toContain(o);
    const written = outcomes.filter((o) => o === 'wrote').length;
    await expect(verifyChain(readFileSync(join(d, 'log', 'entries.jsonl'), 'utf8'))).resolves.toMatchObject({ valid: true, length: 40 * written });
  }, 30_000);

  it('takes over a directory whose writer died without closing it', async () => {
    const d = dir();
    const log = await open(d);
    fill(log, 0, 2);
    await log.close();
    // A process id that is not running (ids are below 2^22 on Linux).
    writeFileSync(join(d, 'writer.lock'), '4194304999');
    const again = await open(d);
    await expect(again.verify()).resolves.toMatchObject({ valid: true, length: 2 });
    await again.close();
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
    const state = await FilePersistence.openReadOnly(d).load();
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

  it('imports an export that starts after genesis and keeps its sequence numbers across reopen', async () => {
    const source = await AuditLog.open({ flushDelayMs: 5, retention: { maxEntries: 6 } });
    fill(source, 0, 10);
    await source.flush();
    await source.flush();
    const text = await source.export();
    await source.close();
    expect(JSON.parse(text.split('\n')[0]!).evidence.sequence_number).toBe(4);
    const d = dir();
    const target = await open(d);
    await expect(target.import(text, { allowTrimmedStart: true })).resolves.toMatchObject({ valid: true, length: 6 });
    await target.close();
    const again = await open(d);
    expect(again.loadWarnings).toEqual([]);
    expect((await again.query()).map((e) => e.evidence.sequence_number)).toEqual([4, 5, 6, 7, 8, 9]);
    expect((await again.stats()).firstSequence).toBe(4);
    fill(again, 10, 2);
    await expect(again.verify()).resolves.toMatchObject({ valid: true, length: 8 });
    expect((await again.query()).map((e) => e.evidence.sequence_number)).toEqual([4, 5, 6, 7, 8, 9, 10, 11]);
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
