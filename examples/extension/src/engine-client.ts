// How extension pages talk to the engine: make sure the offscreen document exists, then send it
// a message. Typed by the calls in messages.ts.
import { ENGINE, type EngineCalls, type EngineMethod, type Reply } from './messages.ts';

const NOT_THERE_YET = /Receiving end does not exist|Could not establish connection/i;

async function ensureOffscreen(): Promise<void> {
  if ((await chrome.runtime.getContexts({ contextTypes: ['OFFSCREEN_DOCUMENT'] })).length) return;
  try {
    await chrome.offscreen.createDocument({
      url: 'offscreen.html',
      reasons: ['WORKERS'],
      justification: 'Runs the Aegis policy engine and its audit log in a Web Worker.',
    });
  } catch (err) {
    // Another page created it in the meantime.
    if (!/single offscreen document/i.test(String(err))) throw err;
  }
}

async function call<M extends EngineMethod>(method: M, params: EngineCalls[M]['params']): Promise<EngineCalls[M]['result']> {
  await ensureOffscreen();
  for (let attempt = 0; ; attempt++) {
    let reply: Reply<EngineCalls[M]['result']> | undefined;
    try {
      reply = await chrome.runtime.sendMessage({ to: ENGINE, method, params });
    } catch (err) {
      // The offscreen document is still loading its script.
      if (attempt < 50 && NOT_THERE_YET.test(String(err))) {
        await new Promise((r) => setTimeout(r, 100));
        continue;
      }
      throw err;
    }
    if (!reply) throw new Error(`the engine did not answer ${method}`);
    if (!reply.ok) throw new Error(reply.error);
    return reply.result;
  }
}

export const engine = {
  evaluate: (action: EngineCalls['evaluate']['params']['action']) => call('evaluate', { action }),
  check: (text: string, direction: 'input' | 'output', agentId?: string) => call('check', { text, direction, ...(agentId ? { agentId } : {}) }),
  loadPolicy: (yaml: string) => call('loadPolicy', { yaml }),
  audit: {
    record: (event: EngineCalls['auditRecord']['params']['event']) => call('auditRecord', { event }),
    query: () => call('auditQuery', {}),
    verify: () => call('auditVerify', {}),
    export: () => call('auditExport', {}),
  },
};
