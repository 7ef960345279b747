// aegis init [-o policy.yaml] [--template ID] [--with-tests]: write a starter policy (never overwrites).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { TEMPLATES } from '../../engine/policy/templates/index.ts';
import { str, type Command } from '../command.ts';
import { EXIT_OK, UsageError } from '../errors.ts';
import { line } from '../output.ts';
import { packageRoot } from '../package-root.ts';

const STARTER = `# Aegis policy: rules are tried top to bottom, the first match decides.
version: "1"
defaults:
  risk_level: medium
  approval: block          # anything no rule names is refused
rules:
  - name: no_deletes
    match: { type: "delete*" }
    risk_level: critical
    approval: block
  - name: bulk_needs_a_human
    match: { type: "bulk_*" }
    risk_level: high
    approval: approve
  - name: reads_are_fine
    match: { type: "read*" }
    risk_level: low
    approval: auto
  - name: lookups_are_fine
    match: { type: "get*" }
    risk_level: low
    approval: auto
  - name: writes_need_a_human
    match: { type: "write*" }
    risk_level: medium
    approval: approve
  - name: updates_need_a_human
    match: { type: "update*" }
    risk_level: medium
    approval: approve
`;

const STARTER_TESTS = `name: starter policy
tests:
  - { action: { type: read, target: crm }, expected_decision: auto, expected_risk_level: low }
  - { action: { type: update, target: contact }, expected_decision: approve, expected_risk_level: medium }
  - { action: { type: bulk_update, target: contacts }, expected_decision: approve, expected_risk_level: high }
  - { action: { type: delete, target: users }, expected_decision: block, expected_risk_level: critical }
  - { action: { type: launch_rocket, target: moon }, expected_decision: block }
`;

export const init: Command = {
  name: 'init',
  summary: 'write a starter policy (or one of the ten templates) and optionally a test suite',
  usage: 'aegis init [-o policy.yaml] [--template ID] [--with-tests] [--test-output tests.yaml] [--list]',
  options: { output: { type: 'string', short: 'o' }, template: { type: 'string', short: 't' }, 'with-tests': { type: 'boolean' }, 'test-output': { type: 'string' }, list: { type: 'boolean' } },
  run(values) {
    if (values['list']) {
      for (const t of TEMPLATES) line(`${t.id.padEnd(18)} ${t.description}`);
      return EXIT_OK;
    }
    const out = str(values, 'output') ?? 'policy.yaml';
    const id = str(values, 'template');
    const template = id ? TEMPLATES.find((t) => t.id === id) : undefined;
    if (id && !template) throw new UsageError(`unknown template "${id}"; available: ${TEMPLATES.map((t) => t.id).join(', ')}`);
    const targets = [out, ...(values['with-tests'] ? [str(values, 'test-output') ?? 'tests.yaml'] : [])];
    for (const f of targets) if (existsSync(f)) throw new UsageError(`${f} already exists; not overwriting it (choose another name with -o / --test-output)`);
    writeFileSync(out, template?.yaml ?? STARTER);
    line(`wrote ${out}${template ? ` (template ${template.id})` : ''}`);
    if (values['with-tests']) {
      const tests = (template ? templateTests(template.id) : STARTER_TESTS).replace(/^tests:/m, `policy: ${out}\ntests:`);
      writeFileSync(targets[1]!, tests);
      line(`wrote ${targets[1]} — run it with: aegis test ${targets[1]}`);
    }
    line(`next: aegis validate ${out}`);
    return EXIT_OK;
  },
};

/** The template's own test table when the package ships it, else an empty suite to fill in. */
function templateTests(id: string): string {
  try {
    return readFileSync(join(packageRoot(), 'engine', 'policy', 'templates', `${id}.tests.yaml`), 'utf8');
  } catch {
    return `name: ${id}\ntests: []\n`;
  }
}
