import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Svelte 5 runes in the renderer's state classes (*.svelte.ts) are compiled for their tests as for the app.
  plugins: [svelte({ configFile: false })],
  test: {
    include: ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts'],
    // no test reads the developer's own settings or archive
    setupFiles: ['test/helpers/isolated-data-dir.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // Two cores on CI: forks keep native modules (better-sqlite3, onnxruntime) out of worker threads.
    pool: 'forks',
  },
});
