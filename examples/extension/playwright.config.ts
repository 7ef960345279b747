// Runs only the extension's end-to-end test, without the playground's web server:
//   node_modules/.bin/playwright test --config examples/extension/playwright.config.ts
// (`npm run test:e2e` runs it too, with the other e2e specs.)
import { defineConfig } from '@playwright/test';

export default defineConfig({
  testDir: '../../e2e',
  testMatch: 'extension.spec.ts',
  timeout: 60_000,
  workers: 1,
  reporter: [['list']],
  outputDir: '../../test-results/extension',
});
