import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/** The API server `npm run serve` starts; the dev server forwards API calls to it. */
const API_ORIGIN = 'http://localhost:3000';

/**
 * The web app: sources in `src/web`, built into `dist/web`, which the API server serves with an SPA fallback.
 * In development Vite serves the app and proxies the API, so cookies stay first-party on one origin.
 */
export default defineConfig({
  root: resolve(import.meta.dirname, 'src/web'),
  plugins: [react()],
  build: {
    outDir: resolve(import.meta.dirname, 'dist/web'),
    emptyOutDir: true,
    sourcemap: true,
  },
  server: {
    proxy: {
      '/api': { target: API_ORIGIN, changeOrigin: false },
      '/healthz': { target: API_ORIGIN, changeOrigin: false },
    },
  },
  preview: {
    proxy: {
      '/api': { target: API_ORIGIN, changeOrigin: false },
      '/healthz': { target: API_ORIGIN, changeOrigin: false },
    },
  },
});
