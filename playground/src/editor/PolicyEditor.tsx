/**
 * The policy editor: Monaco with YAML, the schema's completion and validation (monaco-yaml), the
 * engine's diagnostics as markers, and the matched rule highlighted.
 *
 * The `policy-editor` test id sits on a <label> whose control is a hidden <textarea> mirroring the
 * model, so scripts can use the editor three ways: click it and type (Monaco gets the keys),
 * `locator.fill(text)` (Playwright follows the label to the textarea, whose input we copy into the
 * model), or read it back with `inputValue()`.
 */
import { useEffect, useId, useRef } from 'react';
import type { editor as MonacoEditorNS } from 'monaco-editor';
import type { Diagnostic } from '../engine.ts';
import { monaco, POLICY_MODEL_URI, startYamlLanguageService } from './monaco.ts';

/** What the rest of the page may do with the editor. */
export interface EditorHandle {
  getValue(): string;
  /** Replace the whole text as one undoable edit. */
  setValue(text: string): void;
  reveal(line: number, column?: number): void;
  /** Markers currently on the model (engine and schema), 1-based positions. */
  markers(): { owner: string; severity: 'error' | 'warning' | 'info'; line: number; column: number; endLine: number; message: string }[];
}

export interface LineRange {
  startLine: number;
  endLine: number;
}

interface Props {
  initialValue: string;
  onChange(text: string): void;
  onReady(handle: EditorHandle): void;
  diagnostics: readonly Diagnostic[];
  /** Linter findings, shown as markers of their own (owner `aegis-lint`). */
  lintDiagnostics: readonly Diagnostic[];
  highlight: LineRange | null;
  theme: 'light' | 'dark';
}

// Settings that keep typed text exactly as typed: no auto-indent, auto-closing or accept-on-Enter,
// so pasting by keystrokes (and scripted typing) produces the same YAML as a paste.
const EDITOR_OPTIONS: MonacoEditorNS.IStandaloneEditorConstructionOptions = {
  automaticLayout: true,
  minimap: { enabled: false },
  fontSize: 13,
  lineNumbersMinChars: 3,
  scrollBeyondLastLine: false,
  tabSize: 2,
  insertSpaces: true,
  autoIndent: 'none',
  autoClosingBrackets: 'never',
  autoClosingQuotes: 'never',
  autoSurround: 'never',
  formatOnType: false,
  acceptSuggestionOnEnter: 'off',
  wordBasedSuggestions: 'off',
  renderLineHighlight: 'gutter',
  glyphMargin: false,
  fixedOverflowWidgets: true,
  ariaLabel: 'Policy YAML editor. Press Ctrl+M to toggle whether Tab moves focus out of the editor.',
};

const SEVERITY_NAME = (s: number): 'error' | 'warning' | 'info' =>
  s === monaco.MarkerSeverity.Error ? 'error' : s === monaco.MarkerSeverity.Warning ? 'warning' : 'info';

/** Engine diagnostics → Monaco markers; a span wins over line/column because it is exact. */
function toMarkers(model: MonacoEditorNS.ITextModel, diagnostics: readonly Diagnostic[]): MonacoEditorNS.IMarkerData[] {
  const lines = model.getLineCount();
  return diagnostics.map((d) => {
    const severity = d.severity === 'error' ? monaco.MarkerSeverity.Error : monaco.MarkerSeverity.Warning;
    const message = d.hint ? `${d.message}\n${d.hint}` : d.message;
    if (d.span && d.span[1] > d.span[0]) {
      const start = model.getPositionAt(d.span[0]);
      const end = model.getPositionAt(d.span[1]);
      return { severity, message, code: d.code, source: 'aegis', startLineNumber: start.lineNumber, startColumn: start.column, endLineNumber: end.lineNumber, endColumn: end.column };
    }
    const line = Math.min(Math.max(d.line ?? 1, 1), lines);
    const column = Math.max(d.column ?? 1, 1);
    return { severity, message, code: d.code, source: 'aegis', startLineNumber: line, startColumn: column, endLineNumber: line, endColumn: Math.max(model.getLineMaxColumn(line), column + 1) };
  });
}

