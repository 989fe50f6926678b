/**
 * window.ecg for the browser host: the same {invoke, on} the Electron preload exposes, carried over the host's
 * WebSocket (/api?token=…). Requests are {id, method, args}; replies {id, result} or {id, error}; pushed events
 * {event, data}. Errors reject with "[code] message", as the preload's do, so views handle both alike.
 */
import type { EcgBridge } from '../../src-main/api/contract/bridge.js';

/** The part of a WebSocket the bridge uses (a fake one in tests). */
export interface SocketLike {
  readonly readyState: number;
  send(data: string): void;
  addEventListener(type: 'open' | 'close' | 'error', listener: () => void): void;
  addEventListener(type: 'message', listener: (e: { data: unknown }) => void): void;
}

const OPEN = 1;

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
}

type Incoming = { id?: unknown; result?: unknown; error?: { code?: unknown; message?: unknown }; event?: unknown; data?: unknown };

export function apiSocketUrl(location: { protocol: string; host: string; search: string }): string {
  const token = new URLSearchParams(location.search).get('token') ?? '';
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}/api?token=${encodeURIComponent(token)}`;
}

export function createWebSocketBridge(socket: SocketLike, onClosed: (reason: string) => void = () => {}): EcgBridge {
  const pending = new Map<number, Pending>();
  const listeners = new Map<string, Set<(data: unknown) => void>>();
  let nextId = 1;
  let closed: string | undefined;
  const opened = new Promise<void>((resolve, reject) => {
    if (socket.readyState === OPEN) resolve();
    socket.addEventListener('open', () => resolve());
    socket.addEventListener('close', () => {
      closed = 'the connection to the application closed (restart it, or open the address it printed, token included)';
      reject(new Error(`[unavailable] ${closed}`));
      for (const p of pending.values()) p.reject(new Error(`[unavailable] ${closed}`));
      pending.clear();
      onClosed(closed);
    });
  });
  // A rejected `opened` nobody awaits yet must not surface as an unhandled rejection.
  opened.catch(() => {});

  socket.addEventListener('message', (e) => {
    let msg: Incoming;
    try {
      msg = JSON.parse(String(e.data)) as Incoming;
    } catch {
      return;
    }
    if (typeof msg.event === 'string') {
      for (const l of listeners.get(msg.event) ?? []) l(msg.data);
      return;
    }
    const call = typeof msg.id === 'number' ? pending.get(msg.id) : undefined;
    if (!call) return;
    pending.delete(msg.id as number);
    if (msg.error) call.reject(new Error(`[${String(msg.error.code)}] ${String(msg.error.message)}`));
    else call.resolve(msg.result);
  });

  return {
    async invoke(method, args) {
      await opened;
      if (closed) throw new Error(`[unavailable] ${closed}`);
      const id = nextId++;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
        socket.send(JSON.stringify({ id, method, args }));
      });
    },
    on(event, listener) {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      const l = listener as (data: unknown) => void;
      set.add(l);
      return () => void set.delete(l);
    },
  };
}
