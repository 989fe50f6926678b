/**
 * The Electron main process with the `electron` module replaced by a recorder (no Electron binary here):
 * the scheme is privileged before ready, the window is sandboxed and isolated, app:// serves only the
 * renderer's files with a CSP, navigation and new windows are refused, and ecg:invoke answers only our own
 * top-level frame, through the same validating dispatch.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { REPO_ROOT, fixture, hasShared } from '../../helpers/shared.js';

type Handler = (...args: any[]) => any;
const rec = vi.hoisted(() => {
  let ready!: () => void;
  const whenReady = new Promise<void>((r) => (ready = r));
  return {
    ready: () => ready(),
    whenReady,
    order: [] as string[],
    schemes: [] as unknown[],
    protocolHandlers: new Map<string, Handler>(),
    ipcHandlers: new Map<string, Handler>(),
    appEvents: new Map<string, Handler>(),
    windows: [] as Array<{ options: any; url?: string; sent: unknown[][] }>,
    permissionRequest: undefined as Handler | undefined,
    /** showOpenDialog's calls (parent window, options) and its next answer */
    dialogs: [] as Array<{ parent: unknown; options: any }>,
    dialogAnswer: { canceled: true, filePaths: [] as string[] },
  };
});

vi.mock('electron', () => {
  class BrowserWindow {
    static all: BrowserWindow[] = [];
    static getAllWindows = () => BrowserWindow.all;
    static getFocusedWindow = () => null;
    readonly sent: unknown[][] = [];
    readonly webContents = { send: (...a: unknown[]) => this.sent.push(a) };
    constructor(readonly options: unknown) {
      BrowserWindow.all.push(this);
      rec.windows.push(this as never);
    }
    once() {}
    loadURL(url: string) {
      (this as { url?: string }).url = url;
      return Promise.resolve();
    }
  }
  return {
    app: {
      enableSandbox: () => rec.order.push('enableSandbox'),
      requestSingleInstanceLock: () => true,
      whenReady: () => rec.whenReady.then(() => void rec.order.push('ready')),
      getAppPath: () => REPO_ROOT,
      isPackaged: false,
      on: (name: string, h: Handler) => rec.appEvents.set(name, h),
      quit: () => rec.order.push('quit'),
    },
    protocol: {
      registerSchemesAsPrivileged: (s: unknown[]) => {
        rec.order.push('registerSchemes');
        rec.schemes.push(...s);
      },
      handle: (scheme: string, h: Handler) => rec.protocolHandlers.set(scheme, h),
    },
    ipcMain: { handle: (channel: string, h: Handler) => rec.ipcHandlers.set(channel, h) },
    session: {
      defaultSession: {
        setPermissionRequestHandler: (h: Handler) => (rec.permissionRequest = h),
        setPermissionCheckHandler: () => {},
      },
    },
    shell: { openExternal: vi.fn(async () => {}) },
    dialog: {
      showErrorBox: (...a: unknown[]) => rec.order.push(`error: ${a.join(' ')}`),
      showOpenDialog: async (parent: unknown, options: unknown) => {
        rec.dialogs.push({ parent, options });
        return rec.dialogAnswer;
      },
    },
    BrowserWindow,
  };
});

let dataDir: string;
beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'ecg-tlc-electron-'));
  process.env.ECG_TLC_DATA_DIR = dataDir;
  await import('../../../src-main/electron/main.js');
  rec.ready();
  await vi.waitFor(() => expect(rec.windows.length).toBe(1));
});
afterAll(() => {
  rec.appEvents.get('will-quit')?.();
  delete process.env.ECG_TLC_DATA_DIR;
  rmSync(dataDir, { recursive: true, force: true });
});

const ownFrame = { url: 'app://renderer/index.html', parent: null };
const invoke = (frame: unknown, method: unknown, args: unknown) => rec.ipcHandlers.get('ecg:invoke')!({ senderFrame: frame }, method, args);
const fetchApp = async (url: string) => {
  const res = (await rec.protocolHandlers.get('app')!({ url })) as Response;
  return { status: res.status, csp: res.headers.get('content-security-policy'), body: await res.text() };
};

