/**
 * The engine client: a main-thread proxy for the engine running in a worker. Every method returns
 * a promise; calls made in the same tick travel in one message; errors come back as
 * `EngineError`s with a code. If the worker dies, every pending call is rejected with
 * `WORKER_CRASHED` (no call hangs) and `restart()` starts a new one, reloading the last policy.
 */
import type { ActionInput, Decision, Diagnostic } from '../types.ts';
import type { AuditEntry, ChainHead } from '../audit/chain.ts';
import type { AuditFilter } from '../audit/filter.ts';
import type { AgefEvent } from '../audit/event.ts';
import type { AuditStats } from '../audit/sqljs-store.ts';
import type { AuditVerifyResult, FlushResult } from '../audit/log.ts';
import type { VerifyResult } from '../audit/verify.ts';
import type { GuardrailReport, GuardrailsConfig } from '../guardrails/types.ts';
import type { ProbeOptions, ProbeReport } from '../probe/types.ts';
import type { PolicyDiff } from '../policy/diff.ts';
import type { AutopolicyResult } from '../autopolicy/autopolicy.ts';
import { EngineError, fromErrorData } from './errors.ts';
import { PROTOCOL_VERSION, type BatchMessage, type RequestMessage, type WorkerMessage } from './protocol.ts';
import type { EvaluateOptions, GuardrailCheckOptions, InitParams, InitResult, MethodName, ParamsOf, PersistenceChoice, ResultOf } from './methods.ts';
import { spawnDefaultWorker, type WorkerFactory, type WorkerLike } from './spawn.ts';

/** What the client sends the worker at start-up (see `InitParams`), plus the client's own settings. */
export interface EngineWorkerOptions extends Omit<InitParams, 'protocol' | 'persistence'> {
  /** The worker, or how to start it. Default: a module worker on the sibling `entry` script. */
  worker?: WorkerLike | WorkerFactory;
  /** Where the audit log is kept: `memory` (default; dies with the worker) or `indexeddb`. */
  persistence?: 'memory' | 'indexeddb' | PersistenceChoice;
  /** Back-pressure: at most this many actions (or calls) in flight; further calls wait. Default 100,000. */
  maxInFlight?: number;
  /** Start a new worker by itself after a crash (pending calls are still rejected). Default false. */
  restartOnCrash?: boolean;
  /** Flush the audit log when the page is hidden or unloaded. Default true. */
  flushOnHide?: boolean;
  /** Background errors: audit flush failures, crashes. */
  onError?: (error: EngineError) => void;
}

export interface AuditClient {
  /** Record an AGEF event built elsewhere (an approval, a cost alert); id, time and sequence are assigned by the log. */
  record(event: Partial<AgefEvent> & { event_type: AgefEvent['event_type'] }, options?: { durable?: boolean }): Promise<{ eventId: string }>;
  query(filter?: AuditFilter): Promise<AuditEntry[]>;
  /** JSONL: one entry per line, chain fields included. */
  export(): Promise<string>;
  /** The same as UTF-8 bytes, moved (not copied) out of the worker: for large logs. */
  exportBytes(): Promise<Uint8Array>;
  verify(): Promise<AuditVerifyResult>;
  /** Make every entry recorded so far durable. */
  flush(): Promise<FlushResult>;
  stats(): Promise<AuditStats>;
  head(): Promise<ChainHead>;
  /** Load a verified export into an empty log. */
  import(jsonl: string, options?: { allowTrimmedStart?: boolean }): Promise<VerifyResult>;
}

export interface RestartResult extends InitResult {
  /** Entries acknowledged as durable before the restart that the new worker does not have. */
  lost: number;
}

export type EngineStatus = 'starting' | 'ready' | 'crashed' | 'closed';

