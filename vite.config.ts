import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { offlinePlugin } from './playground/offline-plugin.ts';

export default defineConfig({
  root: 'playground',
  base: './',
  plugins: [react(), offlinePlugin()],
  worker: { format: 'es' },
  build: {
    outDir: '../dist-playground',
    emptyOutDir: true,
    chunkSizeWarningLimit: 6000,
    rollupOptions: {
      // The playground, and a test page for the engine worker's audit log (e2e/audit.spec.ts).
      input: {
        main: `${import.meta.dirname}/playground/index.html`,
        auditHarness: `${import.meta.dirname}/playground/harness/audit.html`,
      },
    },
  },
  optimizeDeps: {
    // Deps first seen inside workers must be pre-bundled, or the dev server reloads the page mid-session.
    include: ['yaml', 'sql.js', 'idb', 'monaco-yaml', 'monaco-yaml/yaml.worker.js'],
  },
  server: { fs: { allow: ['..'] } },
});
