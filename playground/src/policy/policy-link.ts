/**
 * The policy in the page URL, so that a link shares it: deflate-raw (the platform's
 * CompressionStream, no library) then base64url, in the fragment (`#policy=…`). The fragment never
 * reaches the server, so the policy stays on the user's machine even on a hosted copy.
 */

const PARAM = 'policy';

function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): Uint8Array {
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

async function pipe(bytes: Uint8Array<ArrayBuffer>, transform: CompressionStream | DecompressionStream): Promise<Uint8Array> {
  const stream = new Blob([bytes]).stream().pipeThrough(transform);
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** Policy text → the compact token stored in the URL. */
export async function encodePolicy(text: string): Promise<string> {
  return toBase64Url(await pipe(new TextEncoder().encode(text), new CompressionStream('deflate-raw')));
}

/** The URL token → policy text; undefined when the token is damaged (a truncated link). */
export async function decodePolicy(token: string): Promise<string | undefined> {
  try {
    const bytes = await pipe(fromBase64Url(token) as Uint8Array<ArrayBuffer>, new DecompressionStream('deflate-raw'));
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

/** The policy token in a location's fragment, if any. */
export function policyTokenOf(hash: string): string | undefined {
  return new URLSearchParams(hash.replace(/^#/, '')).get(PARAM) ?? undefined;
}

/** The current page URL with the policy token set in its fragment. */
export function urlWithPolicy(href: string, token: string): string {
  const url = new URL(href);
  const params = new URLSearchParams(url.hash.replace(/^#/, ''));
  params.set(PARAM, token);
  url.hash = params.toString();
  return url.toString();
}
