/**
 * The playground's one door to the engine. Everything runs in Web Workers through the engine's
 * worker client (`createEngineWorker`), as it would for any browser app:
 *
 * - the *recorder* keeps the real audit log (sql.js, persisted to IndexedDB): Evaluate and the
 *   guardrail check go there, and every decision it makes is an audit entry;
 * - the *previewer* (audit log in memory, thrown away) answers what is not meant to be recorded:
 *   live decisions while typing, lint, probe and diff.
 *
 * Capabilities the worker client does not offer are reported with a reason, which the panels show
 * instead of inventing results.
 */
import wasmUrl from 'sql.js/dist/sql-wasm-browser.wasm?url';
import type { ActionInput, AuditEntry, Decision, Diagnostic, PolicyDiff } from '../../engine/index.ts';
import { createEngineWorker, type EngineClient, type WorkerLike } from '../../engine/worker/index.ts';
import { AUTOPOLICY_METHOD, isProbeProgress } from './engine-extra-methods.ts';

export type { ActionInput, Decision, Diagnostic, PolicyDiff, AuditEntry };

/** One guardrail finding (DESIGN §3), plus whatever explanation fields the engine adds. */
export interface GuardrailFinding {
  guardrail: 'injection' | 'pii' | 'toxicity' | 'prompt_leak';
  category: string;
  span: [number, number];
  score: number;
  action: 'block' | 'mask' | 'warn' | 'log';
  recognizer?: string;
  /** How the finding came about (pattern, base score, context boost, validator, tier, decoder). */
  explanation?: { pattern?: string; baseScore?: number; validator?: string; contextBoost?: number; contextWord?: string; tier?: string; decoder?: string } | string;
}

export interface GuardrailReport {
  allowed: boolean;
  text: string;
  findings: GuardrailFinding[];
}

export interface GuardrailOptions {
  direction: 'input' | 'output';
  systemPrompts?: string[];
}

export interface AutopolicyResult {
  yaml: string;
  /** Each rule with the phrase it came from and why it looks that way. */
  rules: { rule: Record<string, unknown>; phrase: string; explanation?: string }[];
  unparsed: string[];
  /** Why each unparsed phrase was not understood, in the same order. */
  reasons?: string[];
}

export interface ProbeFinding {
  category: string;
  severity: 'low' | 'medium' | 'high' | 'critical';
  action: ActionInput;
  decision: Decision;
  recommendation: string;
}

export interface ProbeReport {
  score: number;
  findings: ProbeFinding[];
  /** Generated actions evaluated. */
  totalProbes?: number;
}

export interface ChainStatus {
  valid: boolean;
  length: number;
  firstBrokenAt: number | null;
}

export interface AuditFilter {
  outcome?: string;
  riskLevel?: string;
  actionType?: string;
  agentId?: string;
}

/** The audit log kept by the worker (sql.js, persisted to IndexedDB). */
export interface AuditLog {
  query(filter?: AuditFilter): Promise<AuditEntry[]>;
  export(): Promise<string>;
  verify(): Promise<ChainStatus>;
  /** Loads an exported log (JSONL) into an empty log, after verifying its chain. */
  import?: (jsonl: string) => Promise<{ imported: number }>;
}

/** What a panel may call; an absent member comes with its reason in `missing`. */
export interface PlaygroundEngine {
  /** Where the engine runs, shown in the footer. */
  readonly runsIn: string;
  /** Background errors (worker crash, audit flush failure); returns an unsubscribe function. */
  onError(listener: (message: string) => void): () => void;
  /** Why an absent capability is absent, by capability name. */
  readonly missing: Partial<Record<Capability, string>>;
  /** Loads the text; `loaded` is false when no policy could be built from it (syntax errors). */
  loadPolicy(yaml: string): Promise<{ diagnostics: Diagnostic[]; loaded: boolean }>;
  /** Decide without writing to the audit log (live preview while typing). */
  preview(actions: ActionInput[]): Promise<Decision[]>;
  /** Decide and record each decision in the audit log. */
  evaluate(actions: ActionInput[]): Promise<Decision[]>;
  lint?: () => Promise<Diagnostic[]>;
  diff?: (beforeYaml: string, afterYaml: string, actions: ActionInput[]) => Promise<PolicyDiff | { error: string }>;
  check?: (text: string, options: GuardrailOptions) => Promise<GuardrailReport>;
  autopolicy?: (sentence: string) => Promise<AutopolicyResult>;
  probe?: (onProgress: (done: number, total: number) => void) => Promise<ProbeReport>;
  audit?: AuditLog;
}