export interface EngineClient {
  readonly status: EngineStatus;
  /** Resolves when the worker has started (session id, log length, persistence in use). */
  ready(): Promise<InitResult>;
  loadPolicy(yaml: string): Promise<{ diagnostics: Diagnostic[]; loaded: boolean }>;
  evaluate(action: ActionInput, options?: EvaluateOptions): Promise<Decision>;
  evaluate(actions: ActionInput[], options?: EvaluateOptions): Promise<Decision[]>;
  evaluate(input: ActionInput | ActionInput[], options?: EvaluateOptions): Promise<Decision | Decision[]>;
  check(text: string, options?: GuardrailCheckOptions): Promise<GuardrailReport>;
  configureGuardrails(config: GuardrailsConfig): Promise<void>;
  /** Lint the loaded policy. */
  lint(): Promise<Diagnostic[]>;
  /** Compare the loaded policy with `afterYaml`; with `actions`, how their decisions change. */
  diff(afterYaml: string, actions?: ActionInput[]): Promise<PolicyDiff>;
  /** Probe the loaded policy; `onProgress` is called (on this side) as the worker evaluates. */
  probe(options?: ProbeOptions): Promise<ProbeReport>;
  /** Natural language → policy (the core `autopolicy`), computed in the worker; nothing is loaded. */
  autopolicy(text: string): Promise<AutopolicyResult>;
  readonly audit: AuditClient;
  /** Any method of the worker by name (what the typed methods above use). */
  call<K extends MethodName>(method: K, params: ParamsOf<K>, transfer?: Transferable[]): Promise<ResultOf<K>>;
  restart(): Promise<RestartResult>;
  close(): Promise<void>;
}

interface Pending {
  resolve: (value: unknown) => void;
  reject: (error: EngineError) => void;
  units: number;
  onProgress?: (progress: unknown) => void;
}

interface Outgoing {
  request: RequestMessage;
  transfer: Transferable[];
}

function describe(event: unknown): string {
  const e = event as { message?: unknown; error?: { message?: unknown } } | undefined;
  const message = e?.error?.message ?? e?.message;
  return typeof message === 'string' && message ? message : 'the worker exited';
}

class EngineWorkerClient implements EngineClient {
  status: EngineStatus = 'starting';
  readonly audit: AuditClient;
  private worker: WorkerLike | undefined;
  private starting: Promise<InitResult>;
  private readonly pending = new Map<number, Pending>();
  private outbox: Outgoing[] = [];
  private flushScheduled = false;
  private nextId = 1;
  private inFlight = 0;
  private readonly waiting: { units: number; go: () => void }[] = [];
  private lastPolicy: string | undefined;
  private acknowledged = 0;
  private generation = 0;
  /** Set once close() starts: later calls would reach a worker whose engine is shut. */
  private closing: Promise<void> | undefined;
  private readonly maxInFlight: number;
  private readonly detachPageListeners: () => void;

  constructor(private readonly options: EngineWorkerOptions) {
    this.maxInFlight = Math.max(1, options.maxInFlight ?? 100_000);
    this.audit = {
      record: (event, o = {}) => this.call('audit.record', { event: event as Record<string, unknown>, ...o }),
      query: (filter) => this.call('audit.query', { filter }),
      export: () => this.call('audit.export', {}),
      exportBytes: () => this.call('audit.exportBytes', {}),
      verify: () => this.call('audit.verify', {}),
      flush: async () => {
        const result = await this.call('audit.flush', {});
        this.acknowledged = Math.max(this.acknowledged, result.head.length);
        return result;
      },
      stats: () => this.call('audit.stats', {}),
      head: () => this.call('audit.head', {}),
      import: (jsonl, o = {}) => this.call('audit.import', { jsonl, ...o }),
    };
    this.starting = this.start();
    this.starting.catch(() => undefined);
    this.detachPageListeners = this.attachPageListeners();
  }

  ready(): Promise<InitResult> {
    return this.starting;
  }

  loadPolicy(yaml: string): Promise<{ diagnostics: Diagnostic[]; loaded: boolean }> {
    this.lastPolicy = yaml;
    return this.call('policy.load', { yaml });
  }

