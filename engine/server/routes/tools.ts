/** `POST /api/v1/probe` (adversarial test of a policy) and `POST /api/v1/autopolicy` (text → policy). */
import type { Policy } from '../../policy/policy.ts';
import type { ActionInput, Decision } from '../../types.ts';
import { toWireAction, toWireDecision } from '../../wire.ts';
import { ApiError, describe, isObject, json, readJson } from '../http.ts';
import type { RouteSpec } from '../router.ts';
import type { RequestContext } from '../state.ts';
import { policyFromBody } from './policy.ts';

const MAX_TEXT = 20_000;

export const toolRoutes: RouteSpec<RequestContext>[] = [
  { method: 'POST', path: '/api/v1/probe', access: 'key', summary: 'Probe the active policy (or {"yaml": ...}) for gaps; findings carry counterexamples', handler: probe },
  { method: 'POST', path: '/api/v1/autopolicy', access: 'key', summary: 'Turn a plain-language description ({"text": ...}) into a policy', handler: autopolicy },
];

async function probe({ request, state }: RequestContext): Promise<Response> {
  const run = state.tools.probe;
  if (!run) throw new ApiError(501, 'not_configured', 'Probe not available on this server');
  const body = await readJson(request);
  if (body !== undefined && !isObject(body)) throw new ApiError(400, 'invalid_body', `the request body must be a JSON object or empty, got ${describe(body)}`);
  const policy: Policy = body && ('yaml' in body || 'rules' in body) ? policyFromBody(body) : state.runtime.policy;
  return json(probeToWire(run(policy)));
}

/** Findings hold engine-shaped actions and decisions; the wire wants the reference's shapes. */
function probeToWire(report: unknown): unknown {
  if (!isObject(report) || !Array.isArray(report['findings'])) return report;
  return {
    ...report,
    findings: report['findings'].map((f: unknown) => {
      if (!isObject(f) || !isObject(f['action']) || !isObject(f['decision'])) return f;
      const action = f['action'] as unknown as ActionInput;
      return { ...f, action: toWireAction(action), decision: toWireDecision(action, f['decision'] as unknown as Decision) };
    }),
  };
}

async function autopolicy({ request, state }: RequestContext): Promise<Response> {
  const run = state.tools.autopolicy;
  if (!run) throw new ApiError(501, 'not_configured', 'Autopolicy not available on this server');
  const body = await readJson(request);
  const text = isObject(body) ? body['text'] ?? body['description'] : undefined;
  if (typeof text !== 'string' || text.trim() === '') throw new ApiError(400, 'missing_field', 'text is required: {"text": "block deletes, reads are fine"}', { field: 'text' });
  if (text.length > MAX_TEXT) throw new ApiError(413, 'text_too_long', `text is limited to ${MAX_TEXT} characters`);
  return json(run(text));
}
