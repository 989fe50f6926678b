/**
 * Routing shared by the transports: turn a raw request into a reply, never throwing. The WebSocket host
 * uses routeMessage (id-tagged replies); Electron's ipcMain.handle uses outcome (ipc pairs replies itself).
 */
import { z } from 'zod';
import { RequestMessage, type Outcome, type Reply } from '../contract/wire.js';
import type { Dispatch } from '../dispatch.js';
import { toErrorShape } from '../errors.js';

export async function outcome(dispatch: Dispatch, method: unknown, args: unknown): Promise<Outcome> {
  try {
    if (typeof method !== 'string') return { error: { code: 'invalid-request', message: 'method must be a string' } };
    return { result: await dispatch(method, args) };
  } catch (e) {
    return { error: toErrorShape(e) };
  }
}

/** One WebSocket text frame in, one reply out. */
export async function routeMessage(dispatch: Dispatch, text: string): Promise<Reply> {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { id: null, error: { code: 'invalid-request', message: 'the message is not JSON; send {"id", "method", "args"}' } };
  }
  const req = RequestMessage.safeParse(raw);
  if (!req.success) {
    const id = typeof raw === 'object' && raw !== null && 'id' in raw ? RequestMessage.shape.id.safeParse(raw.id).data ?? null : null;
    return { id, error: { code: 'invalid-request', message: `send {"id", "method", "args"}:\n${z.prettifyError(req.error)}` } };
  }
  return { id: req.data.id, ...(await outcome(dispatch, req.data.method, req.data.args)) };
}
