/**
 * The editor content and saved versions in localStorage, so a reload keeps the work and the diff
 * panel has something to compare with. Storage can be unavailable (private mode, quota): every
 * call degrades to "nothing stored" instead of throwing.
 */

const CURRENT_KEY = 'aegis-playground:policy';
const VERSIONS_KEY = 'aegis-playground:versions';

/** A policy version the user saved for later comparison. */
export interface SavedVersion {
  id: string;
  label: string;
  savedAt: number;
  yaml: string;
}

function read(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

function write(key: string, value: string): void {
  try {
    localStorage.setItem(key, value);
  } catch {
    // Quota or privacy mode: the URL still carries the policy.
  }
}

export function loadStoredPolicy(): string | undefined {
  return read(CURRENT_KEY) ?? undefined;
}

export function storePolicy(text: string): void {
  write(CURRENT_KEY, text);
}

export function loadVersions(): SavedVersion[] {
  try {
    const parsed: unknown = JSON.parse(read(VERSIONS_KEY) ?? '[]');
    return Array.isArray(parsed) ? (parsed as SavedVersion[]) : [];
  } catch {
    return [];
  }
}

export function saveVersion(yaml: string, label: string, now: number): SavedVersion[] {
  const version: SavedVersion = { id: `v${now}`, label, savedAt: now, yaml };
  const versions = [version, ...loadVersions()].slice(0, 20);
  write(VERSIONS_KEY, JSON.stringify(versions));
  return versions;
}
