/**
 * `window.ecg`: the one object a renderer talks to, the same whether the Electron preload or the browser host's
 * WebSocket client provides it. invoke rejects with an Error whose message starts with the error code in
 * brackets (`[not-found] …`), because contextBridge keeps only an Error's message.
 */
import type { ArgsIn, EventData, EventName, MethodName, ResultOf } from './index.js';

export interface EcgBridge {
  invoke<M extends MethodName>(method: M, args: ArgsIn<M>): Promise<ResultOf<M>>;
  /** Subscribe to a pushed event; returns the function that unsubscribes. */
  on<E extends EventName>(event: E, listener: (data: EventData<E>) => void): () => void;
}

/** IPC channel names; the app's prefix keeps them apart from anything a library registers. */
export const IPC_INVOKE = 'ecg:invoke';
export const IPC_EVENT = 'ecg:event';
