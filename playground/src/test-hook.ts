/**
 * A small hook for tests and scripts: `window.__aegisPlayground`. Not a public API; it lets e2e
 * tests set the policy and read editor markers without depending on Monaco's DOM.
 */
import type { EditorHandle, LineRange } from './editor/PolicyEditor.tsx';

export interface PlaygroundTestHook {
  /** True once the editor is mounted and the first decision is shown. */
  ready: boolean;
  setPolicy(text: string): void;
  getPolicy(): string;
  markers: EditorHandle['markers'];
  /** Lines of the rule highlighted in the editor, if any. */
  highlightedLines(): LineRange | null;
}

declare global {
  interface Window {
    __aegisPlayground?: PlaygroundTestHook;
  }
}

export function installTestHook(editor: EditorHandle, highlighted: () => LineRange | null): PlaygroundTestHook {
  const hook: PlaygroundTestHook = {
    ready: window.__aegisPlayground?.ready ?? false,
    setPolicy: (text) => editor.setValue(text),
    getPolicy: () => editor.getValue(),
    markers: () => editor.markers(),
    highlightedLines: highlighted,
  };
  window.__aegisPlayground = hook;
  return hook;
}

export function markReady(): void {
  if (document.documentElement.dataset['ready'] !== 'true') performance.mark('aegis:interactive');
  if (window.__aegisPlayground) window.__aegisPlayground.ready = true;
  document.documentElement.dataset['ready'] = 'true';
}
