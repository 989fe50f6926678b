/**
 * The boundary every transport goes through: look the method up in the contract, validate the arguments with
 * its zod schema (never trust the renderer), run the handler, and in tests check the result against the
 * contract too (too slow for megabytes of signal in production, and a contract break is a bug we test for).
 */
import { z } from 'zod';
import { CONTRACT, METHOD_NAMES, isMethodName, type ArgsOf, type MethodName, type ResultOf } from './contract/index.js';
import { ApiError, asApiError } from './errors.js';

export type Handler<M extends MethodName> = (args: ArgsOf<M>) => Promise<ResultOf<M>>;
export type Handlers = { [M in MethodName]: Handler<M> };
export type Dispatch = (method: string, args: unknown) => Promise<unknown>;

export interface DispatchOptions {
  /** validate every result against the contract (tests turn this on) */
  checkResults?: boolean;
}

export function createDispatch(handlers: Handlers, options: DispatchOptions = {}): Dispatch {
  return async (method, args) => {
    if (!isMethodName(method)) {
      throw new ApiError('unknown-method', `unknown method "${String(method)}"; the API has: ${METHOD_NAMES.join(', ')}`);
    }
    const spec = CONTRACT[method];
    // Methods without arguments may be called with none at all.
    const parsed = spec.args.safeParse(args ?? {});
    if (!parsed.success) {
      throw new ApiError('invalid-arguments', `invalid arguments for ${method}:\n${z.prettifyError(parsed.error)}`);
    }
    const handler = handlers[method] as (a: unknown) => Promise<unknown>;
    let result: unknown;
    try {
      result = await handler(parsed.data);
    } catch (e) {
      throw asApiError(e);
    }
    if (options.checkResults) {
      const checked = spec.result.safeParse(result);
      if (!checked.success) throw new ApiError('internal', `result of ${method} breaks the contract:\n${z.prettifyError(checked.error)}`);
    }
    return result;
  };
}
