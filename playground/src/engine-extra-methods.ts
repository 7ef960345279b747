/** Names of the methods the playground's worker adds to the engine's standard ones (shared by both sides). */
export const AUTOPOLICY_METHOD = 'autopolicy.generate';
