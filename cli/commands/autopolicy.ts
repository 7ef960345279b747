// aegis autopolicy "text": plain language → policy YAML (printed, or written with -o).
import { existsSync, writeFileSync } from 'node:fs';
import { JSON_OPTION, str, type Command } from '../command.ts';
import { EXIT_FINDINGS, EXIT_OK, UsageError } from '../errors.ts';
import { line, printJson, warn } from '../output.ts';

type Autopolicy = (text: string) => { yaml: string; rules: unknown[]; unparsed: string[] };

export const autopolicy: Command = {
  name: 'autopolicy',
  summary: 'turn a plain-language description into a policy',
  usage: 'aegis autopolicy "block deletes; reads are fine; payments over 1000 need approval" [-o FILE] [--json]',
  options: { ...JSON_OPTION, output: { type: 'string', short: 'o' } },
  async run(values, words) {
    const text = words.join(' ').trim();
    if (!text) throw new UsageError('usage: aegis autopolicy "description of what the agent may do"');
    // Looked up at run time: the generator is an optional part of the engine.
    const engine = (await import('../../engine/index.ts')) as Record<string, unknown>;
    const generate = engine['autopolicy'] as Autopolicy | undefined;
    if (typeof generate !== 'function') throw new UsageError('autopolicy is not available in this build');
    const result = generate(text);
    if (values['json']) printJson(result);
    const out = str(values, 'output');
    if (out) {
      if (existsSync(out)) throw new UsageError(`${out} already exists; not overwriting it`);
      writeFileSync(out, result.yaml);
      if (!values['json']) line(`wrote ${out} (${result.rules.length} rules)`);
    } else if (!values['json']) process.stdout.write(result.yaml.endsWith('\n') ? result.yaml : `${result.yaml}\n`);
    if (result.unparsed.length) warn(`not understood: ${result.unparsed.map((u) => JSON.stringify(u)).join(', ')}`);
    return result.unparsed.length ? EXIT_FINDINGS : EXIT_OK;
  },
};
