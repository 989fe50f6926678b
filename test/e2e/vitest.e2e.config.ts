/**
 * `npm run test:e2e`: the workstation in Debian's Chromium (playwright-core) against the real browser host.
 * The renderer is built once before the tests (global setup); tests run one file at a time, as one browser
 * and one host at a time are all this machine has room for.
 */
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/e2e/**/*.e2e.test.ts'],
    globalSetup: ['test/e2e/build-renderer.ts'],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
