// The service worker: opens the agent in the side panel and tells the offscreen engine which
// policy to load (offscreen documents can only use chrome.runtime, not chrome.storage). The
// engine itself does not live here: see offscreen.ts for why.
import { BACKGROUND, respond } from './messages.ts';
import { storedPolicy } from './policy-store.ts';

chrome.runtime.onInstalled.addListener(() => {
  void chrome.sidePanel.setPanelBehavior({ openPanelOnActionClick: true });
});

chrome.runtime.onMessage.addListener((message: { to?: string; method?: string }, _sender, sendResponse) => {
  if (message?.to !== BACKGROUND || message.method !== 'policy') return false;
  return respond(storedPolicy(), sendResponse);
});
