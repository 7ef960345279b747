/**
 * The playground's engine worker: the engine's own host (`startHost`, every standard method) plus
 * one method the standard worker does not offer yet, `autopolicy.generate`, added through the
 * host's documented `handlers` option. When `engine/worker` gains that method this file can go and
 * `engine.ts` can spawn `engine/worker/entry.ts` directly.
 */
import { autopolicy } from '../../engine/index.ts';
import { startHost, type HandlerTable, type MessageEndpoint } from '../../engine/worker/index.ts';
import { AUTOPOLICY_METHOD } from './engine-extra-methods.ts';

const extraHandlers = {
  [AUTOPOLICY_METHOD]: (params: { text: string }) => autopolicy(params.text),
};

// The handler table is typed by the standard method map, which does not list our addition yet.
startHost(globalThis as unknown as MessageEndpoint, { handlers: extraHandlers as unknown as Partial<HandlerTable> });
