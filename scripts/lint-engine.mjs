// engine/ must run unchanged in browsers, workers, Deno, Bun and Node: fail on any Node API.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const forbidden = [
  [/from\s+['"](node:[^'"]+|fs|fs\/promises|path|os|crypto|child_process|worker_threads|url|buffer|stream|http|https|net|util)['"]/, 'imports a Node module'],
  [/import\(\s*['"]node:/, 'imports a Node module dynamically'],
  [/\brequire\s*\(/, 'uses require()'],
  [/\bprocess\s*\.\s*\w/, 'uses process'],
  [/\bBuffer\s*[.(]/, 'uses Buffer'],
  [/\b__dirname\b|\b__filename\b/, 'uses __dirname/__filename'],
];

function* files(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* files(path);
    else if (/\.(ts|tsx|js|mjs)$/.test(name)) yield path;
  }
}

let problems = 0;
for (const file of files('engine')) {
  const lines = readFileSync(file, 'utf8').split('\n');
  lines.forEach((line, i) => {
    const code = line.replace(/\/\/.*$/, '');
    for (const [re, why] of forbidden) {
      if (re.test(code)) {
        problems++;
        console.error(`${file}:${i + 1}: ${why}: ${line.trim()}`);
      }
    }
  });
}
if (problems) {
  console.error(`\n${problems} Node API use(s) in engine/. The engine must stay isomorphic (see DEVELOPERS.md).`);
  process.exit(1);
}
console.log('engine/: no Node APIs');
