// Bundles engine/policy/templates/*.yaml into templates.json so the isomorphic engine (and the
// playground) can offer them without file access. `npm test` checks the bundle is up to date.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

const dir = 'engine/policy/templates';
export function bundleTemplates() {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml') && !f.endsWith('.tests.yaml'))
    .sort()
    .map((file) => {
      const yaml = readFileSync(join(dir, file), 'utf8');
      const data = parse(yaml);
      return { id: file.replace(/\.yaml$/, ''), description: data.description ?? '', yaml };
    });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  writeFileSync(join(dir, 'templates.json'), JSON.stringify(bundleTemplates(), null, 1) + '\n');
  console.log(`wrote ${dir}/templates.json`);
}
