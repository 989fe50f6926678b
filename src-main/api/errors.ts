/**
 * From thrown values to API errors. toErrorShape turns anything into the wire shape; an unexpected exception
 * becomes 'internal' with its message only, never its stack (the renderer is not trusted with our internals).
 */
import { FormatError } from '../formats/errors.js';
import { ApiError, type ApiErrorShape } from './contract/wire.js';

export { ApiError };

/** Errors with a meaning for the caller become ApiErrors; anything else is left as it is (a bug, with its stack). */
export function asApiError(e: unknown): unknown {
  if (e instanceof FormatError) {
    return new ApiError('format', e.message, { file: e.file, reason: e.reason, ...(e.offset !== undefined ? { offset: e.offset } : {}) });
  }
  return e;
}

export function toErrorShape(e: unknown): ApiErrorShape {
  const a = asApiError(e);
  if (a instanceof ApiError) return { code: a.code, message: a.message, ...(a.details ? { details: a.details } : {}) };
  return { code: 'internal', message: a instanceof Error ? a.message : String(a) };
}
