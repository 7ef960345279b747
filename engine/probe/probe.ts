/**
 * Adversarial policy testing. Each probe (metadata in `probes.json`, generator in `generators/`)
 * produces concrete actions from the policy and a seed; every action is evaluated at a few fixed
 * instants and the weakest decision counts, because an agent can wait for a time window. A
 * weakness becomes a finding with its counterexample, the decision it got and a recommendation;
 * findings of the same probe and group are reported once, with the number of occurrences.
 *
 * @example
 * const report = probe(Policy.fromYaml(text), { seed: 7, onProgress: (e) => bar(e.done / e.total) });
 * report.findings.filter((f) => f.severity === 'critical');
 */
import { APPROVAL_RANK, RISK_VALUE, type Decision } from '../types.ts';
import type { Policy } from '../policy/policy.ts';
import { decidedBy } from './cases.ts';
import { seededRandom } from './random.ts';
import { PROBES } from './registry.ts';
import type { FindingSeverity, ProbeCase, ProbeContext, ProbeFinding, ProbeOptions, ProbeReport } from './types.ts';
import vocabulary from './vocabulary.json' with { type: 'json' };

const WEIGHT: Record<FindingSeverity, number> = { critical: 20, high: 10, medium: 5, low: 2 };
const ORDER: Record<FindingSeverity, number> = { critical: 0, high: 1, medium: 2, low: 3 };
const PROGRESS_EVERY = 2000;

/** Run the probes against a policy. Synchronous and deterministic for a given seed and instants. */
export function probe(policy: Policy, options: ProbeOptions = {}): ProbeReport {
  const seed = options.seed === undefined ? 1 : options.seed;
  // NaN, 1.5 or a string would be folded into some 32-bit seed quietly, and the report would claim
  // a seed it was not made with.
  if (!Number.isSafeInteger(seed)) throw new ProbeError('probe.invalid-seed', `seed must be an integer (its low 32 bits are used); got ${typeof seed === 'number' ? String(seed) : seed === null ? 'null' : `a ${typeof seed}`}`);
  // An instant the policy refuses would block every case there, and the weakest decision would
  // hide it (or, with no good instant left, report a perfect score): refuse it here instead.
  const instants = (options.instants ?? vocabulary.instants).map(instantMs);
  if (!instants.length) throw new ProbeError('probe.invalid-instant', 'instants must list at least one instant');
  // Without time conditions one instant decides like all of them.
  const moments = policy.rules.some((r) => r.usesTime) ? instants : instants.slice(0, 1);
  const selected = PROBES.filter((p) => !options.probes || options.probes.includes(p.meta.id));
  const planned = selected.map((p) => {
    const context: ProbeContext = { policy, random: seededRandom(seed ^ hash(p.meta.id)), vocabulary };
    return { probe: p, context, cases: p.generator.generate(context) };
  });
  const total = planned.reduce((n, p) => n + p.cases.length, 0);

  const worst = new Map<string, ProbeFinding>();
  let done = 0;
  for (const { probe: p, context, cases } of planned) {
    for (const probeCase of cases) {
      const { decision, at } = weakest(policy, probeCase, moments);
      const verdict = p.generator.judge(probeCase, decision, context);
      done++;
      if (done % PROGRESS_EVERY === 0) options.onProgress?.({ probe: p.meta.id, done, total });
      if (!verdict) continue;
      const key = `${p.meta.id}\u0000${verdict.group ?? probeCase.group}`;
      const seen = worst.get(key);
      if (seen && ORDER[seen.severity] <= ORDER[verdict.severity]) {
        seen.occurrences++;
        continue;
      }
      worst.set(key, {
        category: p.meta.category, severity: verdict.severity, action: probeCase.action, decision,
        recommendation: fill(p.meta.recommendation, probeCase, decision), probe: p.meta.id, description: verdict.description,
        ...(probeCase.rule ? { rule: String(probeCase.rule.label) } : {}), ...(probeCase.variant ? { variant: probeCase.variant } : {}),
        occurrences: (seen?.occurrences ?? 0) + 1,
        ...(moments.length > 1 ? { at: new Date(at).toISOString() } : {}),
      });
    }
    options.onProgress?.({ probe: p.meta.id, done, total });
  }

  const order = new Map(PROBES.map((p, i) => [p.meta.id, i]));
  const findings = [...worst.values()].sort((a, b) => ORDER[a.severity] - ORDER[b.severity] || order.get(a.probe)! - order.get(b.probe)!);
  const counts: Record<FindingSeverity, number> = { critical: 0, high: 0, medium: 0, low: 0 };
  for (const f of findings) counts[f.severity]++;
  const score = Math.max(0, 100 - findings.reduce((s, f) => s + WEIGHT[f.severity], 0));
  return { score, findings, totalProbes: total, counts, seed };
}

/** Thrown by `probe` for options it cannot run with; `code` says which. */
export class ProbeError extends Error {
  constructor(readonly code: 'probe.invalid-instant' | 'probe.invalid-seed', message: string) {
    super(message);
    this.name = 'ProbeError';
  }
}

/** Epoch ms of an instant: the built-in list is ISO strings, callers pass Dates or epoch ms. */
function instantMs(t: unknown, i: number): number {
  let ms = typeof t === 'string' ? Date.parse(t) : typeof t === 'number' ? t : NaN;
  let date = false;
  if (t !== null && typeof t === 'object') {
    // getTime's brand check, as in evaluate: a Date from any realm, nothing else.
    try {
      ms = Date.prototype.getTime.call(t);
      date = true;
    } catch { /* not a Date: ms stays NaN */ }
  }
  if (Math.abs(ms) <= 8.64e15) return ms;
  const shown = typeof t === 'string' ? JSON.stringify(t) : date ? 'an invalid Date' : typeof t === 'number' ? String(t) : t === null ? 'null' : `a ${typeof t} that is not a Date`;
  throw new ProbeError('probe.invalid-instant', `instants[${i}] must be a valid Date or epoch milliseconds; got ${shown}`);
}

/** The most permissive decision over the instants: an agent can pick its moment. */
function weakest(policy: Policy, probeCase: ProbeCase, instants: number[]): { decision: Decision; at: number } {
  let best: Decision | undefined;
  let at = instants[0]!;
  for (const now of instants) {
    const d = policy.evaluate(probeCase.action, { now });
    if (!best || APPROVAL_RANK[d.approval] < APPROVAL_RANK[best.approval]
      || (d.approval === best.approval && RISK_VALUE[d.riskLevel] < RISK_VALUE[best.riskLevel])) {
      best = d;
      at = now;
    }
  }
  return { decision: best!, at };
}

function fill(template: string, probeCase: ProbeCase, decision: Decision): string {
  const values: Record<string, string> = {
    type: probeCase.action.type, target: probeCase.action.target ?? '', rule: `"${String(decision.matchedRule)}"`, decidedBy: decidedBy(decision), ...probeCase.details,
  };
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole);
}

/** FNV-1a: a stable per-probe seed offset, so adding a probe does not change the others' cases. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}
