/**
 * IndexedDB persistence (through `idb`), usable from a page or a worker. Layout of database
 * `aegis-audit:<name>`: store `lines` (one record `{seq, line}` per entry, key `seq`) and store
 * `meta` (`head`, `anchor`, `snapshot`). A flush is one readwrite transaction that checks the head
 * and adds only the new lines, so its cost does not depend on the size of the log; transactions
 * on the same stores are serialized by IndexedDB across tabs, which makes the head check a real
 * compare-and-set.
 */
import { openDB, type IDBPDatabase } from 'idb';
import type { ChainHead } from '../audit/chain.ts';
import { AuditError } from '../audit/errors.ts';
import { asChainAnchor, sameHead, type AuditPersistence, type ChainAnchor, type PersistedLine, type PersistedState } from './persistence.ts';

export interface IndexedDbOptions {
  /** Log name; the database is `aegis-audit:<name>`. Default `default`. */
  name?: string;
  /** Transaction durability: `strict` (default) waits for the disk. */
  durability?: 'strict' | 'relaxed' | 'default';
}

const LINES = 'lines';
const SNAPSHOT_CHUNK = 16 * 1024 * 1024;
const META = 'meta';

/** A record as read back: anything, since storage can be corrupted or edited by hand. */
function toLine(key: IDBValidKey, value: unknown): PersistedLine {
  const v = value as { seq?: unknown; line?: unknown } | null;
  const line = v && typeof v.line === 'string' ? v.line : `\u0000corrupt record ${JSON.stringify(String(value)).slice(0, 80)}`;
  return { seq: typeof key === 'number' ? key : Number(key), line };
}

function toHead(value: unknown): ChainHead | null {
  const v = value as { length?: unknown; hash?: unknown } | null | undefined;
  if (!v) return null;
  if (typeof v.length !== 'number' || typeof v.hash !== 'string') throw new AuditError('AUDIT_STORE_CORRUPT', 'the stored head record is unreadable');
  return { length: v.length, hash: v.hash };
}

export class IndexedDbPersistence implements AuditPersistence {
  readonly kind = 'indexeddb';
  readonly shared = true;
  private constructor(private readonly db: IDBPDatabase, private readonly durability: IDBTransactionDurability) {}

  static async open(options: IndexedDbOptions = {}): Promise<IndexedDbPersistence> {
    if (!(globalThis as { indexedDB?: IDBFactory }).indexedDB) {
      throw new AuditError('AUDIT_PERSIST_FAILED', 'IndexedDB is not available in this runtime; use memory or file persistence');
    }
    const name = `aegis-audit:${options.name ?? 'default'}`;
    try {
      const db = await openDB(name, 1, {
        upgrade(up) {
          up.createObjectStore(LINES, { keyPath: 'seq' });
          up.createObjectStore(META);
        },
      });
      return new IndexedDbPersistence(db, options.durability ?? 'strict');
    } catch (err) {
      throw new AuditError('AUDIT_PERSIST_FAILED', `IndexedDB database \`${name}\` could not be opened: ${(err as Error)?.message ?? err}`);
    }
  }

  async load(): Promise<PersistedState> {
    const tx = this.db.transaction([LINES, META], 'readonly');
    const meta = tx.objectStore(META);
    const [headValue, snapValue, anchorValue] = await Promise.all([meta.get('head'), meta.get('snapshot'), meta.get('anchor')]);
    const snapshot = await this.readSnapshot(meta, snapValue);
    const lines = await this.readRange(tx.objectStore(LINES), snapshot ? snapshot.lastSeq + 1 : 0);
    await tx.done;
    const state: PersistedState = { head: toHead(headValue), lines };
    if (snapshot) state.snapshot = snapshot;
    // A record of another shape is no anchor: a log that starts after genesis then fails verification.
    const anchor = asChainAnchor(anchorValue);
    if (anchor) state.anchor = anchor;
    return state;
  }

