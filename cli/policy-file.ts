// Reading policy files: diagnostics carry file:line:col; a missing file is a usage error.
import { readFileSync } from 'node:fs';
import { Policy } from '../engine/policy/policy.ts';
import type { Diagnostic } from '../engine/types.ts';
import { UsageError } from './errors.ts';

export interface LoadedPolicy {
  file: string;
  text: string;
  policy?: Policy;
  diagnostics: Diagnostic[];
  ok: boolean;
}

export function readTextFile(file: string, what = 'file'): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UsageError(code === 'ENOENT' ? `${what} not found: ${file}` : `cannot read ${what} ${file}: ${(err as Error).message}`);
  }
}

export function loadPolicyFile(file: string): LoadedPolicy {
  const text = readTextFile(file, 'policy file');
  const { policy, diagnostics } = Policy.parse(text);
  const ok = policy !== undefined && !diagnostics.some((d) => d.severity === 'error');
  return { file, text, diagnostics, ok, ...(policy ? { policy } : {}) };
}

/** A policy that must load: errors end the command (exit 1) after printing them. */
export function requirePolicy(file: string, print: (loaded: LoadedPolicy) => void): Policy {
  const loaded = loadPolicyFile(file);
  if (!loaded.ok || !loaded.policy) {
    print(loaded);
    throw Object.assign(new Error(`${file}: the policy has errors`), { exitCode: 1, printed: true });
  }
  return loaded.policy;
}
