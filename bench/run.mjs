// `npm run bench`: runs every bench/*.bench.mjs (each a standalone script against dist/) in turn.
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';

const only = process.argv[2];
const files = readdirSync('bench').filter((f) => f.endsWith('.bench.mjs') && (!only || f.includes(only))).sort();
for (const file of files) {
  console.log(`\n=== ${file} ===`);
  execFileSync(process.execPath, ['--expose-gc', `bench/${file}`], { stdio: 'inherit' });
}
