/** API keys: who may call the API at all, and who may change the policy. */
import { ApiError } from './http.ts';

export type Access = 'public' | 'key' | 'admin';

export interface AuthOptions {
  /** Required as `X-API-Key` on every route except the health check. */
  apiKey?: string;
  /** Required for changes (policy, versions, approvals). Default: the API key. */
  adminKey?: string;
  /**
   * With no admin key configured, allow changes anyway. The CLI sets this only when it binds to
   * loopback without keys (the reference's "localhost only" promise, enforced).
   */
  openAdmin?: boolean;
  /**
   * With no API key, reject requests whose remote address (passed by the adapter) is not
   * loopback. Default true.
   */
  localOnlyWithoutKey?: boolean;
}

const encoder = new TextEncoder();

/** Compares in time that depends only on the length of `expected`, not on where they differ. */
export function constantTimeEqual(given: string, expected: string): boolean {
  const a = encoder.encode(given);
  const b = encoder.encode(expected);
  let diff = a.length ^ b.length;
  for (let i = 0; i < b.length; i++) diff |= (a[i % Math.max(1, a.length)] ?? 0) ^ b[i]!;
  return diff === 0;
}

export function isLoopback(address: string): boolean {
  const a = address.replace(/^::ffff:/, '');
  return a === '::1' || a === 'localhost' || /^127\./.test(a);
}

export function authorize(request: Request, access: Access, auth: AuthOptions, remoteAddress?: string): void {
  if (!auth.apiKey && remoteAddress !== undefined && auth.localOnlyWithoutKey !== false && !isLoopback(remoteAddress)) {
    throw new ApiError(403, 'remote_requires_api_key', `no API key is configured, so only loopback clients are served (request from ${remoteAddress}); set AEGIS_API_KEY to serve remote clients`);
  }
  if (access === 'public') return;
  const adminKey = auth.adminKey ?? auth.apiKey;
  const given = request.headers.get('x-api-key');
  const givenAdmin = request.headers.get('x-admin-key') ?? given;
  // The admin key opens everything the API key opens.
  const isAdmin = adminKey !== undefined && givenAdmin !== null && constantTimeEqual(givenAdmin, adminKey);
  if (auth.apiKey && !isAdmin && (given === null || !constantTimeEqual(given, auth.apiKey))) {
    throw new ApiError(401, 'unauthorized', 'Invalid or missing API key: send it in the X-API-Key header');
  }
  if (access !== 'admin' || isAdmin) return;
  if (!adminKey) {
    if (auth.openAdmin) return;
    throw new ApiError(403, 'admin_key_not_configured', 'Policy updates require AEGIS_ADMIN_KEY: no admin key is configured on this server');
  }
  throw new ApiError(401, 'invalid_admin_key', 'Invalid admin API key: send the admin key in the X-API-Key (or X-Admin-Key) header');
}
