/**
 * A SHA-256 hash chain over executed actions, in the reference's crypto-audit entry shape:
 * entry_hash = SHA-256(canonical JSON of the entry without entry_hash ‖ previous_hash).
 */
import { canonicalJson, sha256Hex } from './canonical.ts';

export interface ChainEntry {
  sequence_id: number;
  timestamp: string;
  agent_id: string;
  action_type: string;
  action_target: string;
  decision: string;
  risk_level: string;
  matched_rule: string;
  metadata: Record<string, unknown>;
  previous_hash: string;
  entry_hash: string;
}

export interface ChainVerification {
  valid: boolean;
  chain_length: number;
  verified_entries: number;
  first_broken_at: number | null;
  error_message: string | null;
  verification_hash: string;
}

export const GENESIS_HASH = '0'.repeat(64);

export async function hashEntry(entry: Omit<ChainEntry, 'entry_hash'>): Promise<string> {
  return sha256Hex(canonicalJson(entry) + entry.previous_hash);
}

export class CryptoChain {
  readonly entries: ChainEntry[] = [];
  private tail: Promise<unknown> = Promise.resolve();

  /** Appends in call order even though hashing is asynchronous. */
  append(fields: Omit<ChainEntry, 'sequence_id' | 'previous_hash' | 'entry_hash'>): Promise<ChainEntry> {
    const next = this.tail.then(async () => {
      const previous = this.entries[this.entries.length - 1];
      const body = { ...fields, sequence_id: (previous?.sequence_id ?? -1) + 1, previous_hash: previous?.entry_hash ?? GENESIS_HASH };
      const entry: ChainEntry = { ...body, entry_hash: await hashEntry(body) };
      this.entries.push(entry);
      return entry;
    });
    this.tail = next.catch(() => {});
    return next;
  }

  /** Waits for pending appends. */
  settled(): Promise<unknown> {
    return this.tail;
  }

  async verify(): Promise<ChainVerification> {
    await this.tail;
    let firstBroken: number | null = null;
    let error: string | null = null;
    let verified = 0;
    for (let i = 0; i < this.entries.length; i++) {
      const entry = this.entries[i]!;
      const expectedPrevious = i === 0 ? (entry.sequence_id === 0 ? GENESIS_HASH : entry.previous_hash) : this.entries[i - 1]!.entry_hash;
      const { entry_hash, ...body } = entry;
      if (entry.previous_hash !== expectedPrevious) error = `entry ${entry.sequence_id}: previous_hash does not match the entry before it`;
      else if ((await hashEntry(body)) !== entry_hash) error = `entry ${entry.sequence_id}: entry_hash does not match its content`;
      if (error) {
        firstBroken = entry.sequence_id;
        break;
      }
      verified++;
    }
    const result = { valid: error === null, chain_length: this.entries.length, verified_entries: verified, first_broken_at: firstBroken, error_message: error };
    return { ...result, verification_hash: await sha256Hex(canonicalJson(result)) };
  }
}
