// `dist/engine/index.js` must bundle for the browser with no Node built-ins and no polyfills.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build, createLogger } from 'vite';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './vectors.ts';

describe('browser bundle of the built core', () => {
  it('builds with no Node built-ins, and reports its size', async () => {
    const entry = join(repoRoot, 'dist/engine/index.js');
    expect(existsSync(entry), 'run `npm run build` first').toBe(true);
    const warnings: string[] = [];
    const logger = createLogger('warn', { allowClearScreen: false });
    logger.warn = (msg) => void warnings.push(msg);
    const result = await build({
      configFile: false,
      logLevel: 'warn',
      customLogger: logger,
      build: {
        write: false,
        lib: { entry, formats: ['es'], fileName: 'aegis' },
        target: 'es2022',
        minify: true,
        rollupOptions: { external: [] },
      },
    });
    const outputs = (Array.isArray(result) ? result : [result]).flatMap((r) => ('output' in r ? r.output : []));
    const code = outputs.filter((o) => o.type === 'chunk').map((o) => (o as { code: string }).code).join('\n');
    expect(warnings.filter((w) => /externalized|node:|polyfill/i.test(w))).toEqual([]);
    expect(code).not.toMatch(/\bfrom\s*["']node:|require\(["'](fs|path|crypto|os)["']\)/);
    const gz = gzipSync(code).length;
    console.log(`[bundle] core: ${(code.length / 1024).toFixed(1)} KB minified, ${(gz / 1024).toFixed(1)} KB gzipped`);
    expect(code.length).toBeGreaterThan(1000);
  });
});