export type Capability = 'lint' | 'diff' | 'check' | 'autopolicy' | 'probe' | 'audit';

/**
 * A module worker on the playground's engine entry (the standard host plus `autopolicy.generate`);
 * the literal `new URL(…)` lets Vite bundle it.
 */
/** Who hears probe progress; only one probe runs at a time (previews are serialized). */
let probeProgressListener: ((done: number, total: number) => void) | undefined;

function spawnEngineWorker(): WorkerLike {
  const worker = new Worker(new URL('./engine.worker.ts', import.meta.url), { type: 'module', name: 'aegis-engine' });
  worker.addEventListener('message', (event: MessageEvent<unknown>) => {
    if (isProbeProgress(event.data)) probeProgressListener?.(event.data.done, event.data.total);
  });
  // A DOM Worker is a WorkerLike at run time; its overloaded addEventListener does not type-check as one.
  return worker as unknown as WorkerLike;
}

/** Runs calls one after another, so a load-diff-reload sequence is never interleaved with a preview. */
function serial() {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(task: () => Promise<T>): Promise<T> => {
    const run = tail.then(task, task);
    tail = run.catch(() => undefined);
    return run;
  };
}

function createWorkerEngine(): PlaygroundEngine {
  // The worker needs an absolute URL: it resolves relative ones against its own script.
  const wasm = new URL(wasmUrl, location.href).href;
  const listeners = new Set<(message: string) => void>();
  const onError = (err: Error) => { for (const listener of listeners) listener(err.message); };
  const recorder: EngineClient = createEngineWorker({ worker: spawnEngineWorker, wasmUrl: wasm, persistence: { kind: 'indexeddb', name: 'playground' }, onError });
  const previewer: EngineClient = createEngineWorker({ worker: spawnEngineWorker, wasmUrl: wasm, persistence: 'memory', onError });
  void previewer.ready().then(() => performance.mark('aegis:previewer-ready'), () => undefined);
  void recorder.ready().then(() => performance.mark('aegis:recorder-ready'), () => undefined);
  const preview = serial();
  let currentYaml = '';
  return {
    runsIn: 'in Web Workers (worker client; audit log in IndexedDB)',
    missing: {},
    onError(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async loadPolicy(yaml) {
      currentYaml = yaml;
      const [result] = await Promise.all([preview(() => previewer.loadPolicy(yaml)), recorder.loadPolicy(yaml)]);
      return result;
    },
    preview: (actions) => preview(() => previewer.evaluate(actions)),
    // Durable: once "recorded" shows, the entry survives a reload.
    evaluate: (actions) => recorder.evaluate(actions, { durable: true }),
    lint: () => preview(() => previewer.lint()),
    // Not a standard worker method yet (see engine.worker.ts): called by name, typed here.
    autopolicy: (sentence) => preview(() => previewer.call(AUTOPOLICY_METHOD as never, { text: sentence } as never) as Promise<AutopolicyResult>),
    check: (text, options) => recorder.check(text, options),
    probe: (onProgress) => preview(async () => {
      probeProgressListener = onProgress;
      try {
        return await previewer.probe();
      } finally {
        probeProgressListener = undefined;
      }
    }),
    // The worker diffs its loaded policy (before) against a text (after): load the saved version,
    // diff, then restore the editor's policy, all in one uninterrupted sequence.
    diff: (beforeYaml, afterYaml, actions) => preview(async () => {
      try {
        const before = await previewer.loadPolicy(beforeYaml);
        if (!before.loaded) return { error: 'the saved version has errors and cannot be compared' };
        return await previewer.diff(afterYaml, actions);
      } finally {
        await previewer.loadPolicy(currentYaml);
      }
    }),
    audit: {
      query: (filter) => recorder.audit.query(filter),
      export: () => recorder.audit.export(),
      verify: () => recorder.audit.verify(),
      async import(jsonl) {
        const result = await recorder.audit.import(jsonl);
        if (!result.valid) throw new Error(`the file's chain is broken at entry ${result.firstBrokenAt}`);
        return { imported: result.length };
      },
    },
  };
}

let engine: PlaygroundEngine | undefined;

/** The page's engine, created on first use. */
export function getEngine(): PlaygroundEngine {
  engine ??= createWorkerEngine();
  return engine;
}
