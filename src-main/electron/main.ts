/**
 * Electron main process: the composition root of the desktop app. One window, sandboxed, loading the renderer
 * from the privileged app:// scheme; the API reaches it only through ipcMain.handle('ecg:invoke') and the
 * 'ecg:event' channel, both checked here.
 *
 * Security settings (Electron's checklist, item by item in docs/SECURITY.md): contextIsolation, sandbox, no
 * nodeIntegration, a CSP on every app:// response, navigation / new windows / webviews refused, nothing handed
 * to shell.openExternal, every permission request denied, IPC only from our own top-level frame, every payload
 * size-limited, path-checked (transport/user-path.ts) and validated by dispatch.
 */
import { app, BrowserWindow, dialog, ipcMain, protocol, session, type WebFrameMain } from 'electron';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { IPC_EVENT, IPC_INVOKE } from '../api/contract/bridge.js';
import type { PickPaths } from '../api/handlers/files.js';
import { launchApi, type Launched } from '../api/launch.js';
import { findAppRoot, rendererRoot } from '../api/services/app-root.js';
import { HARDENING_HEADERS, contentSecurityPolicy } from '../api/transport/csp.js';
import { ipcOutcome } from '../api/transport/route.js';
import { contentType, lookupStatic } from '../api/transport/static-path.js';
import { dialogPicker } from './open-dialog.js';
// Type-only, but it makes tsc compile preload.cts to preload.cjs next to this file (see preload.cts).
import type { EcgBridge } from './preload.cjs';

const SCHEME = 'app';
const HOST = 'renderer';
const START_URL = `${SCHEME}://${HOST}/index.html`;
const here = dirname(fileURLToPath(import.meta.url));

// Must happen before 'ready': a standard, secure scheme gets an origin, fetch and a normal URL parser.
protocol.registerSchemesAsPrivileged([{ scheme: SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
app.enableSandbox();

/** Only our own page, in its top-level frame, may call the API (not an iframe, not a page navigated elsewhere). */
function isOwnFrame(frame: WebFrameMain | null): boolean {
  if (!frame || frame.parent) return false;
  try {
    const url = new URL(frame.url);
    return url.protocol === `${SCHEME}:` && url.host === HOST;
  } catch {
    return false;
  }
}

function serveRenderer(root: string): void {
  const csp = contentSecurityPolicy("'self'");
  protocol.handle(SCHEME, async (request) => {
    const url = new URL(request.url);
    const found = url.host === HOST ? lookupStatic(root, url.pathname) : ({ kind: 'missing' } as const);
    if (found.kind !== 'file') return new Response(found.kind === 'refused' ? 'Bad Request' : 'Not Found', { status: found.kind === 'refused' ? 400 : 404 });
    return new Response(await readFile(found.path), {
      headers: { 'Content-Type': contentType(found.path), 'Content-Security-Policy': csp, ...HARDENING_HEADERS },
    });
  });
}

function lockDown(): void {
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
  app.on('web-contents-created', (_event, contents) => {
    // The renderer is a single page: any navigation away from it is refused.
    contents.on('will-navigate', (event) => event.preventDefault());
    contents.on('will-attach-webview', (event) => event.preventDefault());
    // No window opens, inside the app or out: the renderer has no external links, so nothing a page asks
    // for reaches shell.openExternal (which hands a URL to whatever the OS registered for its scheme).
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  });
}

function routeApi(launched: Launched): void {
  ipcMain.handle(IPC_INVOKE, async (event, method: unknown, args: unknown) => {
    if (!isOwnFrame(event.senderFrame)) return { error: { code: 'forbidden', message: 'the API answers only the app window' } };
    return ipcOutcome(launched.api.dispatch, method, args);
  });
  launched.api.events.onAny((name, data) => {
    for (const win of BrowserWindow.getAllWindows()) win.webContents.send(IPC_EVENT, { event: name, data });
  });
}

function createWindow(): BrowserWindow {
  const win = new BrowserWindow({
    width: 1400,
    height: 900,
    title: 'ECG TLC Workstation',
    show: false,
    webPreferences: {
      preload: join(here, 'preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
      devTools: !app.isPackaged,
    },
  });
  win.once('ready-to-show', () => win.show());
  void win.loadURL(START_URL);
  return win;
}

/**
 * Modal to the app's window. `dialog.showOpenDialog` is looked up at each call, so a test driving the app can
 * replace it (test/e2e/electron.e2e.test.ts).
 */
const pickPaths: PickPaths = dialogPicker((options) => {
  const win = BrowserWindow.getFocusedWindow() ?? BrowserWindow.getAllWindows()[0];
  return win ? dialog.showOpenDialog(win, options) : dialog.showOpenDialog(options);
});

async function start(): Promise<void> {
  if (!app.requestSingleInstanceLock()) return app.quit();
  await app.whenReady();
  let launched: Launched;
  try {
    launched = launchApi({ electronVersion: process.versions.electron, pickPaths });
  } catch (e) {
    dialog.showErrorBox('ECG TLC Workstation cannot start', e instanceof Error ? e.message : String(e));
    return app.quit();
  }
  lockDown();
  serveRenderer(rendererRoot(findAppRoot(app.getAppPath())).dir);
  routeApi(launched);
  let win = createWindow();
  app.on('second-instance', () => {
    if (win.isMinimized()) win.restore();
    win.focus();
  });
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) win = createWindow();
  });
  app.on('window-all-closed', () => app.quit());
  app.on('will-quit', () => launched.close());
}

void start();

export type { EcgBridge };