describe('electron main', () => {
  it('registers app:// as a privileged scheme and enables the sandbox before ready', () => {
    expect(rec.order.slice(0, 3)).toEqual(['registerSchemes', 'enableSandbox', 'ready']);
    expect(rec.schemes).toEqual([{ scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true }) }]);
  });

  it('opens one sandboxed, isolated window on app://renderer with the CommonJS preload', () => {
    const { options, url } = rec.windows[0]!;
    expect(options.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true });
    expect(options.webPreferences.preload).toMatch(/[\\/]electron[\\/]preload\.cjs$/);
    expect(url).toBe('app://renderer/index.html');
  });

  it('serves the renderer files over app:// with a CSP, and nothing outside them', async () => {
    const page = await fetchApp('app://renderer/index.html');
    expect(page.status).toBe(200);
    expect(page.body).toContain('<title>ECG TLC Workstation</title>');
    expect(page.csp).toContain("script-src 'self'");
    expect(page.csp).toContain("default-src 'none'");
    // The URL parser folds %2e%2e segments away (inside the root: not found); an encoded slash is refused.
    const folded = await fetchApp('app://renderer/%2e%2e/%2e%2e/package.json');
    expect(folded.status).toBe(404);
    expect(folded.body).not.toContain('ecg-tlc-workstation');
    expect((await fetchApp('app://renderer/..%2f..%2fpackage.json')).status).toBe(400);
    expect((await fetchApp('app://elsewhere/index.html')).status).toBe(404);
  });

  it('refuses navigation, new windows, webviews and permission requests', () => {
    const handlers = new Map<string, Handler>();
    let openHandler: Handler | undefined;
    rec.appEvents.get('web-contents-created')!({}, { on: (n: string, h: Handler) => handlers.set(n, h), setWindowOpenHandler: (h: Handler) => (openHandler = h) });
    const nav = { preventDefault: vi.fn() };
    handlers.get('will-navigate')!(nav, 'https://evil.example/');
    expect(nav.preventDefault).toHaveBeenCalled();
    const view = { preventDefault: vi.fn() };
    handlers.get('will-attach-webview')!(view);
    expect(view.preventDefault).toHaveBeenCalled();
    expect(openHandler!({ url: 'https://physionet.org/' })).toEqual({ action: 'deny' });
    expect(openHandler!({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
    const granted = vi.fn();
    rec.permissionRequest!({}, 'media', granted);
    expect(granted).toHaveBeenCalledWith(false);
  });

  it('answers ecg:invoke from its own top-level frame through the validating dispatch', async () => {
    await expect(invoke(ownFrame, 'getAppInfo', {})).resolves.toMatchObject({ result: { dataDir, dbPath: join(dataDir, 'archive.db') } });
    await expect(invoke(ownFrame, 'listStudies', { limit: 'all' })).resolves.toMatchObject({ error: { code: 'invalid-arguments' } });
    await expect(invoke(ownFrame, { toString: () => 'getAppInfo' }, {})).resolves.toMatchObject({ error: { code: 'invalid-request' } });
  });

  it('offers native dialogs: pickPaths opens the open dialog on the app window and returns its paths', async () => {
    await expect(invoke(ownFrame, 'getAppInfo', {})).resolves.toMatchObject({ result: { nativeDialogs: true } });
    rec.dialogAnswer = { canceled: false, filePaths: ['/data/ecg/a.hea', '/data/ecg/b.xml'] };
    await expect(invoke(ownFrame, 'pickPaths', { kind: 'files' })).resolves.toEqual({ result: { paths: ['/data/ecg/a.hea', '/data/ecg/b.xml'] } });
    rec.dialogAnswer = { canceled: true, filePaths: [] };
    await expect(invoke(ownFrame, 'pickPaths', { kind: 'folder', title: 'LUDB' })).resolves.toEqual({ result: { paths: [] } });
    expect(rec.dialogs.map((d) => d.parent)).toEqual([rec.windows[0], rec.windows[0]]);
    expect(rec.dialogs.map((d) => [d.options.title, d.options.properties])).toEqual([
      ['Choose ECG files to import', ['openFile', 'multiSelections']],
      ['LUDB', ['openDirectory', 'multiSelections']],
    ]);
  });

  it.skipIf(!hasShared('fixtures', 'scp'))('forwards API events to the window on ecg:event', async () => {
    await expect(invoke(ownFrame, 'importPaths', { paths: [fixture('scp', 'Example.scp')], jobId: 'desk' })).resolves.toMatchObject({
      result: { imported: 1 },
    });
    const sent = rec.windows[0]!.sent;
    expect(sent.length).toBe(2);
    expect(sent.at(-1)).toEqual(['ecg:event', { event: 'import:progress', data: expect.objectContaining({ jobId: 'desk', done: 1, total: 1 }) }]);
  });

  it.each([
    ['another site', { url: 'https://evil.example/', parent: null }],
    ['an iframe of our page', { url: 'app://renderer/index.html', parent: { url: 'app://renderer/index.html' } }],
    ['a file: page', { url: 'file:///tmp/x.html', parent: null }],
    ['a destroyed frame', null],
  ])('refuses ecg:invoke from %s', async (_what, frame) => {
    await expect(invoke(frame, 'getAppInfo', {})).resolves.toEqual({ error: { code: 'forbidden', message: 'the API answers only the app window' } });
  });
});
