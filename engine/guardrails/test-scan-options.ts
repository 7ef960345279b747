/** Scan options for tests that call a recognizer directly: input, no system prompt, one level. */
import type { ScanOptions } from './scan-context.ts';
import type { Sensitivity } from './types.ts';

export function testScanOptions(level: Sensitivity = 'medium'): ScanOptions {
  return {
    direction: 'input',
    systemPrompts: [],
    sensitivity: { injection: level, pii: level, toxicity: level, prompt_leak: level },
    minEchoLength: 50,
    depth: 0,
  };
}
