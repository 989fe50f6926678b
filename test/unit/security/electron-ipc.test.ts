/**
 * The Electron main process's trust boundary, with `electron` replaced by a recorder (no Electron binary here):
 * ecg:invoke from our own window still gets the renderer path policy and the request size limit (checklist
 * item 17 and the path policy in docs/SECURITY.md), no page can open a window or reach shell.openExternal
 * (items 14, 15), and navigation and permission checks are refused (items 5, 13). test/unit/electron/main.test.ts
 * covers the rest of the wiring (scheme, window options, CSP, frame checks).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { MAX_REQUEST_BYTES } from '../../../src-main/api/transport/route.js';
import { REPO_ROOT } from '../../helpers/shared.js';

type Fn = (...args: any[]) => any;
const seen = vi.hoisted(() => ({
  ipc: new Map<string, Fn>(),
  app: new Map<string, Fn>(),
  permissionCheck: undefined as Fn | undefined,
  windows: 0,
  openExternal: [] as unknown[],
}));

vi.mock('electron', () => ({
  app: {
    enableSandbox() {},
    requestSingleInstanceLock: () => true,
    whenReady: () => Promise.resolve(),
    getAppPath: () => REPO_ROOT,
    isPackaged: true,
    on: (name: string, h: Fn) => seen.app.set(name, h),
    quit() {},
  },
  protocol: { registerSchemesAsPrivileged() {}, handle() {} },
  ipcMain: { handle: (channel: string, h: Fn) => seen.ipc.set(channel, h) },
  session: {
    defaultSession: {
      setPermissionRequestHandler() {},
      setPermissionCheckHandler: (h: Fn) => (seen.permissionCheck = h),
    },
  },
  shell: { openExternal: async (url: unknown) => void seen.openExternal.push(url) },
  dialog: { showErrorBox() {} },
  BrowserWindow: class {
    static getAllWindows = () => [];
    webContents = { send() {} };
    constructor() {
      seen.windows++;
    }
    once() {}
    loadURL = async () => {};
  },
}));

let dataDir: string;
beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'ecg-tlc-ipc-'));
  process.env.ECG_TLC_DATA_DIR = dataDir;
  await import('../../../src-main/electron/main.js');
  await vi.waitFor(() => expect(seen.windows).toBe(1));
});
afterAll(() => {
  seen.app.get('will-quit')?.();
  delete process.env.ECG_TLC_DATA_DIR;
  rmSync(dataDir, { recursive: true, force: true });
});

const ownWindow = { senderFrame: { url: 'app://renderer/index.html', parent: null } };
const invoke = (method: unknown, args: unknown) => seen.ipc.get('ecg:invoke')!(ownWindow, method, args);

/** The handlers main.ts installs on every new web contents. */
function contentsHandlers() {
  const on = new Map<string, Fn>();
  let open: Fn | undefined;
  seen.app.get('web-contents-created')!({}, { on: (n: string, h: Fn) => on.set(n, h), setWindowOpenHandler: (h: Fn) => (open = h) });
  return { on, open: open! };
}

describe('ecg:invoke from the app window', () => {
  it.each([
    ['inspectFile', { path: '../../etc/passwd' }],
    ['inspectFile', { path: 'package.json' }],
    ['inspectFile', { path: `${REPO_ROOT}/../main/package.json` }],
    ['importPaths', { paths: ['/data/ecg', '/data/ecg/../../home'] }],
    ['setSettings', { dbPath: '/home/../root/archive.db' }],
  ])('refuses %s %j under the path policy', async (method, args) => {
    await expect(invoke(method, args)).resolves.toMatchObject({ error: { code: 'invalid-arguments', message: expect.stringMatching(/must be absolute|must not contain/) } });
  });

  it('passes absolute paths on to the reader', async () => {
    await expect(invoke('inspectFile', { path: join(REPO_ROOT, 'package.json') })).resolves.toMatchObject({ error: { code: 'format' } });
  });

  it('refuses arguments over the request size limit, and values that are not JSON', async () => {
    const reply = await invoke('inspectFile', { path: `/${'x'.repeat(MAX_REQUEST_BYTES)}` });
    expect(reply).toMatchObject({ error: { code: 'too-large', message: expect.stringContaining(`at most ${MAX_REQUEST_BYTES}`) } });
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    await expect(invoke('listStudies', cyclic)).resolves.toMatchObject({ error: { code: 'invalid-request' } });
    await expect(invoke('listStudies', { limit: 10n })).resolves.toMatchObject({ error: { code: 'invalid-request' } });
  });
});

describe('windows, navigation and permissions', () => {
  it.each(['https://physionet.org/', 'file:///etc/passwd', 'smb://evil.example/share', 'ms-msdt:/id PCWDiagnostic', 'app://renderer/index.html'])(
    'denies a new window for %s and hands nothing to shell.openExternal',
    (url) => {
      expect(contentsHandlers().open({ url, disposition: 'background-tab' })).toEqual({ action: 'deny' });
      expect(seen.openExternal).toEqual([]);
    },
  );

  it.each(['https://evil.example/', 'app://renderer/other.html', 'file:///tmp/x.html'])('refuses navigation to %s', (url) => {
    const event = { preventDefault: vi.fn() };
    contentsHandlers().on.get('will-navigate')!(event, url);
    expect(event.preventDefault).toHaveBeenCalledOnce();
  });

  it('answers every permission check with no', () => {
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'hid', 'serial', 'usb']) {
      expect(seen.permissionCheck!(null, permission, 'app://renderer', {})).toBe(false);
    }
  });
});
