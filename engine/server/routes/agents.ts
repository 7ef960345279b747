/** Agent registry routes: register (idempotent), list, get, delete, heartbeat. */
import { ApiError, describe, isObject, json, readObject, stringField } from '../http.ts';
import type { RouteSpec } from '../router.ts';
import type { RequestContext } from '../state.ts';

const notFound = (id: string) => new ApiError(404, 'agent_not_found', `Agent not found: "${id}" is not registered`);

export const agentRoutes: RouteSpec<RequestContext>[] = [
  { method: 'POST', path: '/api/v1/agents', access: 'key', summary: 'Register (or re-register) an agent', handler: register },
  {
    method: 'GET', path: '/api/v1/agents', access: 'key', summary: 'List agents (alive=1 for live ones only)',
    handler: ({ url, state }) => {
      const aliveOnly = ['1', 'true'].includes((url.searchParams.get('alive') ?? '').toLowerCase());
      const { agents } = state;
      return json({ agents: agents.list(aliveOnly).map((a) => agents.toWire(a)), total: agents.count, alive: agents.aliveCount });
    },
  },
  {
    method: 'GET', path: '/api/v1/agents/{agent_id}', access: 'key', summary: 'One agent\'s record and status',
    handler: ({ state }, { agent_id }) => {
      const record = state.agents.get(agent_id!);
      if (!record) throw notFound(agent_id!);
      return json(state.agents.toWire(record));
    },
  },
  {
    method: 'DELETE', path: '/api/v1/agents/{agent_id}', access: 'key', summary: 'Unregister an agent',
    handler: ({ state }, { agent_id }) => {
      if (!state.agents.remove(agent_id!)) throw notFound(agent_id!);
      return json({ status: 'removed', agent_id });
    },
  },
  {
    // Clients send this with no body and no content type: nothing is read.
    method: 'POST', path: '/api/v1/agents/{agent_id}/heartbeat', access: 'key', summary: 'Heartbeat (no body needed)',
    handler: ({ state }, { agent_id }) => {
      if (!state.agents.heartbeat(agent_id!)) throw notFound(agent_id!);
      return json({ status: 'ok', agent_id });
    },
  },
];

async function register({ request, state }: RequestContext): Promise<Response> {
  const body = await readObject(request, 'POST /api/v1/agents');
  const agentId = stringField(body, 'agent_id', { required: true, max: 256 });
  if (!agentId) throw new ApiError(400, 'missing_field', 'agent_id is required', { field: 'agent_id' });
  const metadata = body['metadata'];
  if (metadata !== undefined && metadata !== null && !isObject(metadata)) {
    throw new ApiError(400, 'invalid_field', `metadata must be an object, got ${describe(metadata)}`, { field: 'metadata' });
  }
  const record = state.agents.register({
    agentId,
    name: stringField(body, 'name', { max: 256 }) || agentId,
    framework: stringField(body, 'framework', { max: 256 }) ?? '',
    version: stringField(body, 'version', { max: 256 }) ?? '',
    metadata: (metadata as Record<string, unknown> | undefined) ?? {},
  });
  return json(state.agents.toWire(record), 201);
}
