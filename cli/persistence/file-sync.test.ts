// What FilePersistence asks of the file system to make a replaced file durable. node:fs is wrapped
// with spies (calls go through to the real functions), so this lives apart from file.test.ts.
import * as fs from 'node:fs';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { GENESIS } from '../../engine/audit/chain.ts';
import { tempDirs } from '../../test/support/temp-dirs.ts';
import { FilePersistence } from './file.ts';

vi.mock('node:fs', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs')>();
  return { ...real, openSync: vi.fn(real.openSync), fsyncSync: vi.fn(real.fsyncSync), renameSync: vi.fn(real.renameSync) };
});

const dir = tempDirs('aegis-sync-');
const openSync = vi.mocked(fs.openSync);
const fsyncSync = vi.mocked(fs.fsyncSync);
const renameSync = vi.mocked(fs.renameSync);
const realOpen = openSync.getMockImplementation()!;
const realFsync = fsyncSync.getMockImplementation()!;
const HEAD = { length: 1, hash: 'a'.repeat(64) };

function errno(code: string): Error {
  return Object.assign(new Error(`${code}: simulated`), { code });
}

afterEach(() => {
  openSync.mockImplementation(realOpen);
  fsyncSync.mockImplementation(realFsync);
  vi.clearAllMocks();
});

describe('FilePersistence: replacing head.json', () => {
  it('syncs the directory after the rename, so the new head survives a power loss', async () => {
    const d = dir();
    const p = FilePersistence.open(d);
    vi.clearAllMocks();
    await p.append([{ seq: 0, line: '{"x":1}' }], null, HEAD);
    const rename = renameSync.mock.calls.findLastIndex(([, to]) => to === join(d, 'head.json'));
    expect(rename).toBeGreaterThanOrEqual(0);
    const renamedAt = renameSync.mock.invocationCallOrder[rename]!;
    const dirOpen = openSync.mock.calls.findIndex(([path, flags], i) => path === d && flags === 'r' && openSync.mock.invocationCallOrder[i]! > renamedAt);
    expect(dirOpen).toBeGreaterThanOrEqual(0);
    const dirFd = openSync.mock.results[dirOpen]!.value as number;
    const synced = fsyncSync.mock.calls.findIndex(([fd], i) => fd === dirFd && fsyncSync.mock.invocationCallOrder[i]! > openSync.mock.invocationCallOrder[dirOpen]!);
    expect(synced).toBeGreaterThanOrEqual(0);
    await p.close();
  });

  it('skips the directory sync quietly where a directory cannot be opened (Windows)', async () => {
    const d = dir();
    const p = FilePersistence.open(d);
    openSync.mockImplementation((path, flags, mode) => {
      if (path === d) throw errno('EISDIR');
      return realOpen(path, flags, mode);
    });
    await p.append([{ seq: 0, line: '{"x":1}' }], null, HEAD);
    expect(JSON.parse(readFileSync(join(d, 'head.json'), 'utf8'))).toMatchObject(HEAD);
    await p.close();
  });

  it('fails the write when syncing the directory fails for another reason (the head may not be on disk)', async () => {
    const d = dir();
    const p = FilePersistence.open(d);
    let dirFd = -1;
    openSync.mockImplementation((path, flags, mode) => {
      const fd = realOpen(path, flags, mode);
      if (path === d) dirFd = fd;
      return fd;
    });
    fsyncSync.mockImplementation((fd) => {
      if (fd === dirFd) throw errno('EIO');
      return realFsync(fd);
    });
    await expect(p.append([{ seq: 0, line: '{"x":1}' }], GENESIS, HEAD)).rejects.toThrow(/EIO/);
    await p.close();
  });
});
