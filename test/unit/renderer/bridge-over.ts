/** window.ecg over the API in this process: what the preload and the WebSocket client both reduce to. */
import type { EcgBridge } from '../../../src-main/api/contract/bridge.js';
import type { TempApi } from '../api/temp-api.js';

/** Errors reject as the preload's do: an Error whose message is "[code] message". */
export function bridgeOver(t: Pick<TempApi, 'api'>): EcgBridge {
  return {
    invoke: (method, args) =>
      (t.api.dispatch(method, args) as Promise<never>).catch((e: { code?: string; message?: string }) => {
        throw new Error(`[${e.code}] ${e.message}`);
      }),
    on: (event, listener) => t.api.events.on(event, listener),
  };
}
