/**
 * The playground page: the policy editor on the left, the panels on the right, all talking to the
 * engine through `engine.ts`. The policy text is the one piece of shared state; every edit is
 * loaded into the engine, kept in localStorage and in the URL (so a link shares it).
 */
import { lazy, Suspense, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { AuditPanel } from './audit/AuditPanel.tsx';
import { DiagnosticsList } from './editor/DiagnosticsList.tsx';
import type { EditorHandle, LineRange } from './editor/PolicyEditor.tsx';
import { TemplatePicker } from './editor/TemplatePicker.tsx';
import { getEngine, type ActionInput, type Diagnostic } from './engine.ts';
import { AutopolicyPanel } from './panels/AutopolicyPanel.tsx';
import { DiffPanel } from './panels/DiffPanel.tsx';
import { EvaluatePanel } from './panels/EvaluatePanel.tsx';
import { GuardrailPanel } from './panels/GuardrailPanel.tsx';
import { ProbePanel } from './panels/ProbePanel.tsx';
import { encodePolicy, urlWithPolicy } from './policy/policy-link.ts';
import type { PolicyState } from './policy/policy-state.ts';
import { storePolicy } from './policy/policy-storage.ts';
import { ruleRanges } from './policy/rule-ranges.ts';
import { installTestHook, markReady } from './test-hook.ts';
import { ThemeToggle } from './ThemeToggle.tsx';
import { applyTheme, initialTheme, type Theme } from './theme.ts';

// Monaco is most of the page's code: loading it as its own chunk lets the engine workers start
// (and answer the first decision) while it downloads and compiles.
const PolicyEditor = lazy(() => import('./editor/PolicyEditor.tsx').then((m) => ({ default: m.PolicyEditor })));

const PANELS = [
  ['evaluate', 'Evaluate'], ['guardrails', 'Guardrails'], ['autopolicy', 'Autopolicy'],
  ['probe', 'Probe & lint'], ['audit', 'Audit'], ['diff', 'Diff'],
] as const;

// Load after typing pauses briefly: each load re-runs the live panels.
const LOAD_DELAY_MS = 120;
const URL_DELAY_MS = 400;

export function App({ initialText }: { initialText: string }) {
  const engine = getEngine();
  const [text, setText] = useState(initialText);
  const [diagnostics, setDiagnostics] = useState<Diagnostic[]>([]);
  const [lintDiagnostics, setLintDiagnostics] = useState<Diagnostic[]>([]);
  const [loadState, setLoadState] = useState({ revision: 0, loaded: false, text: initialText });
  const [highlight, setHighlight] = useState<LineRange | null>(null);
  const [theme, setTheme] = useState<Theme>(initialTheme);
  const [incoming, setIncoming] = useState<{ action: ActionInput; nonce: number } | null>(null);
  const [auditRevision, setAuditRevision] = useState(0);
  const [sessionActions, setSessionActions] = useState<ActionInput[]>([]);
  const [shareNote, setShareNote] = useState('');
  const [engineError, setEngineError] = useState<string | null>(null);
  const editorRef = useRef<EditorHandle | null>(null);
  const highlightRef = useRef<LineRange | null>(null);
  highlightRef.current = highlight;

  useEffect(() => applyTheme(theme), [theme]);
  useEffect(() => engine.onError(setEngineError), [engine]);

  // Load a text into the engine. Only the latest load may update the page (stale answers are dropped).
  const loadSeq = useRef(0);
  const sentText = useRef<string | null>(null);
  const pendingLoad = useRef<Promise<void>>(Promise.resolve());
  const load = useCallback((next: string): Promise<void> => {
    const seq = ++loadSeq.current;
    sentText.current = next;
    pendingLoad.current = engine.loadPolicy(next).then(({ diagnostics: found, loaded }) => {
      if (seq !== loadSeq.current) return;
      setDiagnostics(found);
      setLoadState((s) => ({ revision: s.revision + 1, loaded, text: next }));
    }, (err: unknown) => {
      if (seq === loadSeq.current) setDiagnostics([{ code: 'playground.engine', severity: 'error', message: String((err as Error).message ?? err) }]);
    });
    return pendingLoad.current;
  }, [engine]);

  // Every settled edit is loaded shortly after typing pauses.
  useEffect(() => {
    const timer = setTimeout(() => { if (sentText.current !== text) void load(text); }, sentText.current === null ? 0 : LOAD_DELAY_MS);
    return () => clearTimeout(timer);
  }, [text, load]);

  /**
   * Before an action that records or probes: make sure the engine has the editor's text right now,
   * not the one from before the last keystrokes (a fast click must not decide under an old policy).
   */
  const ensurePolicyLoaded = useCallback(async (): Promise<string> => {
    const current = editorRef.current?.getValue();
    if (current !== undefined && current !== sentText.current) await load(current);
    else await pendingLoad.current;
    return sentText.current ?? '';
  }, [load]);

  // Keep the policy in localStorage and in the URL fragment.
  useEffect(() => {
    const timer = setTimeout(() => {
      storePolicy(text);
      void encodePolicy(text).then((token) => history.replaceState(history.state, '', urlWithPolicy(location.href, token)));
    }, URL_DELAY_MS);
    return () => clearTimeout(timer);
  }, [text]);

  const policy: PolicyState = useMemo(
    () => ({ text: loadState.text, revision: loadState.revision, loaded: loadState.loaded, ruleRanges: ruleRanges(loadState.text) }),
    [loadState],
  );

  const onEditorReady = useCallback((handle: EditorHandle) => {
    editorRef.current = handle;
    installTestHook(handle, () => highlightRef.current);
    performance.mark('aegis:editor-ready');
    // Whichever comes last, editor or first decision, makes the page interactive.
    if (decisionShown.current) markReady();
  }, []);

  const currentText = useCallback(() => editorRef.current?.getValue() ?? text, [text]);
  const jump = useCallback((line: number, column: number) => editorRef.current?.reveal(line, column), []);
  const replacePolicy = useCallback((yaml: string) => editorRef.current?.setValue(yaml), []);
  const onHighlight = useCallback((range: LineRange | null) => setHighlight(range && { startLine: range.startLine, endLine: range.endLine }), []);
  const onRecorded = useCallback((actions: ActionInput[]) => {
    setAuditRevision((n) => n + 1);
    setSessionActions((list) => [...list, ...actions].slice(-500));
  }, []);
  const decisionShown = useRef(false);
  const onDecisionShown = useCallback(() => {
    decisionShown.current = true;
    if (editorRef.current) markReady();
  }, []);
  const sendToEvaluate = useCallback((action: ActionInput) => {
    setIncoming({ action, nonce: Date.now() });
    document.getElementById('evaluate')?.scrollIntoView({ behavior: 'smooth' });
    document.querySelector<HTMLInputElement>('[data-testid="action-type"]')?.focus({ preventScroll: true });
  }, []);

  const share = async () => {
    const url = urlWithPolicy(location.href, await encodePolicy(text));
    history.replaceState(history.state, '', url);
    try {
      await navigator.clipboard.writeText(url);
      setShareNote('Link copied: it contains the whole policy.');
    } catch {
      setShareNote('The address bar now holds a link with the whole policy.');
    }
  };

  return (
    <div className="app">
      <a className="skip-link" href="#panels">Skip to the panels</a>
      <header className="app-header">
        <h1>Aegis <span className="muted">playground</span></h1>
        <nav aria-label="panels" className="panel-nav">
          {PANELS.map(([id, label]) => <a key={id} href={`#${id}`}>{label}</a>)}
        </nav>
        <div className="header-tools">
          <TemplatePicker onPick={replacePolicy} />
          <button type="button" className="secondary" data-testid="share" onClick={() => void share()}>Share link</button>
          <ThemeToggle theme={theme} onToggle={() => setTheme((t) => (t === 'dark' ? 'light' : 'dark'))} />
        </div>
      </header>
      {shareNote && <p className="share-note" role="status">{shareNote}</p>}
      {engineError && <p className="engine-error" role="alert">The engine reported a problem: {engineError}</p>}
      <main className="layout">
        <section className="editor-column" aria-label="policy">
          <h2 className="editor-title">Policy <span className="muted">YAML · Ctrl+Space completes · Ctrl+M lets Tab leave the editor</span></h2>
          <Suspense fallback={<div className="policy-editor editor-loading">Loading the editor…</div>}>
            <PolicyEditor initialValue={initialText} onChange={setText} onReady={onEditorReady} diagnostics={diagnostics} lintDiagnostics={lintDiagnostics} highlight={highlight} theme={theme} />
          </Suspense>
          <DiagnosticsList diagnostics={diagnostics} onJump={jump} />
        </section>
        <div className="panels" id="panels" tabIndex={-1}>
          <EvaluatePanel engine={engine} policy={policy} ensurePolicyLoaded={ensurePolicyLoaded} incoming={incoming} onHighlight={onHighlight} onRecorded={onRecorded} onDecisionShown={onDecisionShown} />
          <GuardrailPanel engine={engine} onChecked={() => setAuditRevision((n) => n + 1)} />
          <AutopolicyPanel engine={engine} onUsePolicy={replacePolicy} />
          <ProbePanel engine={engine} policy={policy} ensurePolicyLoaded={ensurePolicyLoaded} onSendToEvaluate={sendToEvaluate} onJump={jump} onLint={setLintDiagnostics} />
          <AuditPanel engine={engine} revision={auditRevision} />
          <DiffPanel engine={engine} sessionActions={sessionActions} currentText={currentText} />
        </div>
      </main>
      <footer className="app-footer muted">
        The engine runs {engine.runsIn}. Nothing you type leaves this browser.
      </footer>
    </div>
  );
}
