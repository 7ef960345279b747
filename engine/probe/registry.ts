/** The built-in probes: metadata from `probes.json`, paired with their generators by id. */
import probeData from './probes.json' with { type: 'json' };
import { agentGap } from './generators/agents.ts';
import { caseBypass, globBypass, unicodeBypass } from './generators/bypass.ts';
import { defaultFallthrough, destructiveCoverage, targetGap } from './generators/coverage.ts';
import { escalation } from './generators/escalation.ts';
import { overlyPermissive } from './generators/wildcards.ts';
import type { ProbeGenerator, ProbeMeta } from './types.ts';

const GENERATORS: readonly ProbeGenerator[] = [
  destructiveCoverage, defaultFallthrough, globBypass, caseBypass, unicodeBypass, escalation, targetGap, agentGap, overlyPermissive,
];

export interface Probe {
  readonly meta: ProbeMeta;
  readonly generator: ProbeGenerator;
}

/** Every built-in probe, in report order. Throws if the data and the code disagree (a programmer mistake). */
export const PROBES: readonly Probe[] = probeData.probes.map((meta) => {
  const generator = GENERATORS.find((g) => g.id === meta.id);
  if (!generator) throw new Error(`probe "${meta.id}" in probes.json has no generator`);
  return { meta, generator };
});

if (PROBES.length !== GENERATORS.length) throw new Error('a probe generator has no entry in probes.json');
