/**
 * JSON with sorted keys, no spaces and non-ASCII escaped as \uXXXX: the spelling the reference's
 * crypto chain hashes (Python `json.dumps(sort_keys=True, separators=(",", ":"))`).
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return asciiJson(JSON.stringify(value ?? null));
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj).filter((k) => obj[k] !== undefined).sort();
  return `{${keys.map((k) => `${asciiJson(JSON.stringify(k))}:${canonicalJson(obj[k])}`).join(',')}}`;
}

function asciiJson(text: string): string {
  return text.replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  let out = '';
  for (const b of new Uint8Array(digest)) out += b.toString(16).padStart(2, '0');
  return out;
}
