/** JSON responses, errors with codes, and bounded body reading. */

export const MAX_BODY_BYTES = 1_048_576;

const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8' };

export function json(data: unknown, status = 200, headers?: Record<string, string>): Response {
  return new Response(JSON.stringify(data), { status, headers: headers ? { ...JSON_HEADERS, ...headers } : JSON_HEADERS });
}

/**
 * An error the client caused or must know about. `error` keeps the reference's field name (its
 * clients print it); `code` is stable and machine-readable; `details` adds structured context.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: Record<string, unknown>,
    readonly headers?: Record<string, string>,
  ) {
    super(message);
  }

  toResponse(): Response {
    return json({ error: this.message, code: this.code, ...this.details }, this.status, this.headers);
  }
}

/** Reads the body as text, refusing more than `limit` bytes whether or not a length was announced. */
export async function readText(request: Request, limit = MAX_BODY_BYTES): Promise<string> {
  const tooLarge = () => new ApiError(413, 'body_too_large', `Request body too large (max 1MB): the limit is ${limit} bytes`);
  const announced = request.headers.get('content-length');
  if (announced !== null && Number(announced) > limit) throw tooLarge();
  if (!request.body) return '';
  if (announced !== null) {
    const text = await request.text();
    if (text.length > limit || (text.length * 3 > limit && new TextEncoder().encode(text).length > limit)) throw tooLarge();
    return text;
  }
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => {});
      throw tooLarge();
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const c of chunks) {
    bytes.set(c, offset);
    offset += c.byteLength;
  }
  return new TextDecoder().decode(bytes);
}

/** Parses a JSON body. An empty body is `undefined` (heartbeats and deletes send none). */
export async function readJson(request: Request, limit = MAX_BODY_BYTES): Promise<unknown> {
  const text = await readText(request, limit);
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new ApiError(400, 'invalid_json', `Invalid JSON: ${(err as Error).message}`);
  }
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** A JSON object body, or a 400 saying what arrived instead. */
export async function readObject(request: Request, what: string): Promise<Record<string, unknown>> {
  const body = await readJson(request);
  if (body === undefined) throw new ApiError(400, 'body_required', `${what}: the request body must be a JSON object`);
  if (!isObject(body)) throw new ApiError(400, 'invalid_body', `${what}: the request body must be a JSON object, got ${describe(body)}`);
  return body;
}

export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/** `value` must be a string (or absent when `optional`); otherwise a 400 naming the field. */
export function stringField(body: Record<string, unknown>, field: string, options: { required?: boolean; max?: number } = {}): string | undefined {
  const value = body[field];
  if (value === undefined || value === null) {
    if (options.required) throw new ApiError(400, 'missing_field', `${field} is required`, { field });
    return undefined;
  }
  if (typeof value !== 'string') throw new ApiError(400, 'invalid_field', `${field} must be a string, got ${describe(value)}`, { field });
  if (options.required && value === '') throw new ApiError(400, 'missing_field', `${field} is required`, { field });
  if (options.max !== undefined && value.length > options.max) throw new ApiError(400, 'invalid_field', `${field} is longer than ${options.max} characters`, { field });
  return value;
}
