/** Which policy the page opens with: a shared link wins, then the last session, then the default. */
import { DEFAULT_POLICY } from './default-policy.ts';
import { decodePolicy, policyTokenOf } from './policy-link.ts';
import { loadStoredPolicy } from './policy-storage.ts';

export async function initialPolicy(hash: string): Promise<{ text: string; from: 'link' | 'storage' | 'default' }> {
  const token = policyTokenOf(hash);
  if (token) {
    const text = await decodePolicy(token);
    if (text !== undefined) return { text, from: 'link' };
  }
  const stored = loadStoredPolicy();
  if (stored !== undefined) return { text: stored, from: 'storage' };
  return { text: DEFAULT_POLICY, from: 'default' };
}