  evaluate(action: ActionInput, options?: EvaluateOptions): Promise<Decision>;
  evaluate(actions: ActionInput[], options?: EvaluateOptions): Promise<Decision[]>;
  evaluate(input: ActionInput | ActionInput[], options?: EvaluateOptions): Promise<Decision | Decision[]>;
  evaluate(input: ActionInput | ActionInput[], options: EvaluateOptions = {}): Promise<Decision | Decision[]> {
    if (Array.isArray(input)) return this.call('policy.evaluate', { ...options, actions: input }, undefined, input.length || 1);
    return this.call('policy.evaluate', { ...options, actions: [input] }).then((d) => d[0]!);
  }

  check(text: string, options?: GuardrailCheckOptions): Promise<GuardrailReport> {
    return this.call('guardrails.check', options ? { text, options } : { text });
  }

  configureGuardrails(config: GuardrailsConfig): Promise<void> {
    return this.call('guardrails.configure', { config });
  }

  lint(): Promise<Diagnostic[]> {
    return this.call('policy.lint', {});
  }

  diff(afterYaml: string, actions?: ActionInput[]): Promise<PolicyDiff> {
    return this.call('policy.diff', actions ? { yaml: afterYaml, actions } : { yaml: afterYaml });
  }

  probe(options: ProbeOptions = {}): Promise<ProbeReport> {
    // Functions cannot cross to the worker: progress comes back as messages for this request.
    const { onProgress, ...rest } = options;
    const params = { options: rest, ...(onProgress ? { progress: true } : {}) };
    return this.call('policy.probe', params, [], 1, onProgress as ((p: unknown) => void) | undefined);
  }

  autopolicy(text: string): Promise<AutopolicyResult> {
    return this.call('autopolicy.generate', { text });
  }

