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
    include: ['yaml', 'sql.js', 'idb'],
  },
  server: { fs: { allow: ['..'] } },
});
