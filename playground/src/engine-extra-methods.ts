/**
 * What the playground's worker adds to the engine's standard host, shared by both sides: one
 * method (`autopolicy.generate`) and probe progress messages, which the worker client ignores
 * (it only reads `replies` and `event` messages) and `engine.ts` listens for on the Worker itself.
 */
export const AUTOPOLICY_METHOD = 'autopolicy.generate';

/** Message kind of a probe progress report posted by the worker while `policy.probe` runs. */
export const PROBE_PROGRESS = 'aegis-playground:probe-progress';

export interface ProbeProgressMessage {
  kind: typeof PROBE_PROGRESS;
  done: number;
  total: number;
}

export function isProbeProgress(data: unknown): data is ProbeProgressMessage {
  return typeof data === 'object' && data !== null && (data as { kind?: unknown }).kind === PROBE_PROGRESS;
}
