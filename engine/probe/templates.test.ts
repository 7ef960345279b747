import { describe, expect, it } from 'vitest';
import { lint } from '../policy/lint.ts';
import { Policy } from '../policy/policy.ts';
import { TEMPLATES } from '../policy/templates/index.ts';
import { probe } from './probe.ts';

// The shipped templates are what people start from: they must pass our own tools.
describe('templates under probe and lint', () => {
  it('there are ten templates', () => {
    expect(TEMPLATES.length).toBe(10);
  });

  it.each(TEMPLATES.map((t) => [t.id, t.yaml]))('%s has no critical probe finding and no lint error', (_, yaml) => {
    const policy = Policy.fromYaml(yaml);
    const critical = probe(policy).findings.filter((f) => f.severity === 'critical');
    expect(critical.map((f) => f.description)).toEqual([]);
    expect(lint(policy).filter((d) => d.severity === 'error').map((d) => d.message)).toEqual([]);
  });
});
