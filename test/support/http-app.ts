// Calls a fetch handler the way curl would, and reads the JSON answer.
export interface FetchHandler {
  fetch(request: Request): Promise<Response>;
}

export interface Answer {
  status: number;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  headers: Headers;
}

export const BASE = 'http://localhost:8000';

export async function call(app: FetchHandler, method: string, path: string, options: { json?: unknown; raw?: string; headers?: Record<string, string> } = {}): Promise<Answer> {
  const headers: Record<string, string> = { ...options.headers };
  let body: string | undefined;
  if (options.json !== undefined) {
    body = JSON.stringify(options.json);
    headers['Content-Type'] ??= 'application/json';
  } else if (options.raw !== undefined) body = options.raw;
  const response = await app.fetch(new Request(BASE + path, { method, headers, body }));
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON: the test will say so
  }
  return { status: response.status, body: parsed, headers: response.headers };
}
