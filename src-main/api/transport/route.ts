/**
 * Routing shared by the transports: turn a raw request into a reply, never throwing. The WebSocket host
 * uses routeMessage (id-tagged replies); Electron's ipcMain.handle uses ipcOutcome (ipc pairs replies itself).
 * Both apply the renderer path policy (user-path.ts) and the same request size limit.
 */
import { z } from 'zod';
import { RequestMessage, type Outcome, type Reply } from '../contract/wire.js';
import type { Dispatch } from '../dispatch.js';
import { toErrorShape } from '../errors.js';
import { refusedPathArgument } from './user-path.js';

/**
 * The largest request either transport accepts, as JSON bytes. Requests carry arguments, never signals (those
 * travel in replies); the largest legitimate one, importPaths with its 10 000 paths, stays far below.
 */
export const MAX_REQUEST_BYTES = 16 * 1024 * 1024;

export async function outcome(dispatch: Dispatch, method: unknown, args: unknown): Promise<Outcome> {
  try {
    if (typeof method !== 'string') return { error: { code: 'invalid-request', message: 'method must be a string' } };
    const refused = refusedPathArgument(method, args);
    if (refused) return { error: { code: 'invalid-arguments', message: refused } };
    return { result: await dispatch(method, args) };
  } catch (e) {
    return { error: toErrorShape(e) };
  }
}

/**
 * One Electron IPC request in, one outcome out. IPC delivers structured-clone values with no size limit of
 * ours, so the arguments are measured as the JSON a WebSocket would have carried (the host's socket refuses
 * larger frames before parsing them).
 */
export async function ipcOutcome(dispatch: Dispatch, method: unknown, args: unknown): Promise<Outcome> {
  let bytes: number;
  try {
    bytes = Buffer.byteLength(JSON.stringify(args) ?? '');
  } catch {
    return { error: { code: 'invalid-request', message: 'the arguments must be plain JSON data (no cycles, no BigInt)' } };
  }
  if (bytes > MAX_REQUEST_BYTES) {
    return { error: { code: 'too-large', message: `the arguments take ${bytes} bytes as JSON; a request may hold at most ${MAX_REQUEST_BYTES}` } };
  }
  return outcome(dispatch, method, args);
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
