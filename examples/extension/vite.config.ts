// Builds the unpacked extension into examples/extension/dist (load it from chrome://extensions).
//   node_modules/.bin/vite build --config examples/extension/vite.config.ts
import { defineConfig } from 'vite';

export default defineConfig({
  root: import.meta.dirname,
  base: '/',
  publicDir: 'public', // manifest.json
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    modulePreload: false,
    rollupOptions: {
      input: { agent: 'agent.html', options: 'options.html', offscreen: 'offscreen.html', background: 'src/background.ts' },
      // The service worker must keep the name the manifest gives it.
      output: { entryFileNames: '[name].js', chunkFileNames: 'chunks/[name]-[hash].js', assetFileNames: 'assets/[name]-[hash][extname]' },
    },
  },
  worker: { format: 'es' },
});
