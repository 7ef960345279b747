import { defineConfig } from 'vitest/config';

// Kept apart from vite.config.ts (whose root is the playground) so that unit tests
// are found across the repository and e2e specs are left to Playwright.
export default defineConfig({
  test: {
    include: ['engine/**/*.test.ts', 'cli/**/*.test.ts', 'test/**/*.test.ts', 'examples/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
