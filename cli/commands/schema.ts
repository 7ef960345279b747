// aegis schema: print the policy JSON Schema shipped in specs/.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from '../command.ts';
import { EXIT_OK } from '../errors.ts';
import { packageRoot } from '../package-root.ts';

export const schema: Command = {
  name: 'schema',
  summary: 'print the policy JSON Schema (draft 2020-12)',
  usage: 'aegis schema',
  options: {},
  run() {
    process.stdout.write(readFileSync(join(packageRoot(), 'specs', 'policy.schema.json'), 'utf8'));
    return EXIT_OK;
  },
};
