/**
 * File persistence for the audit log in Node (the CLI's `--audit-db`): a directory holding
 *
 *   entries.jsonl   every entry line, appended in order (only new lines are written on a flush)
 *   head.json       the durable head {length, hash, bytes}, replaced atomically after the lines are synced
 *   snapshot.db     the latest sql.js database, with snapshot.json {lastSeq, offset}
 *   anchor.json     where the chain starts when not at entry 0 (retention, or an import of a trimmed
 *                   export): verification requires the first line to be that entry; only a keyed
 *                   log's anchor (with its MAC) shows that the start was not cut by hand
 *   writer.lock     the process id of the one writer, while it has the directory open
 *
 * A crash between writing lines and replacing the head leaves lines past the head: they were
 * never acknowledged, so opening the log cuts them off. One writer owns a directory: a second
 * (another process, or another instance in this one) is refused with `AUDIT_IN_USE` until the
 * first closes or dies; the compare-and-set on the head guards the writer's own instance.
 *
 * `openReadOnly` is for readers next to a running writer (`aegis audit` while `aegis serve`
 * writes): it never writes, and it reads only the entries the durable head covers (lines being
 * appended are not yet acknowledged).
 */
import { closeSync, constants, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeFileSync, writeSync, ftruncateSync, fstatSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { GENESIS, type ChainHead } from '../../engine/audit/chain.ts';
import { AuditError } from '../../engine/audit/errors.ts';
import { asChainAnchor, sameHead, type AuditPersistence, type ChainAnchor, type PersistedLine, type PersistedState } from '../../engine/storage/persistence.ts';

interface StoredHead extends ChainHead {
  /** Size of entries.jsonl that holds exactly `length` entries (from the anchor on). */
  bytes: number;
}

function readJson<T>(path: string): T | undefined {
  if (!existsSync(path)) return undefined;
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as T;
  } catch (err) {
    throw new AuditError('AUDIT_STORE_CORRUPT', `${path} is unreadable: ${(err as Error).message}`);
  }
}

