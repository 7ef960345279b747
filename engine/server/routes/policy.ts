/** `GET/PUT /api/v1/policy` and policy versioning (`versions`, `commit`, `diff`, `rollback`, `tag`). */
import { Policy, type ParseResult } from '../../policy/policy.ts';
import type { ActionInput, Decision } from '../../types.ts';
import { toWireAction, toWireDecision } from '../../wire.ts';
import { parseActions } from '../actions.ts';
import { ApiError, isObject, json, readJson, readObject, stringField } from '../http.ts';
import { diffRules } from '../policy-diff.ts';
import { diagnosticsToWire, invalidPolicyError, policyToWire } from '../policy-wire.ts';
import type { PolicyVersion } from '../policy-versions.ts';
import type { RouteSpec } from '../router.ts';
import type { RequestContext, ServerState } from '../state.ts';

export const policyRoutes: RouteSpec<RequestContext>[] = [
  { method: 'GET', path: '/api/v1/policy', access: 'key', summary: 'The active policy: defaults and rules', handler: ({ state }) => json(policyToWire(state.runtime.policy)) },
  { method: 'PUT', path: '/api/v1/policy', access: 'admin', summary: 'Replace the policy from {"yaml": "..."} or a policy mapping (atomic; rejected with diagnostics on error)', handler: replace },
  { method: 'GET', path: '/api/v1/policy/versions', access: 'key', summary: 'List policy versions, newest first (limit)', handler: list },
  { method: 'GET', path: '/api/v1/policy/versions/{version_id}', access: 'key', summary: 'One version by id, id prefix, tag or v<number>', handler: getVersion },
  { method: 'POST', path: '/api/v1/policy/commit', access: 'admin', summary: 'Commit the active policy as a new version ({author, message})', handler: commit },
  { method: 'POST', path: '/api/v1/policy/diff', access: 'key', summary: 'Diff two versions ({version_a, version_b, actions?})', handler: diff },
  { method: 'POST', path: '/api/v1/policy/rollback', access: 'admin', summary: 'Make a previous version the active policy ({version_id})', handler: rollback },
  { method: 'POST', path: '/api/v1/policy/tag', access: 'admin', summary: 'Tag a version ({version_id, tag})', handler: tag },
];

/** Loads a policy from a request body, or answers 400 with every diagnostic. */
export function policyFromBody(body: Record<string, unknown>): Policy {
  let parsed: ParseResult;
  if ('yaml' in body) {
    const yaml = body['yaml'];
    if (typeof yaml !== 'string') throw new ApiError(400, 'invalid_field', 'yaml must be a string holding the policy text', { field: 'yaml' });
    parsed = Policy.parse(yaml);
  } else if ('rules' in body || 'defaults' in body) {
    parsed = Policy.parseObject(body);
  } else {
    throw new ApiError(400, 'policy_required', "Provide 'yaml' string or policy dict with 'rules'");
  }
  const errors = parsed.diagnostics.filter((d) => d.severity === 'error');
  if (!parsed.policy || errors.length) throw invalidPolicyError(parsed.diagnostics, 'invalid policy, nothing changed');
  return parsed.policy;
}

async function replace({ request, state }: RequestContext): Promise<Response> {
  const policy = policyFromBody(await readObject(request, 'PUT /api/v1/policy'));
  state.setPolicy(policy, 'PUT /api/v1/policy');
  const warnings = policy.diagnostics.filter((d) => d.severity === 'warning');
  return json({ status: 'updated', rule_count: policy.rules.length, ...(warnings.length ? { warnings: diagnosticsToWire(warnings) } : {}) });
}

async function list({ url, state }: RequestContext): Promise<Response> {
  await state.versionsReady;
  const raw = url.searchParams.get('limit') ?? '50';
  if (!/^\d+$/.test(raw)) throw new ApiError(400, 'invalid_limit', `limit must be a non-negative integer, got "${raw}"`);
  return json({ versions: state.versions.list(Number(raw)), total: state.versions.total, head: state.versions.head?.version_id ?? null });
}

