/**
 * The UI benchmark's test bed: the real browser host (src-main/host) over an archive, serving the renderer just
 * built from src-renderer (as `npm run build:renderer` does), and Debian's Chromium driven by playwright-core
 * (as the e2e tests start it) at 1600×1000 CSS px, device scale factor 1.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { build } from 'vite';
import type { AppInfo } from '../../src-main/api/contract/app.js';
import { createApi, type Api } from '../../src-main/api/create-api.js';
import { SettingsFile } from '../../src-main/api/services/settings-file.js';
import { startHost, type Host } from '../../src-main/host/server.js';
import type { Archive } from '../../src-main/store/archive.js';

const ROOT = dirname(dirname(dirname(fileURLToPath(import.meta.url))));
const RENDERER_DIR = join(ROOT, 'dist', 'renderer');
const CHROMIUM = process.env.ECG_TLC_CHROMIUM ?? '/usr/bin/chromium';

export async function buildRenderer(): Promise<number> {
  const t = performance.now();
  await build({ configFile: join(ROOT, 'src-renderer', 'vite.config.ts'), logLevel: 'warn' });
  return (performance.now() - t) / 1000;
}

export interface UiHost {
  api: Api;
  host: Host;
  close(): Promise<void>;
}

export async function startUiHost(archive: Archive, dir: string): Promise<UiHost> {
  const info: AppInfo = { name: 'ECG TLC Workstation', version: '0.0.0-bench', dataDir: dir, dbPath: archive.db.name, platform: process.platform, versions: { node: process.versions.node } };
  const api = createApi({ info, archive, settings: new SettingsFile(dir) });
  const host = await startHost({ api, root: RENDERER_DIR });
  return { api, host, close: () => host.close() };
}

/** The e2e tests' Chromium flags. Headless Chromium paces frames at 60 Hz, so frame cost is timed in the page. */
export async function launchBenchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

export async function openPage(browser: Browser, url: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1600, height: 1000 }, deviceScaleFactor: 1 });
  const page = await context.newPage();
  page.on('pageerror', (e) => console.error(`  page error: ${e.message}`));
  // tsx (esbuild keepNames) wraps named functions in the probes with __name(), which the page lacks.
  await page.addInitScript('globalThis.__name = (f) => f');
  await page.goto(url);
  return page;
}

export function percentile(xs: readonly number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
}
