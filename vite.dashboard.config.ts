// Builds the dashboard page (src/dashboard/page) into dist/dashboard/page, where `frugal dashboard`
// serves it from: one HTML file and hashed bundles with Vega inside, nothing fetched at run time.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

export default defineConfig({
  root: fileURLToPath(new URL('./src/dashboard/page/', import.meta.url)),
  // Relative URLs, so the page works wherever it is mounted (/, /dashboard/ behind the gateway).
  base: './',
  publicDir: false,
  logLevel: 'warn',
  clearScreen: false,
  build: {
    outDir: fileURLToPath(new URL('./dist/dashboard/page/', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    // Vega, Vega-Lite and vega-embed are most of the bundle; they are needed by every chart.
    chunkSizeWarningLimit: 2500,
    reportCompressedSize: false,
  },
});
