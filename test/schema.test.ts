import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { buildPolicySchema } from '../engine/policy/schema.ts';
import { TEMPLATES } from '../engine/policy/templates/index.ts';
import { Policy } from '../engine/index.ts';
import { repoRoot } from './vectors.ts';

const file = join(repoRoot, 'specs/policy.schema.json');
if (process.env['UPDATE_SCHEMA']) writeFileSync(file, JSON.stringify(buildPolicySchema(), null, 2) + '\n');
const schema = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
const validate = new Ajv2020({ allErrors: true, strict: false }).compile(schema);

describe('policy JSON Schema', () => {
  it('specs/policy.schema.json is generated from the loader constants (UPDATE_SCHEMA=1 to rewrite)', () => {
    expect(schema).toEqual(JSON.parse(JSON.stringify(buildPolicySchema())));
  });

  it.each(TEMPLATES.map((t) => [t.id, t.yaml]))('template %s validates', (_, yaml) => {
    expect(validate(parse(yaml)), JSON.stringify(validate.errors)).toBe(true);
  });

  // Schema and loader agree on what is an error.
  const cases: [string, string, boolean][] = [
    ['conditions and agent globs are allowed', 'rules: [{match: {type: "a*", agent: "bot-*"}, conditions: {param_gt: {n: 1}, time_after: "09:00"}, approval: auto, risk_level: Low}]', true],
    ['unknown condition', 'rules: [{match: {type: a}, conditions: {param_greater: {n: 1}}, approval: auto}]', false],
    ['bad approval', 'rules: [{match: {type: a}, approval: human}]', false],
    ['bad risk', 'rules: [{match: {type: a}, risk_level: severe}]', false],
    ['numeric glob', 'rules: [{match: {type: 5}}]', false],
    ['weekday strings', 'rules: [{match: {type: a}, conditions: {weekdays: ["1"]}}]', false],
  ];
  it.each(cases)('%s', (_, yaml, ok) => {
    expect(validate(parse(yaml))).toBe(ok);
    const parsed = Policy.parse(yaml);
    expect(parsed.diagnostics.some((d) => d.severity === 'error')).toBe(!ok);
  });
});
