/**
 * The sandboxed renderer's only door to the main process: `window.ecg = { invoke, on }` (STYLE.md §3).
 *
 * Why .cts: Electron runs a sandboxed preload with its own loader, which offers `require` (for 'electron' and a
 * few built-ins) and no ES modules. tsc compiles this file to preload.cjs (CommonJS) beside main.js; main.ts
 * imports its type, which is what brings it into the program `tsc -p tsconfig.json` emits. It may import
 * nothing of ours at run time (types only).
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { EcgBridge } from '../api/contract/bridge.js';
import type { EventMessage, Outcome } from '../api/contract/wire.js';

// Literal copies of IPC_INVOKE and IPC_EVENT in contract/bridge.ts (a test checks they agree).
const INVOKE = 'ecg:invoke';
const EVENT = 'ecg:event';

const bridge: EcgBridge = {
  async invoke(method, args) {
    const reply = (await ipcRenderer.invoke(INVOKE, method, args)) as Outcome;
    // contextBridge keeps only an Error's message, so the code travels in it.
    if ('error' in reply) throw new Error(`[${reply.error.code}] ${reply.error.message}`);
    return reply.result as never;
  },
  on(event, listener) {
    const handler = (_e: IpcRendererEvent, msg: EventMessage) => {
      if (msg && msg.event === event) listener(msg.data as never);
    };
    ipcRenderer.on(EVENT, handler);
    return () => {
      ipcRenderer.removeListener(EVENT, handler);
    };
  },
};

contextBridge.exposeInMainWorld('ecg', bridge);

export type { EcgBridge };
