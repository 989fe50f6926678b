/**
 * What travels between a renderer and the main process, whichever transport carries it
 * (WebSocket text frames in the browser host, ipcMain.handle replies in Electron).
 *
 * | direction        | shape                                   |
 * |------------------|-----------------------------------------|
 * | renderer → main  | `{ id, method, args }`                  |
 * | main → renderer  | `{ id, result }` or `{ id, error }`     |
 * | main → renderer  | `{ event, data }` (pushed, no id)       |
 */
import { z } from 'zod';

export const ApiErrorCode = z.enum([
  'invalid-request', // the message is not {id, method, args}
  'unknown-method',
  'invalid-arguments',
  'not-found',
  'format', // a file could not be read as an ECG (FormatError)
  'unavailable', // a service this method needs is not configured (e.g. no database)
  'cancelled',
  'storage', // the archive could not be written (disk full, I/O error)
  'forbidden',
  'too-large',
  'internal',
]);
export type ApiErrorCode = z.infer<typeof ApiErrorCode>;

export const ApiErrorShape = z.object({
  code: ApiErrorCode,
  message: z.string(),
  /** e.g. the file and byte offset of a FormatError */
  details: z.record(z.string(), z.unknown()).optional(),
});
export type ApiErrorShape = z.infer<typeof ApiErrorShape>;

export const RequestId = z.union([z.string().max(64), z.number().int()]);
export type RequestId = z.infer<typeof RequestId>;

export const RequestMessage = z.object({
  id: RequestId,
  method: z.string().max(64),
  args: z.unknown().optional(),
});
export type RequestMessage = z.infer<typeof RequestMessage>;

export type Reply = { id: RequestId | null; result: unknown } | { id: RequestId | null; error: ApiErrorShape };
/** Electron replies carry no id: ipcRenderer.invoke pairs request and reply itself. */
export type Outcome = { result: unknown } | { error: ApiErrorShape };
export interface EventMessage {
  event: string;
  data: unknown;
}

/**
 * An API failure with its code: thrown by handlers for failures the caller should see as such (a missing
 * study, a bad file), and raised by a renderer client for an error reply, so a view can tell "not found" from
 * "bad file".
 */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly code: ApiErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
}
