/**
 * The desktop app itself, driven by playwright-core's `_electron`: the built main process (dist/src-main, compiled
 * here so it is never stale) over a fresh data folder, its window isolated from Node, and an import through the
 * "Choose files…" button with Electron's open dialog replaced in the main process by one that answers with a
 * real fixture. Skipped, with the reason printed, where the Electron binary was never downloaded or, on Linux,
 * where there is no display (run under xvfb-run).
 *
 * The browser host's half of the same feature runs everywhere Chromium does: no dialog buttons there.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { _electron, type Browser, type ElectronApplication, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EcgBridge } from '../../src-main/api/contract/bridge.js';
import { REPO_ROOT, fixture, hasShared } from '../helpers/shared.js';
import { hasChromium, launchChromium, screenshotPath } from './browser.js';
import { startHostBed, type HostBed } from './host-fixture.js';

const ELECTRON_PACKAGE = join(REPO_ROOT, 'node_modules', 'electron');

/**
 * Whether node_modules/electron has its binary. Not `import 'electron'`: outside Electron that module downloads
 * the binary when it is missing, which here must be a skip instead.
 */
function hasElectron(): boolean {
  const pathFile = join(ELECTRON_PACKAGE, 'path.txt');
  if (!existsSync(pathFile)) {
    console.warn(`[skip] ${pathFile} is absent: Electron's binary was never downloaded (run \`node node_modules/electron/install.js\`), so the desktop-app e2e tests are skipped`);
    return false;
  }
  const binary = join(ELECTRON_PACKAGE, 'dist', readFileSync(pathFile, 'utf8').trim());
  if (!existsSync(binary)) {
    console.warn(`[skip] ${binary} is absent: Electron's download is incomplete, so the desktop-app e2e tests are skipped`);
    return false;
  }
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    console.warn('[skip] no DISPLAY or WAYLAND_DISPLAY: Electron needs a display on Linux; run the e2e tests under xvfb-run');
    return false;
  }
  return true;
}

const CHOSEN = fixture('scp', 'Example.scp');
/** window.ecg as the page sees it; spelled out inside each page function, which runs in the page (no closures) */
type PageGlobals = { ecg: EcgBridge };

describe.skipIf(!hasElectron() || !hasShared('fixtures', 'scp'))('the desktop app (Electron)', () => {
  let dataDir: string;
  let app: ElectronApplication;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    execFileSync(process.execPath, [join(REPO_ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(REPO_ROOT, 'tsconfig.json')], { stdio: 'inherit' });
    dataDir = mkdtempSync(join(tmpdir(), 'ecg-tlc-electron-e2e-'));
    // the archive follows the data folder only when nothing names another one (data-paths.ts)
    const env = Object.fromEntries(Object.entries(process.env).filter((e): e is [string, string] => e[1] !== undefined && e[0] !== 'ECG_TLC_DB'));
    // No executablePath: playwright then finds the same binary through node_modules/electron and preloads its
    // loader, which holds 'ready' back until it is attached.
    app = await _electron.launch({ args: [REPO_ROOT], cwd: REPO_ROOT, env: { ...env, ECG_TLC_DATA_DIR: dataDir } });
    page = await app.firstWindow();
    page.on('pageerror', (e) => pageErrors.push(e.message));
  });
  afterAll(async () => {
    await app?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  const count = () => page.getByLabel('Studies found');

  it('opens the worklist over an empty archive in the given data folder', async () => {
    await expect.poll(() => count().textContent()).toBe('0 studies');
    const info = await page.evaluate(() => (globalThis as unknown as PageGlobals).ecg.invoke('getAppInfo', {}));
    expect(info).toMatchObject({ dataDir, dbPath: join(dataDir, 'archive.db'), nativeDialogs: true, versions: { electron: expect.any(String) } });
  });

  it('keeps the page away from Node: no require or process, only window.ecg', async () => {
    expect(await page.evaluate(() => typeof require)).toBe('undefined');
    expect(await page.evaluate(() => typeof process)).toBe('undefined');
    expect(await page.evaluate(() => Object.keys((globalThis as unknown as PageGlobals).ecg).sort())).toEqual(['invoke', 'on']);
  });

  it('imports what the native dialog returns from "Choose files…" and lists it', async () => {
    await app.evaluate(({ dialog }, paths) => {
      dialog.showOpenDialog = (async () => ({ canceled: false, filePaths: paths })) as typeof dialog.showOpenDialog;
    }, [CHOSEN]);
    await page.getByRole('link', { name: 'Import' }).click();
    await page.getByRole('button', { name: 'Choose files…' }).click();
    await expect.poll(() => page.getByTestId('import-summary').textContent()).toContain('1 imported, 0 already in the archive, 0 failed, of 1 files');
    expect(await page.getByLabel('Files or folders to import, one per line').inputValue()).toBe(CHOSEN);
    await page.screenshot({ path: screenshotPath('e2e-electron-import.png') });

    await page.getByRole('link', { name: 'Worklist' }).click();
    await expect.poll(() => count().textContent()).toBe('1 study');
    await page.locator(`[role=gridcell][title=${JSON.stringify(CHOSEN)}]`).waitFor({ state: 'visible' });
    expect(pageErrors).toEqual([]);
  });
});

describe.skipIf(!hasChromium() || !hasShared('fixtures', 'scp'))('the browser host', () => {
  let bed: HostBed;
  let browser: Browser;

  beforeAll(async () => {
    bed = await startHostBed([CHOSEN]);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await bed?.close();
  });

  it('offers no dialog buttons on the Import screen, only the path field', async () => {
    const page = await browser.newPage();
    await page.goto(`${bed.host.url}#/import`);
    await page.getByLabel('Files or folders to import, one per line').waitFor({ state: 'visible' });
    // the wording for the path field alone ("Choose them with the buttons below, or type…" where they exist)
    await expect.poll(() => page.getByText(/Type one path per line/).count()).toBe(1);
    expect(await page.getByRole('button', { name: /^Choose (files|folder)…$/ }).count()).toBe(0);
  });
});