export function PolicyEditor({ initialValue, onChange, onReady, diagnostics, lintDiagnostics, highlight, theme }: Props) {
  const hostRef = useRef<HTMLDivElement>(null);
  const proxyRef = useRef<HTMLTextAreaElement>(null);
  const editorRef = useRef<MonacoEditorNS.IStandaloneCodeEditor | null>(null);
  const decorationsRef = useRef<MonacoEditorNS.IEditorDecorationsCollection | null>(null);
  const onChangeRef = useRef(onChange);
  onChangeRef.current = onChange;
  const proxyId = useId();

  useEffect(() => {
    const host = hostRef.current;
    if (!host) return;
    const model = monaco.editor.getModel(POLICY_MODEL_URI) ?? monaco.editor.createModel(initialValue, 'yaml', POLICY_MODEL_URI);
    if (model.getValue() !== initialValue) model.setValue(initialValue);
    const editor = monaco.editor.create(host, { ...EDITOR_OPTIONS, model });
    editorRef.current = editor;
    decorationsRef.current = editor.createDecorationsCollection();
    const sync = () => {
      const text = model.getValue();
      if (proxyRef.current && proxyRef.current.value !== text) proxyRef.current.value = text;
      onChangeRef.current(text);
    };
    const subscription = model.onDidChangeContent(sync);
    if (proxyRef.current) proxyRef.current.value = model.getValue();
    const handle: EditorHandle = {
      getValue: () => model.getValue(),
      setValue(text) {
        if (text === model.getValue()) return;
        editor.pushUndoStop();
        editor.executeEdits('aegis', [{ range: model.getFullModelRange(), text }]);
        editor.pushUndoStop();
      },
      reveal(line, column = 1) {
        editor.revealLineInCenterIfOutsideViewport(line);
        editor.setPosition({ lineNumber: line, column });
        editor.focus();
      },
      markers: () =>
        monaco.editor.getModelMarkers({ resource: model.uri }).map((m) => ({
          owner: m.owner, severity: SEVERITY_NAME(m.severity), line: m.startLineNumber, column: m.startColumn, endLine: m.endLineNumber, message: m.message,
        })),
    };
    onReady(handle);
    const yamlTimer = setTimeout(startYamlLanguageService, 300);
    return () => {
      clearTimeout(yamlTimer);
      subscription.dispose();
      editor.dispose();
      editorRef.current = null;
      // The model is kept: StrictMode mounts twice and the text must survive.
    };
    // Mount once; later text changes go through the handle.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(() => {
    const model = monaco.editor.getModel(POLICY_MODEL_URI);
    if (model) monaco.editor.setModelMarkers(model, 'aegis', toMarkers(model, diagnostics));
  }, [diagnostics]);

  useEffect(() => {
    const model = monaco.editor.getModel(POLICY_MODEL_URI);
    if (model) monaco.editor.setModelMarkers(model, 'aegis-lint', toMarkers(model, lintDiagnostics));
  }, [lintDiagnostics]);

  useEffect(() => {
    const editor = editorRef.current;
    const decorations = decorationsRef.current;
    if (!editor || !decorations) return;
    if (!highlight) return decorations.clear();
    decorations.set([{
      range: new monaco.Range(highlight.startLine, 1, highlight.endLine, 1),
      options: { isWholeLine: true, className: 'rule-highlight', linesDecorationsClassName: 'rule-highlight-gutter' },
    }]);
    editor.revealLinesInCenterIfOutsideViewport(highlight.startLine, highlight.endLine);
  }, [highlight]);

  useEffect(() => {
    monaco.editor.setTheme(theme === 'dark' ? 'vs-dark' : 'vs');
  }, [theme]);

  return (
    <label
      className="policy-editor"
      data-testid="policy-editor"
      htmlFor={proxyId}
      // A click inside the editor must focus Monaco, not the label's hidden control.
      onClick={(e) => { if (e.target !== proxyRef.current) e.preventDefault(); }}
    >
      <div ref={hostRef} className="policy-editor-host" />
      <textarea
        id={proxyId}
        ref={proxyRef}
        className="policy-editor-proxy"
        tabIndex={-1}
        aria-hidden="true"
        spellCheck={false}
        onInput={(e) => {
          const text = e.currentTarget.value;
          const editor = editorRef.current;
          const model = editor?.getModel();
          if (!editor || !model || model.getValue() === text) return;
          editor.pushUndoStop();
          editor.executeEdits('aegis', [{ range: model.getFullModelRange(), text }]);
          editor.pushUndoStop();
        }}
      />
    </label>
  );
}
