/**
 * The policy JSON Schema (draft 2020-12), built from the same constants the loader uses so the two
 * cannot drift: `specs/policy.schema.json` is this object, checked by a test. It describes what the
 * loader accepts without warnings; things the loader merely tolerates for compatibility (unknown
 * top-level keys, other versions) are allowed but not described.
 */
import { APPROVALS, RISK_LEVELS } from '../types.ts';
import { CONDITION_KEYS } from './conditions.ts';

const riskLevel = {
  description: 'How risky a matching action is. Case-insensitive.',
  type: 'string',
  examples: [...RISK_LEVELS],
  anyOf: [{ enum: [...RISK_LEVELS] }, { enum: RISK_LEVELS.map((r) => r.toUpperCase()) }, { enum: RISK_LEVELS.map((r) => r[0]!.toUpperCase() + r.slice(1)) }],
} as const;

const approval = {
  description: 'auto: run without a human; approve: a human must approve; block: never run. Lower case.',
  enum: [...APPROVALS],
} as const;

const glob = (what: string) => ({
  type: 'string',
  description: `Glob on the action ${what}, matched against the whole string, case-sensitively: * any run of characters, ? one character, [abc] / [a-z] / [!abc] classes. Default "*".`,
  default: '*',
});

const time = { type: 'string', pattern: '^\\s*\\d{1,2}:\\d{1,2}(:\\d{1,2})?\\s*$', description: 'Time of day "HH:MM" (quoted), UTC unless the policy sets timezone.' };
const paramMap = (description: string, value: object = {}) => ({ type: 'object', description, minProperties: 1, additionalProperties: value });
const comparable = { type: ['number', 'string', 'array'] };

const conditionSchemas: Record<(typeof CONDITION_KEYS)[number], object> = {
  time_after: { ...time, description: 'Holds at or after this time of day. With time_before earlier than it, the window crosses midnight.' },
  time_before: { ...time, description: 'Holds before this time of day.' },
  weekdays: { type: 'array', description: 'ISO weekdays on which the rule holds: Monday = 1 … Sunday = 7.', items: { type: 'integer', minimum: 1, maximum: 7 } },
  param_eq: paramMap('Every listed parameter equals the value.'),
  param_gt: paramMap('Every listed parameter is greater than the value.', comparable),
  param_gte: paramMap('Every listed parameter is greater than or equal to the value.', comparable),
  param_lt: paramMap('Every listed parameter is less than the value.', comparable),
  param_lte: paramMap('Every listed parameter is less than or equal to the value.', comparable),
  param_contains: paramMap('Every listed parameter contains the value (substring, list member or mapping key).'),
  param_matches: paramMap('Every listed parameter matches the regular expression (searched anywhere; (?i) allowed at the start).', { type: ['string', 'number'] }),
  semantic: { type: 'string', minLength: 1, description: 'Keywords or a category (destructive, data_exposure, privileged, financial, pii) that must appear in the action; or text for a pluggable evaluator.' },
};

export function buildPolicySchema(): Record<string, unknown> {
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: 'https://agent-aegis.dev/schemas/policy.schema.json',
    title: 'Aegis policy',
    description: 'Rules deciding the risk and approval of AI agent actions. First matching rule wins; otherwise the defaults apply.',
    type: 'object',
    properties: {
      version: { description: 'Policy format version.', type: ['string', 'integer'], enum: ['1', 1], default: '1' },
      description: { type: 'string' },
      name: { type: 'string' },
      timezone: { type: 'string', description: 'IANA time zone for time conditions, e.g. "Europe/Paris". Default UTC.' },
      defaults: {
        type: ['object', 'null'],
        description: 'Decision when no rule matches.',
        properties: {
          risk_level: { ...riskLevel, default: 'medium' },
          approval: { ...approval, default: 'block' },
        },
        additionalProperties: false,
      },
      rules: {
        type: ['array', 'null'],
        description: 'Tried in order; the first rule whose match and conditions hold decides.',
        items: {
          type: 'object',
          properties: {
            name: { type: ['string', 'number', 'null'], description: 'Reported as matchedRule. Default rule_<index>.' },
            description: { type: 'string' },
            match: {
              type: 'object',
              properties: { type: glob('type'), target: glob('target'), agent: glob('agent id') },
              additionalProperties: false,
            },
            conditions: {
              type: ['object', 'null'],
              description: 'All must hold.',
              properties: conditionSchemas,
              additionalProperties: false,
            },
            risk_level: { ...riskLevel, default: 'medium' },
            approval: { ...approval, default: 'approve' },
          },
          additionalProperties: false,
        },
      },
      scope: { description: 'Accepted for compatibility with the Python reference; not used in decisions.' },
      scope_id: { description: 'Accepted for compatibility; not used in decisions.' },
      plan_rules: { description: 'Accepted for compatibility; not used in decisions.' },
    },
  };
}
