/**
 * The renderer's one door to the application: window.ecg. The Electron preload installs it before the page
 * runs; in the browser host nobody has, so we install the WebSocket client here. Views call `api()` only.
 */
import type { EcgBridge } from '../../src-main/api/contract/bridge.js';
import { apiSocketUrl, createWebSocketBridge } from './websocket-bridge.js';

declare global {
  interface Window {
    ecg?: EcgBridge;
  }
}

export function installBridge(onClosed?: (reason: string) => void): EcgBridge {
  if (!window.ecg) window.ecg = createWebSocketBridge(new WebSocket(apiSocketUrl(window.location)), onClosed);
  return window.ecg;
}

export function api(): EcgBridge {
  if (!window.ecg) throw new Error('window.ecg is missing: installBridge() runs before the app mounts');
  return window.ecg;
}
