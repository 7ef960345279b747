// `type:target` arguments (as the reference's `simulate`): without a colon the target is `*`.
import type { ActionInput } from '../engine/types.ts';
import { UsageError } from './errors.ts';

export function parseActionSpec(spec: string): ActionInput {
  const colon = spec.indexOf(':');
  const type = colon < 0 ? spec : spec.slice(0, colon);
  const target = colon < 0 ? '*' : spec.slice(colon + 1);
  if (!type) throw new UsageError(`"${spec}" is not an action: write type:target, e.g. delete:users`);
  return { type, target };
}
