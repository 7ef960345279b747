// Terminal output: colour only on a TTY (and never with NO_COLOR or --no-color), JSON when asked.
import type { Diagnostic } from '../engine/types.ts';

let colour = process.stdout.isTTY === true && !process.env['NO_COLOR'];

export function disableColour(): void {
  colour = false;
}

const paint = (code: number) => (text: string) => (colour ? `\x1b[${code}m${text}\x1b[0m` : text);
export const red = paint(31);
export const green = paint(32);
export const yellow = paint(33);
export const dim = paint(2);
export const bold = paint(1);

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

export function line(text = ''): void {
  process.stdout.write(`${text}\n`);
}

export function warn(text: string): void {
  process.stderr.write(`${text}\n`);
}

/** `file:line:col: severity code: message (hint)`, the shape editors and CI annotate. */
export function formatDiagnostic(file: string, d: Diagnostic): string {
  const where = d.line ? `${file}:${d.line}:${d.column ?? 1}` : file;
  const severity = d.severity === 'error' ? red('error') : yellow('warning');
  return `${where}: ${severity} ${dim(d.code)}: ${d.message}${d.hint ? ` (${d.hint})` : ''}`;
}

/** A plain left-aligned table. */
export function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const fmt = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  return [bold(fmt(headers)), ...rows.map(fmt)].join('\n');
}

/** Progress for long work, on stderr and only on a TTY. */
export function progress(text: string): void {
  if (process.stderr.isTTY) process.stderr.write(`\r${text}\x1b[K`);
}

export function progressDone(): void {
  if (process.stderr.isTTY) process.stderr.write('\r\x1b[K');
}
