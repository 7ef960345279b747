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

// On the guardrails' scanning path a regex must be made once, not per call: V8 runs a RegExp
// object made during a scan far more slowly once many regexes exist (see
// engine/guardrails/regex-matches.ts). These catch the usual ways of making one per call.
const perCallRegex = [
  [/\b(?:prefilter|when)\s*:\s*\([^)]*\)\s*=>.*\/[^/\s]+\/[dgimsuvy]*\.(?:test|exec)\(/, 'makes a regex at every scan (keep it in a module constant)'],
  [/\.matchAll\(/, 'clones its regex at every call (use allMatches from regex-matches.ts)'],
  [/\.split\(\s*(?:\/|[A-Z_]+\s*\))/, 'clones its regex at every call (use splitBy from regex-matches.ts)'],
];
const perCallAllowed = new Set(['engine/guardrails/regex-matches.ts', 'engine/guardrails/pattern-recognizer.ts']);

let problems = 0;
for (const file of files('engine')) {
  const lines = readFileSync(file, 'utf8').split('\n');
  const scanning = file.startsWith(join('engine', 'guardrails')) && !/\.test\.ts$|[\\/]test-[^\\/]*$/.test(file) && !perCallAllowed.has(file.split('\\').join('/'));
  lines.forEach((line, i) => {
    const code = line.replace(/\/\/.*$/, '');
    if (scanning) {
      for (const [re, why] of perCallRegex) {
        if (re.test(code)) {
          problems++;
          console.error(`${file}:${i + 1}: ${why}: ${line.trim()}`);
        }
      }
    }
    for (const [re, why] of forbidden) {
      if (re.test(code)) {
        problems++;
        console.error(`${file}:${i + 1}: ${why}: ${line.trim()}`);
      }
    }
  });
}
if (problems) {
  console.error(`\n${problems} problem(s) in engine/: Node APIs (the engine must stay isomorphic, see DEVELOPERS.md) or regexes made per call on the scanning path.`);
  process.exit(1);
}
console.log('engine/: no Node APIs; no regex literal in a guardrail gate, no matchAll/split with a regex');