async function find(state: ServerState, ref: string): Promise<PolicyVersion> {
  await state.versionsReady;
  const version = state.versions.get(ref);
  if (!version) throw new ApiError(404, 'version_not_found', `Version not found: no version, tag or id prefix "${ref}"`);
  return version;
}

async function getVersion({ state }: RequestContext, params: Record<string, string>): Promise<Response> {
  return json(await find(state, params['version_id']!));
}

async function commit({ request, state }: RequestContext): Promise<Response> {
  await state.versionsReady;
  const body = (await readOptionalObject(request)) ?? {};
  const author = stringField(body, 'author', { max: 200 }) ?? 'api';
  const message = stringField(body, 'message', { max: 2000 }) ?? 'API commit';
  return json(await state.versions.commit(state.runtime.policy, author, message), 201);
}

function versionPolicy(version: PolicyVersion): Policy {
  const { policy } = Policy.parseObject(version.policy);
  if (!policy) throw new ApiError(500, 'version_unreadable', `version ${version.version_id} no longer loads`);
  return policy;
}

async function diff({ request, state }: RequestContext): Promise<Response> {
  const body = await readObject(request, 'POST /api/v1/policy/diff');
  const a = stringField(body, 'version_a');
  const b = stringField(body, 'version_b');
  if (!a || !b) throw new ApiError(400, 'missing_field', 'version_a and version_b required');
  const [va, vb] = [await find(state, a), await find(state, b)];
  let actions: ActionInput[] | undefined;
  if (body['actions'] !== undefined) actions = parseActions({ actions: body['actions'] }).actions;
  const before = versionPolicy(va);
  const after = versionPolicy(vb);
  const result = state.tools.diff ? state.tools.diff(before, after, actions) : diffRules(before, after);
  return json({ version_a: va.version_id, version_b: vb.version_id, ...(isObject(result) ? impactToWire(result) : { result }) });
}

async function rollback({ request, state }: RequestContext): Promise<Response> {
  const body = await readObject(request, 'POST /api/v1/policy/rollback');
  const id = stringField(body, 'version_id');
  if (!id) throw new ApiError(400, 'missing_field', 'version_id required', { field: 'version_id' });
  const version = await find(state, id);
  state.setPolicy(versionPolicy(version), `rollback to ${version.version_id}`);
  state.versions.markHead(version);
  return json({ status: 'rolled_back', version });
}

async function tag({ request, state }: RequestContext): Promise<Response> {
  const body = await readObject(request, 'POST /api/v1/policy/tag');
  const id = stringField(body, 'version_id');
  const name = stringField(body, 'tag', { max: 100 });
  if (!id || !name) throw new ApiError(400, 'missing_field', 'version_id and tag required');
  if (!/^[A-Za-z0-9._-]+$/.test(name)) throw new ApiError(400, 'invalid_field', `tag may only hold letters, digits, ".", "_" and "-", got "${name}"`, { field: 'tag' });
  const version = await find(state, id);
  state.versions.tag(version, name);
  return json({ status: 'tagged', version_id: version.version_id, tag: name });
}

async function readOptionalObject(request: Request): Promise<Record<string, unknown> | undefined> {
  const body = await readJson(request);
  if (body === undefined) return undefined;
  if (!isObject(body)) throw new ApiError(400, 'invalid_body', 'the request body must be a JSON object');
  return body;
}

/** Impact entries carry engine-shaped actions and decisions; answer in the wire shapes. */
function impactToWire(diff: Record<string, unknown>): Record<string, unknown> {
  if (!Array.isArray(diff['impact'])) return diff;
  return {
    ...diff,
    impact: diff['impact'].map((e: { action: ActionInput; before: Decision; after: Decision } & Record<string, unknown>) => ({
      ...e, action: toWireAction(e.action), before: toWireDecision(e.action, e.before), after: toWireDecision(e.action, e.after),
    })),
  };
}
