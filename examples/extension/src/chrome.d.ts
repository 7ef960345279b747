// The slice of the `chrome.*` extension API this example uses, typed for this repository's tsc
// (which has no @types/chrome). In your own extension, install @types/chrome instead.
declare namespace chrome {
  namespace runtime {
    interface MessageSender { id?: string; url?: string }
    interface ContextFilter { contextTypes?: ('OFFSCREEN_DOCUMENT' | 'TAB' | 'SIDE_PANEL' | 'POPUP' | 'BACKGROUND')[] }
    function sendMessage<T = unknown>(message: unknown): Promise<T>;
    function getContexts(filter: ContextFilter): Promise<{ contextType: string; documentUrl?: string }[]>;
    function getURL(path: string): string;
    const onMessage: {
      addListener(listener: (message: any, sender: MessageSender, sendResponse: (response?: unknown) => void) => boolean | void): void;
    };
    const onInstalled: { addListener(listener: () => void): void };
    const onStartup: { addListener(listener: () => void): void };
  }
  namespace offscreen {
    function createDocument(parameters: { url: string; reasons: ('WORKERS' | 'LOCAL_STORAGE' | 'DOM_PARSER')[]; justification: string }): Promise<void>;
  }
  namespace storage {
    interface StorageChange { oldValue?: unknown; newValue?: unknown }
    const local: {
      get(keys: string | string[]): Promise<Record<string, unknown>>;
      set(items: Record<string, unknown>): Promise<void>;
    };
    const onChanged: { addListener(listener: (changes: Record<string, StorageChange>, areaName: string) => void): void };
  }
  namespace tabs {
    interface Tab { id?: number; url?: string; title?: string; active: boolean; status?: string }
    function query(query: { url?: string | string[]; active?: boolean }): Promise<Tab[]>;
    function get(tabId: number): Promise<Tab>;
    function update(tabId: number, properties: { url?: string; active?: boolean }): Promise<Tab>;
  }
  namespace scripting {
    interface InjectionResult<T> { result?: T; frameId: number }
    function executeScript<Args extends unknown[], R>(injection: {
      target: { tabId: number };
      func: (...args: Args) => R;
      args?: Args;
      world?: 'ISOLATED' | 'MAIN';
    }): Promise<InjectionResult<Awaited<R>>[]>;
  }
  namespace sidePanel {
    function setPanelBehavior(behavior: { openPanelOnActionClick?: boolean }): Promise<void>;
  }
}
