// Loading the reference's conformance vectors (policy decisions) for tests and the CLI.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Policy, type ActionInput, type Decision } from '../engine/index.ts';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const sharedDir = process.env['AEGIS_SHARED'] ?? resolve(repoRoot, '..', 'shared');

export interface VectorFile {
  format: string;
  policies: { id: string; yaml?: string; policy?: unknown; merge?: [string, string]; load_error?: { type: string; message: string } }[];
  vectors: { id: string; policy_id: string; now: string; action: { type: unknown; target?: unknown; params?: Record<string, unknown>; agent_id?: string; description?: string };
    expected: { risk_level: string; approval: string; is_allowed: boolean; matched_rule: string | number } | { error: { type: string; message: string } } }[];
}

export function readVectors(path: string): VectorFile {
  if (!existsSync(path)) throw new Error(`conformance vectors not found at ${path} (set AEGIS_SHARED or AEGIS_VECTORS)`);
  return JSON.parse(readFileSync(path, 'utf8')) as VectorFile;
}

export type Outcome = { id: string; agrees: boolean; expected: unknown; got: Decision | string };

/** Load every policy of a vector file from the reference's parsed data (or its text when that is all there is). */
export function loadVectorPolicies(file: VectorFile): Map<string, Policy | string> {
  const out = new Map<string, Policy | string>();
  const byId = new Map(file.policies.map((p) => [p.id, p]));
  const load = (id: string): Policy | string => {
    if (out.has(id)) return out.get(id)!;
    const p = byId.get(id);
    if (!p) return `unknown policy ${id}`;
    let result: Policy | string;
    if (p.merge) {
      const parts = p.merge.map(load);
      result = parts.every((x) => typeof x !== 'string') ? Policy.merge(...(parts as Policy[])) : `merge failed: ${parts.filter((x) => typeof x === 'string').join('; ')}`;
    } else {
      // Decisions are compared on the data the reference decided on (its YAML 1.1 reading, `policy`);
      // how our YAML 1.2 reading of the text differs is checked on its own (deviation D2).
      const parsed = p.policy !== undefined ? Policy.parseObject(p.policy) : Policy.parse(p.yaml ?? '');
      result = parsed.policy ?? `load failed: ${parsed.diagnostics.map((d) => d.message).join('; ')}`;
    }
    out.set(id, result);
    return result;
  };
  for (const p of file.policies) load(p.id);
  return out;
}

export function runVectors(file: VectorFile): Outcome[] {
  const policies = loadVectorPolicies(file);
  return file.vectors.map((v) => {
    const policy = policies.get(v.policy_id);
    if (typeof policy !== 'object') return { id: v.id, agrees: false, expected: v.expected, got: String(policy) };
    const action: ActionInput = { type: v.action.type as string, target: (v.action.target as string) ?? '', params: v.action.params ?? {} };
    if (v.action.agent_id !== undefined) action.agentId = v.action.agent_id;
    if (v.action.description !== undefined) action.description = v.action.description;
    const got = policy.evaluate(action, { now: Date.parse(v.now) });
    const e = v.expected;
    const agrees = 'error' in e
      ? got.approval === 'block' && !got.allowed && got.error !== undefined
      : got.riskLevel.toUpperCase() === e.risk_level && got.approval === e.approval && got.allowed === e.is_allowed && got.matchedRule === e.matched_rule && !got.error;
    return { id: v.id, agrees, expected: e, got };
  });
}
