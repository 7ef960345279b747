/**
 * Vite plugin: emits `sw.js` for a production build, the playground's service worker
 * (`service-worker.js`) preceded by the list of every emitted file, so the first visit caches the
 * whole app (Monaco, its workers, the engine worker and sql.js's wasm) and later visits work offline.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Plugin } from 'vite';

export function offlinePlugin(): Plugin {
  return {
    name: 'aegis-playground-offline',
    apply: 'build',
    enforce: 'post',
    generateBundle(_options, bundle) {
      const files = Object.keys(bundle).filter((name) => !name.endsWith('.map')).sort();
      const version = createHash('sha256').update(files.join('\n')).digest('hex').slice(0, 16);
      const body = readFileSync(new URL('./service-worker.js', import.meta.url), 'utf8');
      const header = `const VERSION = ${JSON.stringify(version)};\nconst PRECACHE = ${JSON.stringify(files.map((f) => `./${f}`))};\n`;
      this.emitFile({ type: 'asset', fileName: 'sw.js', source: header + body });
    },
  };
}
