/**
 * Git-like history of policies: commit the active policy, look versions up by id or tag, diff two
 * versions, roll back. Versions are immutable; ids are content hashes (12 hex digits).
 */
import type { Policy } from '../policy/policy.ts';
import { canonicalJson } from '../audit/canonical-json.ts';
import { defaultHasher } from '../platform/hash.ts';
import { isoUtc } from './audit-rows.ts';

export interface PolicyVersion {
  version_id: string;
  number: number;
  parent_id: string | null;
  author: string;
  message: string;
  created_at: string;
  tags: string[];
  rule_count: number;
  policy_hash: string;
  /** The policy as plain data (the YAML shape). */
  policy: Record<string, unknown>;
}

export class PolicyVersions {
  private readonly versions: PolicyVersion[] = [];
  private readonly tags = new Map<string, PolicyVersion>();
  /** The version the active policy came from (moves on commit and rollback). */
  head: PolicyVersion | null = null;

  constructor(private readonly clock: () => number) {}

  async commit(policy: Policy, author: string, message: string): Promise<PolicyVersion> {
    const data = policy.toObject();
    const policyHash = defaultHasher.sha256Hex(canonicalJson(data));
    const number = this.versions.length + 1;
    const parent = this.head?.version_id ?? null;
    const versionId = defaultHasher.sha256Hex(`${policyHash}:${parent}:${number}`).slice(0, 12);
    const version: PolicyVersion = {
      version_id: versionId, number, parent_id: parent, author, message, created_at: isoUtc(this.clock()), tags: [],
      rule_count: policy.rules.length, policy_hash: policyHash, policy: data,
    };
    this.versions.push(version);
    this.head = version;
    return version;
  }

  /** By id, by unique id prefix (≥ 4 characters), by tag, or by `v<number>`. */
  get(ref: string): PolicyVersion | undefined {
    const tagged = this.tags.get(ref);
    if (tagged) return tagged;
    const exact = this.versions.find((v) => v.version_id === ref);
    if (exact) return exact;
    const numbered = /^v(\d+)$/.exec(ref);
    if (numbered) return this.versions[Number(numbered[1]) - 1];
    if (ref.length >= 4) {
      const matches = this.versions.filter((v) => v.version_id.startsWith(ref));
      if (matches.length === 1) return matches[0];
    }
    return undefined;
  }

  /** Newest first. */
  list(limit = 50): PolicyVersion[] {
    return this.versions.slice(limit > 0 ? -limit : 0).reverse();
  }

  get total(): number {
    return this.versions.length;
  }

  /** A tag names one version; tagging another version moves it. */
  tag(version: PolicyVersion, tag: string): void {
    const previous = this.tags.get(tag);
    if (previous) previous.tags = previous.tags.filter((t) => t !== tag);
    version.tags = [...version.tags.filter((t) => t !== tag), tag];
    this.tags.set(tag, version);
  }

  markHead(version: PolicyVersion): void {
    this.head = version;
  }
}
