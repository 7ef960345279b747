// Runs the public conformance vectors through the engine's TypeScript source in whatever runtime
// executes this file (Deno, Bun) and prints one JSON line: {runtime, agreed, total}.
import { Policy, type ActionInput, type Decision } from '../../engine/index.ts';

declare const Deno: { readTextFile(path: string): Promise<string>; args: string[] } | undefined;
declare const Bun: { file(path: string): { text(): Promise<string> }; argv: string[] } | undefined;

const path = typeof Deno !== 'undefined' ? Deno.args[0]! : Bun!.argv[2]!;
const text = typeof Deno !== 'undefined' ? await Deno.readTextFile(path) : await Bun!.file(path).text();
const file = JSON.parse(text) as {
  policies: { id: string; yaml?: string; policy?: unknown; merge?: string[] }[];
  vectors: { policy_id: string; now: string; action: { type: string; target?: string; params?: Record<string, unknown>; agent_id?: string }; expected: Record<string, unknown> }[];
};
const byId = new Map(file.policies.map((p) => [p.id, p]));
const cache = new Map<string, Policy | undefined>();
const load = (id: string): Policy | undefined => {
  if (cache.has(id)) return cache.get(id);
  const p = byId.get(id)!;
  const policy = p.merge
    ? Policy.merge(...p.merge.map((m) => load(m)!))
    : (p.policy !== undefined ? Policy.parseObject(p.policy) : Policy.parse(p.yaml ?? '')).policy;
  cache.set(id, policy);
  return policy;
};
let agreed = 0;
const decisions: string[] = [];
for (const v of file.vectors) {
  const policy = load(v.policy_id);
  if (!policy) continue;
  const action: ActionInput = { type: v.action.type, target: v.action.target ?? '', params: v.action.params ?? {} };
  if (v.action.agent_id !== undefined) action.agentId = v.action.agent_id;
  const d: Decision = policy.evaluate(action, { now: Date.parse(v.now) });
  decisions.push(`${d.approval}/${d.riskLevel}/${String(d.matchedRule)}`);
  const e = v.expected;
  const ok = 'error' in e ? d.approval === 'block' && d.error !== undefined
    : d.riskLevel.toUpperCase() === e['risk_level'] && d.approval === e['approval'] && d.matchedRule === e['matched_rule'];
  if (ok) agreed++;
}
const runtime = typeof Deno !== 'undefined' ? 'deno' : 'bun';
console.log(JSON.stringify({ runtime, agreed, total: file.vectors.length, decisions }));