  call<K extends MethodName>(method: K, params: ParamsOf<K>, transfer: Transferable[] = [], units = 1, onProgress?: (progress: unknown) => void): Promise<ResultOf<K>> {
    if (this.status === 'closed' || (this.closing !== undefined && method !== 'engine.close')) return Promise.reject(new EngineError('WORKER_CLOSED', 'the engine client is closed'));
    if (this.status === 'crashed') return Promise.reject(new EngineError('WORKER_CRASHED', 'the engine worker has crashed: call restart() first'));
    return new Promise<ResultOf<K>>((resolve, reject) => {
      const send = () => {
        const id = this.nextId++;
        this.inFlight += units;
        this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject, units, ...(onProgress ? { onProgress } : {}) });
        this.outbox.push({ request: { id, method, params }, transfer });
        this.scheduleFlush();
      };
      // Back-pressure: a call waits while too much is in flight (one oversized call may always go alone).
      if (this.inFlight === 0 || (this.inFlight + units <= this.maxInFlight && !this.waiting.length)) send();
      else this.waiting.push({ units, go: send });
    });
  }

  private scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    queueMicrotask(() => {
      this.flushScheduled = false;
      this.flushOutbox();
    });
  }

  /** Send every queued request in one message (once the worker exists and has its init). */
  private flushOutbox(): void {
    if (!this.worker || !this.outbox.length) return;
    const batch = this.outbox;
    this.outbox = [];
    const message: BatchMessage = { kind: 'batch', requests: batch.map((o) => o.request) };
    const transfer = batch.flatMap((o) => o.transfer);
    try {
      this.worker.postMessage(message, transfer);
    } catch (err) {
      // Parameters that cannot be cloned (a function, …) fail this batch only, one by one.
      for (const o of batch) {
        try {
          this.worker.postMessage({ kind: 'batch', requests: [o.request] } satisfies BatchMessage, o.transfer);
        } catch (single) {
          this.settle(o.request.id, undefined, new EngineError('WORKER_UNCLONEABLE', `the parameters of \`${o.request.method}\` cannot be sent to the worker: ${(single as Error).message ?? err}`));
        }
      }
    }
  }

  private settle(id: number, value: unknown, error?: EngineError): void {
    const p = this.pending.get(id);
    if (!p) return;
    this.pending.delete(id);
    this.release(p.units);
    if (error) p.reject(error);
    else p.resolve(value);
  }

  private release(units: number): void {
    this.inFlight -= units;
    while (this.waiting.length) {
      const next = this.waiting[0]!;
      if (this.inFlight !== 0 && this.inFlight + next.units > this.maxInFlight) break;
      this.waiting.shift();
      next.go();
    }
  }

  private onMessage(data: unknown): void {
    const msg = data as WorkerMessage;
    if (msg?.kind === 'replies') {
      for (const r of msg.replies) (r.ok ? this.settle(r.id, r.result) : this.settle(r.id, undefined, fromErrorData(r.error)));
    } else if (msg?.kind === 'progress') {
      const listener = this.pending.get(msg.id)?.onProgress;
      // A throwing listener is the caller's bug: it must not break the message loop.
      if (listener) try { listener(msg.progress); } catch (err) { this.options.onError?.(new EngineError('WORKER_BAD_REQUEST', `onProgress threw: ${(err as Error)?.message ?? err}`)); }
    } else if (msg?.kind === 'event') {
      if (msg.event === 'fatal') this.onCrash(msg.error.message);
      else this.options.onError?.(fromErrorData(msg.error));
    }
  }

  private start(): Promise<InitResult> {
    const generation = ++this.generation;
    this.status = 'starting';
    return (async () => {
      let worker: WorkerLike;
      try {
        const given = this.options.worker;
        worker = typeof given === 'function' ? await given() : given && this.generation === 1 ? given : await spawnDefaultWorker();
      } catch (err) {
        const error = new EngineError('WORKER_START_FAILED', `the engine worker could not be started: ${(err as Error)?.message ?? err}`);
        this.failAll(error);
        this.status = 'crashed';
        throw error;
      }
      if (generation !== this.generation || this.status === 'closed') {
        worker.terminate();
        throw new EngineError('WORKER_RESTARTED', 'superseded by a newer worker');
      }
      this.worker = worker;
      const onCrash = (event: unknown) => { if (this.worker === worker) this.onCrash(describe(event)); };
      worker.addEventListener('message', ((event: { data: unknown }) => { if (this.worker === worker) this.onMessage(event.data); }) as never);
      worker.addEventListener('error', ((event: { preventDefault?: () => void }) => { event.preventDefault?.(); onCrash(event); }) as never);
      worker.addEventListener('messageerror', (() => onCrash({ message: 'a message from the worker could not be read' })) as never);
      worker.addEventListener('close', (() => onCrash({ message: 'the worker exited' })) as never);
      const queued = this.outbox.length;
      const ready = this.call('engine.init', this.initRequest());
      // A restarted worker gets the last policy back before any call made meanwhile.
      if (this.lastPolicy !== undefined && generation > 1) void this.call('policy.load', { yaml: this.lastPolicy }).catch(() => undefined);
      // INVARIANT: init is the first request the worker sees; calls queued while it started follow.
      this.outbox = [...this.outbox.slice(queued), ...this.outbox.slice(0, queued)];
      this.flushOutbox();
      const result = await ready;
      if (this.status === 'starting') this.status = 'ready';
      this.acknowledged = Math.max(this.acknowledged, result.auditLength);
      return result;
    })();
  }

  private initRequest(): InitParams {
    const o = this.options;
    const persistence = typeof o.persistence === 'string' ? { kind: o.persistence } : o.persistence;
    const init: InitParams = { protocol: PROTOCOL_VERSION };
    if (o.wasmUrl !== undefined) init.wasmUrl = o.wasmUrl;
    // Copied, not transferred: a restart needs the bytes again.
    if (o.wasmBinary !== undefined) init.wasmBinary = o.wasmBinary;
    if (persistence) init.persistence = persistence;
    if (o.sessionId !== undefined) init.sessionId = o.sessionId;
    if (o.auditKey !== undefined) init.auditKey = o.auditKey;
    if (o.retention) init.retention = o.retention;
    if (o.compactEvery !== undefined) init.compactEvery = o.compactEvery;
    if (o.flushDelayMs !== undefined) init.flushDelayMs = o.flushDelayMs;
    if (o.guardrails) init.guardrails = o.guardrails;
    if (o.debug) init.debug = true;
    return init;
  }

  private failAll(error: EngineError): void {
    const waiting = this.waiting.splice(0);
    this.outbox = [];
    for (const id of [...this.pending.keys()]) this.settle(id, undefined, error);
    // Calls held back by back-pressure were never sent: they fail the same way.
    for (const w of waiting) { w.go(); }
    for (const id of [...this.pending.keys()]) this.settle(id, undefined, error);
    this.outbox = [];
  }

  private onCrash(reason: string): void {
    if (this.status === 'closed' || this.status === 'crashed') return;
    const wasStarting = this.status === 'starting';
    this.status = 'crashed';
    const worker = this.worker;
    this.worker = undefined;
    try { worker?.terminate(); } catch { /* already gone */ }
    const error = new EngineError(wasStarting ? 'WORKER_START_FAILED' : 'WORKER_CRASHED',
      `the engine worker stopped (${reason}); pending calls were rejected — call restart() to start a new worker`);
    this.failAll(error);
    this.options.onError?.(error);
    if (this.options.restartOnCrash && !wasStarting) void this.restart().catch(() => undefined);
  }

  async restart(): Promise<RestartResult> {
    if (this.status === 'closed') throw new EngineError('WORKER_CLOSED', 'the engine client is closed');
    const before = this.acknowledged;
    const old = this.worker;
    this.worker = undefined;
    this.status = 'starting';
    this.failAll(new EngineError('WORKER_RESTARTED', 'the engine worker was restarted while this call was pending'));
    try { old?.terminate(); } catch { /* already gone */ }
    this.starting = this.start();
    this.starting.catch(() => undefined);
    const init = await this.starting;
    const lost = Math.max(0, before - init.auditLength);
    if (lost) {
      this.options.onError?.(new EngineError('AUDIT_LOST', `${lost} audit entries acknowledged before the restart are missing (the ${init.persistence} persistence did not keep them)`));
    }
    return { ...init, lost };
  }

  close(): Promise<void> {
    if (this.status === 'closed') return Promise.resolve();
    return (this.closing ??= this.shutDown());
  }

  private async shutDown(): Promise<void> {
    this.detachPageListeners();
    if (this.status !== 'crashed') {
      // Flush and release the log; a worker that does not answer is terminated anyway.
      let timer: ReturnType<typeof setTimeout> | undefined;
      const timeout = new Promise((r) => { timer = setTimeout(r, 5_000); });
      await Promise.race([this.call('engine.close', {}).catch(() => undefined), timeout]);
      clearTimeout(timer);
    }
    this.status = 'closed';
    this.failAll(new EngineError('WORKER_CLOSED', 'the engine client was closed while this call was pending'));
    try { this.worker?.terminate(); } catch { /* already gone */ }
    this.worker = undefined;
  }

  private attachPageListeners(): () => void {
    const doc = (globalThis as { document?: { visibilityState?: string; addEventListener?: (t: string, l: () => void) => void; removeEventListener?: (t: string, l: () => void) => void } }).document;
    const win = globalThis as { addEventListener?: (t: string, l: () => void) => void; removeEventListener?: (t: string, l: () => void) => void };
    if (this.options.flushOnHide === false || !doc?.addEventListener || !win.addEventListener) return () => undefined;
    const flush = () => { if (this.status === 'ready') void this.audit.flush().catch(() => undefined); };
    const onVisibility = () => { if (doc.visibilityState === 'hidden') flush(); };
    doc.addEventListener('visibilitychange', onVisibility);
    win.addEventListener('pagehide', flush);
    return () => {
      doc.removeEventListener?.('visibilitychange', onVisibility);
      win.removeEventListener?.('pagehide', flush);
    };
  }
}

/**
 * Start the engine in a worker and return its client. The worker starts at once; calls made
 * before it is ready are queued.
 *
 * @example
 * const engine = createEngineWorker({ wasmUrl, persistence: 'indexeddb' });
 * await engine.loadPolicy(yaml);
 * const decision = await engine.evaluate({ type: 'delete', target: 'crm' });
 * const { valid } = await engine.audit.verify();
 */
export function createEngineWorker(options: EngineWorkerOptions = {}): EngineClient {
  return new EngineWorkerClient(options);
}
