// `aegis audit --verify` on a log directory: what it says about a chain that does not start at
// entry 0, and what it refuses. Runs the command in-process (stdout captured).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AuditLog } from '../engine/audit/log.ts';
import { sampleEvent } from '../engine/audit/test-events.ts';
import { tempDirs } from '../test/support/temp-dirs.ts';
import { verifyAuditSource } from './audit-file.ts';
import { audit } from './commands/audit.ts';
import { FilePersistence } from './persistence/file.ts';

const dir = tempDirs('aegis-audit-file-');

async function writtenLog(n: number, options: { key?: string; maxEntries?: number } = {}): Promise<string> {
  const d = join(dir(), 'audit');
  const log = await AuditLog.open({ persistence: FilePersistence.open(d), flushDelayMs: 5, ...(options.key ? { key: options.key } : {}), ...(options.maxEntries ? { retention: { maxEntries: options.maxEntries } } : {}) });
  for (let i = 0; i < n; i++) log.record(sampleEvent(i));
  await log.flush();
  await log.close();
  return d;
}

/** Delete the first `n` lines of entries.jsonl; returns the previous_hash of the new first line. */
function deleteFirst(d: string, n: number): string {
  const path = join(d, 'entries.jsonl');
  const lines = readFileSync(path, 'utf8').split('\n').slice(n);
  writeFileSync(path, lines.join('\n'));
  return JSON.parse(lines[0]!).previous_hash as string;
}

async function verifyCommand(db: string, json = false): Promise<{ code: number; out: string }> {
  let out = '';
  const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => { out += String(chunk); return true; });
  try {
    const code = await audit.run({ db, verify: true, format: 'table', ...(json ? { json: true } : {}) }, []);
    return { code: code as number, out };
  } finally {
    write.mockRestore();
  }
}

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('aegis audit --verify on a directory whose chain does not start at entry 0', () => {
  it('a log untouched from genesis is intact', async () => {
    const d = await writtenLog(5);
    expect(await verifyCommand(d)).toEqual({ code: 0, out: 'chain intact: 5 entries verified\n' });
  });

  it('first entries deleted with a matching anchor.json written by hand: verified only from there, never "intact"', async () => {
    const d = await writtenLog(10);
    writeFileSync(join(d, 'anchor.json'), JSON.stringify({ seq: 4, previousHash: deleteFirst(d, 4) }));
    await expect(verifyAuditSource(d)).resolves.toMatchObject({ valid: true, length: 6, start: { sequence: 4, basis: 'anchor' } });
    const { code, out } = await verifyCommand(d);
    expect(code).toBe(0);
    expect(out).not.toContain('intact');
    expect(out).toContain('chain verified from entry 4, not from genesis: 6 entries verified; the chain starts at entry 4: entries 0 to 3 are not present; that the log was trimmed there rests only on its anchor');
    expect(JSON.parse((await verifyCommand(d, true)).out)).toMatchObject({ valid: true, firstSequence: 4, start: { sequence: 4, basis: 'anchor', description: expect.stringContaining('entries 0 to 3 are not present') } });
  });

  it('first entries deleted without an anchor: the start is missing', async () => {
    const d = await writtenLog(10);
    deleteFirst(d, 4);
    await expect(verifyAuditSource(d)).resolves.toMatchObject({ valid: false, firstBrokenAt: 0, error: { code: 'AUDIT_GENESIS_MISSING' } });
  });

  it('an anchor.json that does not name the first entry is refused', async () => {
    const d = await writtenLog(10);
    const previousHash = deleteFirst(d, 4);
    writeFileSync(join(d, 'anchor.json'), JSON.stringify({ seq: 2, previousHash }));
    await expect(verifyAuditSource(d)).resolves.toMatchObject({ valid: false, firstBrokenAt: 0, error: { code: 'AUDIT_GENESIS_MISSING' } });
  });

  it.each([
    ['an empty object', '{}'],
    ['a sequence that is not a number', '{"seq":"4","previousHash":"' + '0'.repeat(64) + '"}'],
    ['a previous hash that is not one', '{"seq":4,"previousHash":"abc"}'],
  ])('an anchor.json holding %s is a damaged store, not a licence to start anywhere', async (_name, text) => {
    const d = await writtenLog(3);
    writeFileSync(join(d, 'anchor.json'), text);
    await expect(verifyAuditSource(d)).resolves.toMatchObject({ valid: false, error: { code: 'AUDIT_STORE_CORRUPT', message: expect.stringContaining('is not an anchor') } });
  });

  it('keyed (AEGIS_AUDIT_KEY): retention keys the anchor, and a hand-written one is caught', async () => {
    vi.stubEnv('AEGIS_AUDIT_KEY', 'k3y');
    const d = await writtenLog(12, { key: 'k3y', maxEntries: 5 });
    await expect(verifyAuditSource(d)).resolves.toMatchObject({ valid: true, length: 5, start: { sequence: 7, basis: 'keyed-anchor' } });
    expect((await verifyCommand(d)).out).toContain('carries a valid MAC');
    writeFileSync(join(d, 'anchor.json'), JSON.stringify({ seq: 9, previousHash: deleteFirst(d, 2) }));
    await expect(verifyAuditSource(d)).resolves.toMatchObject({ valid: false, firstBrokenAt: 0, error: { code: 'AUDIT_MAC_INVALID' } });
    expect(await verifyCommand(d)).toMatchObject({ code: 1, out: expect.stringContaining('AUDIT_MAC_INVALID') });
  });
});
