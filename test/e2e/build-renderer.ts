/** Global setup of the e2e run: build the renderer into dist/renderer, as `npm run build:renderer` does. */
import { join } from 'node:path';
import { build } from 'vite';
import { REPO_ROOT } from '../helpers/shared.js';

export default async function setup(): Promise<void> {
  await build({ configFile: join(REPO_ROOT, 'src-renderer', 'vite.config.ts'), logLevel: 'warn' });
}
