/**
 * The playground's engine worker: the engine's own host (`startHost`, every standard method) with
 * two additions made through the host's documented `handlers` option, until the standard worker
 * offers them: `autopolicy.generate`, and a `policy.probe` that posts its progress as it goes.
 * When `engine/worker` has both, this file can go and `engine.ts` can spawn its `entry.ts`.
 */
import { autopolicy, probe } from '../../engine/index.ts';
import { EngineError, startHost, type HandlerTable, type MessageEndpoint } from '../../engine/worker/index.ts';
import { AUTOPOLICY_METHOD, PROBE_PROGRESS, type ProbeProgressMessage } from './engine-extra-methods.ts';

const scope = globalThis as unknown as MessageEndpoint;

const probeWithProgress: Partial<HandlerTable> = {
  'policy.probe'({ options }, ctx) {
    const policy = ctx.state.policy;
    if (!policy) throw new EngineError('ENGINE_NO_POLICY', 'no policy is loaded: call loadPolicy first'); // as the standard handler
    return probe(policy, {
      ...options,
      onProgress: (e) => scope.postMessage({ kind: PROBE_PROGRESS, done: e.done, total: e.total } satisfies ProbeProgressMessage),
    });
  },
};

const extraHandlers = {
  [AUTOPOLICY_METHOD]: (params: { text: string }) => autopolicy(params.text),
};

// The handler table is typed by the standard method map, which does not list autopolicy yet.
startHost(scope, { handlers: { ...probeWithProgress, ...(extraHandlers as unknown as Partial<HandlerTable>) } });