/** Whether process `pid` is running (EPERM: it runs, as another user). */
function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Write a small file so that readers see the old or the new content, never a mix. */
function replaceFile(path: string, data: string | Uint8Array): void {
  const tmp = path + '.tmp';
  const fd = openSync(tmp, 'w');
  try {
    if (typeof data === 'string') writeSync(fd, data);
    else writeSync(fd, data);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
  syncDirectory(dirname(path));
}

/** What fsync on a directory fails with where the platform or file system does not support it. */
const DIRECTORY_SYNC_UNSUPPORTED = new Set(['EINVAL', 'ENOTSUP', 'EOPNOTSUPP', 'EISDIR', 'EBADF', 'EPERM']);

/**
 * Make a rename in `dir` durable. The rename changes the directory, not the file: until the
 * directory itself is synced, a power loss can bring back the old head.json (acknowledged entries
 * forgotten) or lose a new file. Where a directory cannot be opened or synced (Windows refuses to
 * open one; some file systems reject fsync on it) there is nothing more to do, so that is skipped
 * quietly; any other failure (EIO) is thrown: the rename may not be on disk.
 */
function syncDirectory(dir: string): void {
  let fd: number;
  try {
    fd = openSync(dir, 'r');
  } catch {
    return;
  }
  try {
    fsyncSync(fd);
  } catch (err) {
    if (!DIRECTORY_SYNC_UNSUPPORTED.has((err as NodeJS.ErrnoException).code ?? '')) throw err;
  } finally {
    closeSync(fd);
  }
}

export class FilePersistence implements AuditPersistence {
  readonly kind = 'file';
  readonly shared = false;
  private head: StoredHead | null;
  private anchor: ChainAnchor | undefined;
  private readonly entriesPath: string;
  private readonly lockPath: string;
  private claimed = false;

  private constructor(private readonly dir: string, readonly readOnly = false) {
    this.entriesPath = join(dir, 'entries.jsonl');
    this.lockPath = join(dir, 'writer.lock');
    this.head = readJson<StoredHead>(join(dir, 'head.json')) ?? null;
    const anchor = readJson<unknown>(join(dir, 'anchor.json'));
    this.anchor = asChainAnchor(anchor);
    if (anchor !== undefined && !this.anchor) {
      throw new AuditError('AUDIT_STORE_CORRUPT', `${join(dir, 'anchor.json')} is not an anchor ({"seq": the first entry's sequence number, "previousHash": its previous_hash}): restore it, or verify entries.jsonl as an export`);
    }
    // Without a head every stored line would count as unacknowledged and be cut: refuse instead.
    if (!this.head && existsSync(this.entriesPath) && statSync(this.entriesPath).size > 0) {
      throw new AuditError('AUDIT_STORE_CORRUPT', `${join(dir, 'head.json')} is missing but ${this.entriesPath} holds entries: restore head.json, or move entries.jsonl away to start a new log`);
    }
    if (readOnly) return;
    // Claimed before recovery: recovery cuts lines past the head, which may be another writer's flush.
    this.claim();
    try {
      this.recover();
    } catch (err) {
      this.release();
      throw err;
    }
  }

  /** Become the directory's one writer, taking over from a writer that died without closing. */
  private claim(): void {
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        writeFileSync(this.lockPath, String(process.pid), { flag: 'wx' });
        this.claimed = true;
        return;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw new AuditError('AUDIT_PERSIST_FAILED', `could not claim ${this.dir}: ${(err as Error).message}`);
      }
      let owner: string;
      try { owner = readFileSync(this.lockPath, 'utf8'); } catch { continue; } // released meanwhile
      const pid = Number(owner);
      if (Number.isSafeInteger(pid) && pid > 0 && isRunning(pid)) {
        throw new AuditError('AUDIT_IN_USE', `${this.dir} is already written by process ${pid}${pid === process.pid ? ' (this one)' : ''}: one writer per directory; \`aegis audit --db\` can read it meanwhile`);
      }
      // Left by a writer that is gone: remove it, unless another writer took it over meanwhile.
      try { if (readFileSync(this.lockPath, 'utf8') === owner) rmSync(this.lockPath); } catch { /* gone already */ }
    }
    throw new AuditError('AUDIT_IN_USE', `${this.dir} is being claimed by another writer`);
  }

  private release(): void {
    if (!this.claimed) return;
    this.claimed = false;
    try { if (readFileSync(this.lockPath, 'utf8') === String(process.pid)) rmSync(this.lockPath); } catch { /* gone already */ }
  }

  /** Open (or create) the log directory. */
  static open(dir: string): FilePersistence {
    mkdirSync(dir, { recursive: true });
    return new FilePersistence(dir);
  }

  /** Open an existing log directory for reading only. */
  static openReadOnly(dir: string): FilePersistence {
    if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new AuditError('AUDIT_BAD_ARGUMENT', `${dir} is not an audit log directory`);
    return new FilePersistence(dir, true);
  }

  private refuseWrite(): void {
    if (this.readOnly) throw new AuditError('AUDIT_PERSIST_FAILED', `${this.dir} is open read-only`);
  }

  /** Cut lines written past the durable head by a flush that did not finish. */
  private recover(): void {
    const bytes = this.head?.bytes ?? 0;
    if (!existsSync(this.entriesPath)) {
      if (bytes > 0) throw new AuditError('AUDIT_LOST', `${this.entriesPath} is missing but the head says ${this.head!.length} entries`);
      return;
    }
    const size = statSync(this.entriesPath).size;
    if (size > bytes) {
      const fd = openSync(this.entriesPath, 'r+');
      try { ftruncateSync(fd, bytes); fsyncSync(fd); } finally { closeSync(fd); }
    }
    // A file shorter than the head is reported by the log (the head is ahead of the entries).
  }

  /** Where the stored chain starts when it does not start at genesis (anchor.json). */
  readAnchor(): ChainAnchor | undefined {
    return this.anchor ? { ...this.anchor } : undefined;
  }

  private firstSeq(): number {
    return this.anchor?.seq ?? 0;
  }

  /** Lines of entries.jsonl from byte `offset`, numbered from `seq`, up to the durable head. */
  private readLines(offset: number, seq: number): PersistedLine[] {
    if (!existsSync(this.entriesPath)) return [];
    const text = readFileSync(this.entriesPath).subarray(offset).toString('utf8');
    if (!text) return [];
    const lines = text.endsWith('\n') ? text.slice(0, -1).split('\n') : text.split('\n');
    // Counted, not measured in bytes: an edited line of another length stays one entry (and verify names it).
    const end = (this.head?.length ?? 0) - seq;
    return lines.slice(0, Math.max(0, end)).map((line, i) => ({ seq: seq + i, line }));
  }

  async load(): Promise<PersistedState> {
    const snap = readJson<{ lastSeq: number; offset: number }>(join(this.dir, 'snapshot.json'));
    const snapPath = join(this.dir, 'snapshot.db');
    const state: PersistedState = { head: this.head ? { length: this.head.length, hash: this.head.hash } : null, lines: [] };
    if (this.anchor) state.anchor = { ...this.anchor };
    if (snap && existsSync(snapPath) && snap.lastSeq < (this.head?.length ?? 0)) {
      state.snapshot = { bytes: new Uint8Array(readFileSync(snapPath)), lastSeq: snap.lastSeq };
      state.lines = this.readLines(snap.offset, snap.lastSeq + 1);
    } else {
      state.lines = this.readLines(0, this.firstSeq());
    }
    return state;
  }

  async readHead(): Promise<ChainHead | null> {
    return this.head ? { length: this.head.length, hash: this.head.hash } : null;
  }

  async readFrom(from: number): Promise<PersistedLine[]> {
    return this.readLines(0, this.firstSeq()).filter((l) => l.seq >= from);
  }

  async append(lines: readonly PersistedLine[], expected: ChainHead | null, head: ChainHead): Promise<void> {
    this.refuseWrite();
    if (!sameHead(this.head, expected)) throw new AuditError('AUDIT_HEAD_CONFLICT', 'another writer extended the log first');
    // A new log gets its (empty) head before its first lines, so that lines of a first flush that
    // never finished are known to be unacknowledged (see the constructor).
    if (!this.head) {
      const empty: StoredHead = { ...GENESIS, bytes: 0 };
      replaceFile(join(this.dir, 'head.json'), JSON.stringify(empty));
      this.head = empty;
    }
    const data = Buffer.from(lines.map((l) => l.line + '\n').join(''), 'utf8');
    let fd: number | undefined;
    let at = 0;
    try {
      fd = openSync(this.entriesPath, constants.O_WRONLY | constants.O_CREAT);
      // Write right after the durable entries: bytes a failed flush left past the head (a cut
      // line, lines whose head never moved) are overwritten, never kept in front of new lines.
      at = Math.min(this.head?.bytes ?? 0, fstatSync(fd).size);
      ftruncateSync(fd, at);
      writeSync(fd, data, 0, data.length, at);
      fsyncSync(fd);
    } catch (err) {
      throw new AuditError('AUDIT_PERSIST_FAILED', `could not append to ${this.entriesPath}: ${(err as Error).message}`);
    } finally {
      if (fd !== undefined) closeSync(fd);
    }
    const next: StoredHead = { length: head.length, hash: head.hash, bytes: at + data.length };
    // INVARIANT: the head moves only after its lines are on disk.
    replaceFile(join(this.dir, 'head.json'), JSON.stringify(next));
    this.head = next;
  }

  async saveSnapshot(bytes: Uint8Array, lastSeq: number): Promise<void> {
    if (this.readOnly) return;
    if (!this.head || lastSeq !== this.head.length - 1) return; // only a snapshot of exactly the durable head has a known offset
    replaceFile(join(this.dir, 'snapshot.db'), bytes);
    replaceFile(join(this.dir, 'snapshot.json'), JSON.stringify({ lastSeq, offset: this.head.bytes }));
  }

  async prune(anchor: ChainAnchor): Promise<void> {
    this.refuseWrite();
    const keep = this.readLines(0, this.firstSeq()).filter((l) => l.seq >= anchor.seq);
    const text = keep.map((l) => l.line + '\n').join('');
    replaceFile(this.entriesPath, text);
    replaceFile(join(this.dir, 'anchor.json'), JSON.stringify(anchor));
    this.anchor = { ...anchor };
    if (this.head) {
      this.head = { ...this.head, bytes: Buffer.byteLength(text, 'utf8') };
      replaceFile(join(this.dir, 'head.json'), JSON.stringify(this.head));
    }
    // Offsets in the snapshot no longer hold: drop it (the next compaction writes a new one).
    replaceFile(join(this.dir, 'snapshot.json'), JSON.stringify({ lastSeq: -1, offset: 0 }));
  }

  async close(): Promise<void> {
    this.release();
  }
}
