import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { Policy } from '../engine/index.ts';
import { TEMPLATES } from '../engine/policy/templates/index.ts';
// @ts-expect-error plain ESM script without types
import { bundleTemplates } from '../scripts/gen-templates.mjs';
import { repoRoot } from './vectors.ts';

interface Suite {
  name: string;
  tests: { action: { type: string; target?: string; params?: Record<string, unknown> }; now?: string; expected_decision: string; expected_risk_level: string }[];
}

const dir = join(repoRoot, 'engine/policy/templates');

describe('policy templates', () => {
  it('ships ten templates and the bundle is up to date (run scripts/gen-templates.mjs)', () => {
    expect(TEMPLATES.map((t) => t.id)).toHaveLength(10);
    expect(JSON.parse(JSON.stringify(bundleTemplates()))).toEqual(TEMPLATES);
  });

  for (const template of TEMPLATES) {
    describe(template.id, () => {
      const policy = Policy.fromYaml(template.yaml);

      it('loads strictly, with every rule explicit and no warnings', () => {
        expect(policy.diagnostics.filter((d) => d.code !== 'condition.window-wraps')).toEqual([]);
        for (const rule of policy.rules) {
          expect(rule.explicitApproval && rule.explicitRisk, String(rule.label)).toBe(true);
        }
      });

      const suiteFile = `${template.id}.tests.yaml`;
      const suite = parse(readFileSync(join(dir, suiteFile), 'utf8')) as Suite;
      it.each(suite.tests.map((t) => [`${t.action.type}@${t.action.target ?? ''}${t.now ? ` at ${t.now}` : ''}`, t] as const))('%s', (_, t) => {
        const decision = policy.evaluate(t.action, { now: Date.parse(t.now ?? '2026-03-20T14:30:00Z') });
        expect({ approval: decision.approval, risk: decision.riskLevel }).toEqual({ approval: t.expected_decision, risk: t.expected_risk_level });
      });
    });
  }

  it('every template has a test table', () => {
    const suites = readdirSync(dir).filter((f) => f.endsWith('.tests.yaml'));
    expect(suites.map((s) => s.replace('.tests.yaml', '')).sort()).toEqual(TEMPLATES.map((t) => t.id).sort());
  });
});
