/**
 * Reading actions typed by people: the form's fields, and batches pasted as JSON lines or a JSON
 * array in either the TypeScript shape (`type`, `agentId`) or the wire shape (`action_type`, `agent_id`).
 */
import type { ActionInput } from '../engine.ts';

/** The action form's raw fields. */
export interface ActionFields {
  type: string;
  target: string;
  params: string;
  agent: string;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function actionFromFields(fields: ActionFields): Parsed<ActionInput> {
  if (!fields.type.trim()) return { ok: false, error: 'the action needs a type' };
  let params: unknown = {};
  if (fields.params.trim()) {
    try {
      params = JSON.parse(fields.params);
    } catch (err) {
      return { ok: false, error: `params are not valid JSON: ${(err as Error).message}` };
    }
  }
  if (!isRecord(params)) return { ok: false, error: 'params must be a JSON object, e.g. {"amount": 50}' };
  const action: ActionInput = { type: fields.type.trim(), target: fields.target.trim(), params };
  if (fields.agent.trim()) action.agentId = fields.agent.trim();
  return { ok: true, value: action };
}

export function fieldsFromAction(action: ActionInput): ActionFields {
  return {
    type: action.type,
    target: action.target ?? '',
    params: JSON.stringify(action.params ?? {}),
    agent: action.agentId ?? '',
  };
}

function actionFromObject(value: unknown, where: string): Parsed<ActionInput> {
  if (!isRecord(value)) return { ok: false, error: `${where}: expected an object` };
  const type = value['type'] ?? value['action_type'];
  if (typeof type !== 'string' || !type) return { ok: false, error: `${where}: missing "type"` };
  const params = value['params'] ?? {};
  if (!isRecord(params)) return { ok: false, error: `${where}: "params" must be an object` };
  const action: ActionInput = { type, target: String(value['target'] ?? ''), params };
  const agent = value['agentId'] ?? value['agent_id'] ?? value['agent'];
  if (typeof agent === 'string' && agent) action.agentId = agent;
  return { ok: true, value: action };
}

/** A pasted batch: a JSON array, or one JSON object per line (blank lines and `#` comments skipped). */
export function actionsFromBatch(text: string): Parsed<ActionInput[]> {
  const trimmed = text.trim();
  if (!trimmed) return { ok: true, value: [] };
  if (trimmed.startsWith('[')) {
    let data: unknown;
    try {
      data = JSON.parse(trimmed);
    } catch (err) {
      return { ok: false, error: `not valid JSON: ${(err as Error).message}` };
    }
    const out: ActionInput[] = [];
    for (const [i, item] of (data as unknown[]).entries()) {
      const parsed = actionFromObject(item, `item ${i + 1}`);
      if (!parsed.ok) return parsed;
      out.push(parsed.value);
    }
    return { ok: true, value: out };
  }
  const out: ActionInput[] = [];
  for (const [i, line] of text.split('\n').entries()) {
    if (!line.trim() || line.trim().startsWith('#')) continue;
    let data: unknown;
    try {
      data = JSON.parse(line);
    } catch (err) {
      return { ok: false, error: `line ${i + 1} is not valid JSON: ${(err as Error).message}` };
    }
    const parsed = actionFromObject(data, `line ${i + 1}`);
    if (!parsed.ok) return parsed;
    out.push(parsed.value);
  }
  return { ok: true, value: out };
}

/** A short human label for an action, e.g. `delete → crm`. */
export function describeAction(action: ActionInput): string {
  const target = action.target ? ` → ${action.target}` : '';
  const agent = action.agentId ? ` (agent ${action.agentId})` : '';
  return `${action.type}${target}${agent}`;
}
