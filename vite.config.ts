import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

export default defineConfig({
  root: 'playground',
  base: './',
  plugins: [react()],
  worker: { format: 'es' },
  build: {
    outDir: '../dist-playground',
    emptyOutDir: true,
    chunkSizeWarningLimit: 6000,
  },
  optimizeDeps: {
    // Deps first seen inside workers must be pre-bundled, or the dev server reloads the page mid-session.
    include: ['yaml', 'sql.js', 'idb', 'monaco-yaml', 'monaco-yaml/yaml.worker.js'],
  },
  server: { fs: { allow: ['..'] } },
});
