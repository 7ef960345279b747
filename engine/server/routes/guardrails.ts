/** `GET /api/v1/guardrails` and `POST /api/v1/guardrails/check`. */
import { guardrailResults, wireGuardrailName } from '../guardrails.ts';
import { ApiError, describe, json, readObject } from '../http.ts';
import type { RouteSpec } from '../router.ts';
import type { RequestContext } from '../state.ts';

export const guardrailRoutes: RouteSpec<RequestContext>[] = [
  {
    method: 'GET', path: '/api/v1/guardrails', access: 'key', summary: 'Active guardrails',
    handler: ({ state }) => json(state.guardrails ? { enabled: true, guardrails: state.guardrails.active } : { enabled: false, guardrails: [] }),
  },
  { method: 'POST', path: '/api/v1/guardrails/check', access: 'key', summary: 'Run text through the guardrails ({content, direction?, system_prompts?})', handler: check },
];

async function check({ request, state }: RequestContext): Promise<Response> {
  if (!state.guardrails) throw new ApiError(501, 'not_configured', 'No guardrails configured on this server');
  const body = await readObject(request, 'POST /api/v1/guardrails/check');
  const content = body['content'];
  if (content === undefined || content === null || content === '') throw new ApiError(400, 'missing_field', 'content is required', { field: 'content' });
  if (typeof content !== 'string') throw new ApiError(400, 'invalid_field', `content must be a string, got ${describe(content)}`, { field: 'content' });
  // A misspelt direction ("Output") must not quietly run the input-side checks (prompt leaks are output-side).
  const direction = body['direction'] ?? 'input';
  if (direction !== 'input' && direction !== 'output') {
    throw new ApiError(400, 'invalid_field', `direction must be "input" or "output", got ${JSON.stringify(direction)}`, { field: 'direction' });
  }
  const prompts = body['system_prompts'];
  if (prompts !== undefined && !(Array.isArray(prompts) && prompts.every((p) => typeof p === 'string'))) {
    throw new ApiError(400, 'invalid_field', 'system_prompts must be a list of strings', { field: 'system_prompts' });
  }
  const report = await state.guardrails.checker.check(content, { direction, ...(prompts ? { systemPrompts: prompts as string[] } : {}) });
  const results = guardrailResults([{ field: 'content', report }], state.guardrails.active);
  return json({
    content_length: content.length,
    passed: report.allowed,
    results,
    ...(report.text !== content ? { masked_content: report.text } : {}),
    findings: report.findings.map((f) => ({ ...f, guardrail: wireGuardrailName(f.guardrail) })),
  });
}
