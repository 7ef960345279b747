// Exit codes: 0 ok, 1 findings or failures, 2 usage (bad arguments, missing files).
export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_USAGE = 2;

/** A mistake in how the command was called: printed without a stack, exit 2. */
export class UsageError extends Error {}
