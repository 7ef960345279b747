#!/usr/bin/env node
// The `aegis` command: one subcommand per file in commands/. Exit 0 ok, 1 findings, 2 usage.
import { parseCommandArgs, type Command } from './command.ts';
import { audit, stats } from './commands/audit.ts';
import { autopolicy } from './commands/autopolicy.ts';
import { diff } from './commands/diff.ts';
import { init } from './commands/init.ts';
import { probe } from './commands/probe.ts';
import { schema } from './commands/schema.ts';
import { serve } from './commands/serve.ts';
import { simulate } from './commands/simulate.ts';
import { test } from './commands/test.ts';
import { validate } from './commands/validate.ts';
import { EXIT_OK, EXIT_USAGE, UsageError } from './errors.ts';
import { disableColour, line, warn } from './output.ts';
import { packageVersion } from './package-root.ts';

const COMMANDS: Command[] = [init, validate, schema, simulate, test, probe, diff, autopolicy, serve, audit, stats];

function help(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    'aegis — governance for AI agent actions',
    '',
    'usage: aegis <command> [options]   (aegis <command> --help for its options)',
    '',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'global: --version, --no-color, --json on every reporting command',
    'exit codes: 0 ok, 1 findings or failures, 2 usage errors',
  ].join('\n');
}

// `aegis … | head` closes the pipe early: that is not an error.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw err;
});

async function main(argv: string[]): Promise<number> {
  if (argv.includes('--no-color')) disableColour();
  const args = argv.filter((a) => a !== '--no-color');
  const [name, ...rest] = args;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    line(help());
    return name ? EXIT_OK : EXIT_USAGE;
  }
  if (name === '--version' || name === '-V') {
    line(packageVersion());
    return EXIT_OK;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) throw new UsageError(`unknown command "${name}"\n\n${help()}`);
  const { values, positionals } = parseCommandArgs(command, rest);
  if (values['help']) {
    line(`usage: ${command.usage}\n\n${command.summary}`);
    return EXIT_OK;
  }
  return command.run(values, positionals);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    const e = err as Error & { exitCode?: number; printed?: boolean };
    if (e instanceof UsageError) {
      warn(`aegis: ${e.message}`);
      process.exitCode = EXIT_USAGE;
    } else if (e.exitCode !== undefined) {
      if (!e.printed) warn(`aegis: ${e.message}`);
      process.exitCode = e.exitCode;
    } else {
      warn(`aegis: internal error: ${e?.stack ?? String(err)}`);
      process.exitCode = 70;
    }
  },
);
