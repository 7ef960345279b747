// Loads the learned tier's TypeScript modules (engine/guardrails/learned/*.ts) into Node by
// transpiling them to a temporary folder with the project's TypeScript. Training and the engine
// thus share one implementation of windows, normalization and feature hashing: the weights are
// trained on exactly the buckets the engine computes.
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import ts from 'typescript';

const SOURCE = new URL('../../engine/guardrails/learned/', import.meta.url);

export async function loadLearnedModules() {
  const out = join(tmpdir(), `aegis-learned-${process.pid}`);
  mkdirSync(out, { recursive: true });
  for (const name of readdirSync(SOURCE)) {
    if (!name.endsWith('.ts') || name.endsWith('.test.ts')) continue;
    const source = readFileSync(new URL(name, SOURCE), 'utf8');
    // Only the pure modules are needed; those importing weights or the guardrails are skipped.
    if (/from '\.\.\/|\.json'/.test(source)) continue;
    let text = source;
    // Experiments: AEGIS_CHAR_ORDERS=2,4 trains with character n-grams of 2..4 units instead.
    if (name === 'features.ts' && process.env.AEGIS_CHAR_ORDERS) {
      const [lo, hi] = process.env.AEGIS_CHAR_ORDERS.split(',').map(Number);
      text = text.replace(/CHAR_MIN = \d+/, `CHAR_MIN = ${lo}`).replace(/CHAR_MAX = \d+/, `CHAR_MAX = ${hi}`);
    }
    const { outputText } = ts.transpileModule(text, {
      compilerOptions: {
        module: ts.ModuleKind.ESNext,
        target: ts.ScriptTarget.ES2022,
        verbatimModuleSyntax: true,
        rewriteRelativeImportExtensions: true,
      },
      fileName: name,
    });
    writeFileSync(join(out, name.replace(/\.ts$/, '.js')), outputText);
  }
  const load = (name) => import(pathToFileURL(join(out, `${name}.js`)).href);
  return {
    dir: out,
    windows: await load('windows'),
    normalize: await load('normalize'),
    features: await load('features'),
    model: await load('model'),
    score: await load('score'),
    sigmoid: await load('sigmoid'),
    language: await load('language'),
    length: await load('length'),
  };
}
