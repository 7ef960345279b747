/**
 * The playground's one door to the engine. Panels call this module only, so moving from the
 * interim in-page engine to the worker client (`createEngineWorker()` from `engine/worker/`) is a
 * change to this file alone. Capabilities that have not landed yet are reported with a reason,
 * which the panels show instead of inventing results.
 */
import {
  createGuardrails, diffPolicies, lint as lintPolicy, Policy, probe as probePolicy,
  type ActionInput, type AuditEntry, type Decision, type Diagnostic, type Guardrails, type PolicyDiff,
} from '../../engine/index.ts';

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
  rules: { rule: Record<string, unknown>; phrase: string }[];
  unparsed: string[];
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
}

export interface ChainStatus {
  valid: boolean;
  length: number;
  firstBrokenAt: number | null;
}

export interface AuditFilter {
  since?: string;
  outcome?: string;
  riskLevel?: string;
  text?: string;
}

/** The audit log kept by the worker (sql.js, persisted to IndexedDB). */
export interface AuditLog {
  query(filter?: AuditFilter): Promise<AuditEntry[]>;
  export(): Promise<string>;
  verify(): Promise<ChainStatus>;
  /** Appends exported entries (JSONL) to the log; absent when the worker does not offer it. */
  import?: (jsonl: string) => Promise<{ imported: number }>;
}

/** What a panel may call; an absent member comes with its reason in `missing`. */
export interface PlaygroundEngine {
  /** Where the engine runs, shown in the footer. */
  readonly runsIn: string;
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

const NOT_YET = (what: string, where: string) =>
  `${what} is not available yet: ${where} has not landed in the engine (the panel will use it as soon as it does)`;

/**
 * Interim engine, run in the page from the core's public API, until the worker client exists.
 * Decisions are exact (same core); the audit log and the tools still being built are reported missing.
 */
function createInPageEngine(): PlaygroundEngine {
  let current: Policy | undefined;
  let guardrails: Guardrails | undefined;
  const requirePolicy = (): Policy => {
    if (!current) throw new Error('the policy has errors; fix them to evaluate');
    return current;
  };
  return {
    runsIn: 'in this page (interim: the worker client engine/worker is not available yet)',
    missing: {
      autopolicy: NOT_YET('Natural language → policy', '`autopolicy` (engine/autopolicy)'),
      audit: NOT_YET('The audit log', 'the worker client with its sql.js/IndexedDB log (engine/worker, engine/audit)'),
    },
    async loadPolicy(yaml) {
      const parsed = Policy.parse(yaml);
      current = parsed.policy;
      return { diagnostics: parsed.diagnostics, loaded: parsed.policy !== undefined };
    },
    async preview(actions) {
      const policy = requirePolicy();
      return actions.map((a) => policy.evaluate(a));
    },
    async evaluate(actions) {
      const policy = requirePolicy();
      return actions.map((a) => policy.evaluate(a));
    },
    async lint() {
      return lintPolicy(requirePolicy());
    },
    async check(text, options) {
      // Built on first use: the recognizers are not needed to open the page.
      guardrails ??= createGuardrails();
      return guardrails.check(text, options) as GuardrailReport;
    },
    async probe(onProgress) {
      const policy = requirePolicy();
      // Let the progress bar paint before the synchronous run (the worker will stream progress).
      await new Promise((resolve) => setTimeout(resolve, 16));
      return probePolicy(policy, { onProgress: (e) => onProgress(e.done, e.total) });
    },
    async diff(beforeYaml, afterYaml, actions) {
      const before = Policy.parse(beforeYaml).policy;
      if (!before) return { error: 'the saved version has errors and cannot be compared' };
      const after = Policy.parse(afterYaml).policy;
      if (!after) return { error: 'the policy in the editor has errors; fix them to compare' };
      return diffPolicies(before, after, actions);
    },
  };
}

let engine: PlaygroundEngine | undefined;

/** The page's engine, created on first use. */
export function getEngine(): PlaygroundEngine {
  engine ??= createInPageEngine();
  return engine;
}
