// The policy lives in chrome.storage.local (the options page edits it); the packaged default
// applies until then.
import defaultPolicy from './default-policy.yaml?raw';

const KEY = 'policyYaml';

export async function storedPolicy(): Promise<string> {
  const { [KEY]: yaml } = await chrome.storage.local.get(KEY);
  return typeof yaml === 'string' ? yaml : defaultPolicy;
}

export function savePolicy(yaml: string): Promise<void> {
  return chrome.storage.local.set({ [KEY]: yaml });
}

export { defaultPolicy };