  /** The snapshot's chunks joined, or undefined when there is none or it is incomplete (then the log rebuilds from lines). */
  private async readSnapshot(meta: { get(key: string): Promise<unknown> }, header: unknown): Promise<{ bytes: Uint8Array; lastSeq: number } | undefined> {
    const h = header as { lastSeq?: unknown; chunks?: unknown; size?: unknown } | undefined;
    if (!h || typeof h.lastSeq !== 'number' || typeof h.chunks !== 'number' || typeof h.size !== 'number') return undefined;
    const parts = await Promise.all(Array.from({ length: h.chunks }, (_, i) => meta.get(`snapshot:${i}`)));
    const bytes = new Uint8Array(h.size);
    let offset = 0;
    for (const part of parts) {
      if (!(part instanceof Uint8Array) || offset + part.length > h.size) return { bytes: new Uint8Array(0), lastSeq: h.lastSeq };
      bytes.set(part, offset);
      offset += part.length;
    }
    // A short or damaged snapshot is handed over as is: opening it fails and the log rebuilds from lines.
    return { bytes: offset === h.size ? bytes : bytes.subarray(0, offset), lastSeq: h.lastSeq };
  }

  async readHead(): Promise<ChainHead | null> {
    return toHead(await this.db.get(META, 'head'));
  }

  async readFrom(from: number): Promise<PersistedLine[]> {
    const tx = this.db.transaction(LINES, 'readonly');
    const lines = await this.readRange(tx.store, from);
    await tx.done;
    return lines;
  }

  private async readRange(store: { getAll(q: IDBKeyRange): Promise<unknown[]>; getAllKeys(q: IDBKeyRange): Promise<IDBValidKey[]> }, from: number): Promise<PersistedLine[]> {
    const range = IDBKeyRange.lowerBound(from);
    const [keys, values] = await Promise.all([store.getAllKeys(range), store.getAll(range)]);
    return keys.map((k, i) => toLine(k, values[i]));
  }

  async append(lines: readonly PersistedLine[], expected: ChainHead | null, head: ChainHead): Promise<void> {
    let tx;
    try {
      tx = this.db.transaction([LINES, META], 'readwrite', { durability: this.durability });
    } catch (err) {
      throw new AuditError('AUDIT_PERSIST_FAILED', `could not start an IndexedDB transaction: ${(err as Error)?.message ?? err}`);
    }
    const meta = tx.objectStore(META);
    const current = toHead(await meta.get('head'));
    if (!sameHead(current, expected)) {
      tx.abort();
      await tx.done.catch(() => undefined);
      throw new AuditError('AUDIT_HEAD_CONFLICT', 'another writer extended the log first');
    }
    const store = tx.objectStore(LINES);
    for (const l of lines) void store.put({ seq: l.seq, line: l.line });
    void meta.put({ length: head.length, hash: head.hash }, 'head');
    try {
      await tx.done;
    } catch (err) {
      throw new AuditError('AUDIT_PERSIST_FAILED', `IndexedDB did not store the entries: ${(err as Error)?.message ?? err}`);
    }
  }

  async saveSnapshot(bytes: Uint8Array, lastSeq: number): Promise<void> {
    try {
      // Chromium refuses single values above its IPC limit (~128 MB): store the bytes in chunks.
      const tx = this.db.transaction(META, 'readwrite');
      const previous = (await tx.store.get('snapshot')) as { chunks?: unknown } | undefined;
      const chunks = Math.ceil(bytes.length / SNAPSHOT_CHUNK);
      for (let i = 0; i < chunks; i++) void tx.store.put(bytes.slice(i * SNAPSHOT_CHUNK, (i + 1) * SNAPSHOT_CHUNK), `snapshot:${i}`);
      for (let i = chunks; i < (typeof previous?.chunks === 'number' ? previous.chunks : 0); i++) void tx.store.delete(`snapshot:${i}`);
      void tx.store.put({ lastSeq, chunks, size: bytes.length }, 'snapshot');
      await tx.done;
    } catch (err) {
      throw new AuditError('AUDIT_PERSIST_FAILED', `the snapshot (${bytes.length} bytes) was not stored: ${(err as Error)?.name ?? ''} ${(err as Error)?.message ?? err}`);
    }
  }

  async prune(anchor: ChainAnchor): Promise<void> {
    const tx = this.db.transaction([LINES, META], 'readwrite');
    void tx.objectStore(LINES).delete(IDBKeyRange.upperBound(anchor.seq, true));
    void tx.objectStore(META).put(anchor.mac === undefined ? { seq: anchor.seq, previousHash: anchor.previousHash } : { seq: anchor.seq, previousHash: anchor.previousHash, mac: anchor.mac }, 'anchor');
    await tx.done;
  }

  async close(): Promise<void> {
    this.db.close();
  }
}
