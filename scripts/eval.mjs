// `npm run eval -- --split DIR --predictions OUT.jsonl [--pattern-only] [--files SUBSTR] [--quiet]`
// Runs the default guardrails (pattern + learned tiers) over every row of every file listed in DIR/manifest.json and
// writes one prediction line per row (the format ../shared/tools/metrics.py scores), then
// prints a per-file / per-language summary. The engine comes from dist/ (built by `npm run
// eval`); AEGIS_ENGINE points at another build.
import { createReadStream, createWriteStream, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';
import { summarize, formatSummary } from './eval/summary.mjs';

const args = process.argv.slice(2);
const flag = (name) => args.includes(name);
const value = (name) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const split = value('--split');
const predictions = value('--predictions');
if (!split || !predictions) {
  console.error('usage: npm run eval -- --split DIR --predictions OUT.jsonl [--pattern-only] [--files SUBSTR] [--quiet]');
  process.exit(2);
}
const enginePath = process.env.AEGIS_ENGINE ?? new URL('../dist/engine/index.js', import.meta.url).pathname;
const { createGuardrails, loadLearnedRecognizers } = await import(pathToFileURL(resolve(enginePath)).href);
// The default guardrails: the pattern tier plus the learned tier; --pattern-only measures patterns alone.
const patternOnly = flag('--pattern-only');
const guardrails = createGuardrails({ patternTierOnly: patternOnly, extraRecognizers: patternOnly ? [] : await loadLearnedRecognizers() });

// Model output is checked for prompt leaks, and documents an agent reads (BIPIA's emails, tables,
// code answers) are tool output; everything else is user input.
const OUTPUT_SUITES = new Set(['prompt_leak_output', 'indirect_injection', 'indirect_injection_payloads']);
const directionOf = (suite) => (OUTPUT_SUITES.has(suite) ? 'output' : 'input');

const manifest = JSON.parse(readFileSync(join(split, 'manifest.json'), 'utf8'));
const only = value('--files');
const out = createWriteStream(predictions);
const records = [];
const started = performance.now();
let chars = 0;
for (const entry of manifest) {
  if (only && !entry.file.includes(only)) continue;
  const lines = createInterface({ input: createReadStream(join(split, entry.file), 'utf8'), crlfDelay: Infinity });
  let row = 0;
  for await (const line of lines) {
    const i = row++;
    if (line.trim() === '') continue;
    const r = JSON.parse(line);
    const options = { direction: directionOf(entry.suite) };
    if (typeof r.system === 'string' && r.system !== '') options.systemPrompts = [r.system];
    const text = String(r.text ?? '');
    chars += text.length;
    const report = guardrails.checkDetailed(text, options);
    const fired = Object.fromEntries(Object.entries(report.guardrails).map(([g, v]) => [g, v.fired]));
    const pii = report.guardrails.pii.findings.filter((f) => f.action !== 'log').map((f) => [f.span[0], f.span[1], f.category]);
    out.write(JSON.stringify({ file: entry.file, row: i, fired, pii }) + '\n');
    records.push({ file: entry.file, suite: entry.suite, label: r.label, lang: r.lang ?? '?', category: r.category ?? '', fired, findings: report.findings });
  }
}
await new Promise((done) => out.end(done));
const seconds = (performance.now() - started) / 1000;
if (!flag('--quiet')) console.log(formatSummary(summarize(records)));
console.log(`\n${records.length} rows, ${(chars / 1024).toFixed(0)} KB in ${seconds.toFixed(1)} s (${((seconds * 1e6) / (chars / 1024)).toFixed(1)} µs/KB); predictions in ${predictions}`);
