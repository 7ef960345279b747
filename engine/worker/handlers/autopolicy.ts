/** `autopolicy.*`: natural language → policy text, without loading it. */
import { autopolicy } from '../../autopolicy/autopolicy.ts';
import { EngineError } from '../errors.ts';
import type { HandlerTable } from '../host-state.ts';

export const autopolicyHandlers: Pick<HandlerTable, 'autopolicy.generate'> = {
  'autopolicy.generate'({ text }) {
    if (typeof text !== 'string') throw new EngineError('WORKER_BAD_REQUEST', 'autopolicy expects the text to turn into a policy');
    return autopolicy(text);
  },
};
