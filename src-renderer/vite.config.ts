/**
 * Builds the renderer into dist/renderer with relative asset paths (base './'), so the same files load from the
 * browser host (http://127.0.0.1:PORT/) and from Electron's app://renderer/. The page's CSP allows scripts from
 * our own files only, so nothing may be inlined: no modulepreload polyfill, no inline style elements.
 */
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = dirname(fileURLToPath(import.meta.url));

export default defineConfig({
  root: here,
  base: './',
  plugins: [svelte({ compilerOptions: { runes: true } })],
  build: {
    outDir: resolve(here, '..', 'dist', 'renderer'),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 1024,
    rollupOptions: {
      // zod's sources carry comments Rollup cannot place; they are theirs and harmless.
      onwarn(warning, warn) {
        if (warning.code === 'INVALID_ANNOTATION' && warning.id?.includes('node_modules')) return;
        warn(warning);
      },
    },
  },
  server: { host: '127.0.0.1', fs: { allow: [resolve(here, '..')] } },
});
