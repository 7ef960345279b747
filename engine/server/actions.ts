/**
 * Actions as they arrive over the wire: one object, a list, or `{"actions": [...]}`. The answer
 * keeps the shape of the request (an object for an object, a list for either list form).
 */
import type { Action } from '../runtime/action.ts';
import { ApiError, describe, isObject } from './http.ts';

export interface ParsedActions {
  actions: Action[];
  /** True when the request was a single action object (answer with a single object). */
  single: boolean;
}

export const MAX_BATCH = 1000;

export function parseActions(body: unknown): ParsedActions {
  if (body === undefined) throw new ApiError(400, 'body_required', 'the request body must be an action object, a list of actions or {"actions": [...]}');
  if (Array.isArray(body)) return { actions: parseList(body, ''), single: false };
  if (!isObject(body)) throw new ApiError(400, 'invalid_body', `the request body must be an action object, a list of actions or {"actions": [...]}, got ${describe(body)}`);
  if ('actions' in body && !('action_type' in body) && !('type' in body)) {
    if (!Array.isArray(body['actions'])) throw new ApiError(400, 'invalid_field', `actions must be a list, got ${describe(body['actions'])}`, { field: 'actions' });
    return { actions: parseList(body['actions'], 'actions'), single: false };
  }
  return { actions: [parseAction(body, '')], single: true };
}

function parseList(list: unknown[], prefix: string): Action[] {
  if (list.length > MAX_BATCH) throw new ApiError(413, 'batch_too_large', `at most ${MAX_BATCH} actions per request, got ${list.length}`);
  return list.map((item, i) => parseAction(item, `${prefix}[${i}]`));
}

export function parseAction(raw: unknown, at: string): Action {
  const where = (field: string) => (at ? `${at}.${field}` : field);
  if (!isObject(raw)) throw new ApiError(400, 'invalid_action', `${at || 'the action'} must be an object, got ${describe(raw)}`, { field: at });
  const type = raw['action_type'] ?? raw['type'];
  if (typeof type !== 'string' || type === '') {
    const got = type === undefined ? '' : type === '' ? ', got an empty string' : `, got ${describe(type)}`;
    throw new ApiError(400, 'invalid_action', `${where('action_type')} is required and must be a non-empty string${got}`, { field: where('action_type') });
  }
  const action: Action = { type, target: '' };
  const target = raw['target'];
  if (target !== undefined && target !== null) {
    if (typeof target !== 'string') throw new ApiError(400, 'invalid_action', `${where('target')} must be a string, got ${describe(target)}`, { field: where('target') });
    action.target = target;
  }
  const params = raw['params'];
  if (params !== undefined && params !== null) {
    if (!isObject(params)) throw new ApiError(400, 'invalid_action', `${where('params')} must be an object, got ${describe(params)}`, { field: where('params') });
    action.params = params;
  }
  for (const [wire, key] of [['agent_id', 'agentId'], ['description', 'description']] as const) {
    const value = raw[wire];
    if (value === undefined || value === null) continue;
    if (typeof value !== 'string') throw new ApiError(400, 'invalid_action', `${where(wire)} must be a string, got ${describe(value)}`, { field: where(wire) });
    if (value !== '') action[key] = value;
  }
  return action;
}
