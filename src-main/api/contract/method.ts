/**
 * The shape of one API method in the contract: zod schemas for its arguments and result, and one line saying
 * what it does. Each area file (app.ts, studies.ts, …) exports a record of these; index.ts merges them.
 * This folder imports nothing but zod, so the renderer can import it as it is.
 */
import type { z } from 'zod';

export interface MethodSpec<A extends z.ZodType = z.ZodType, R extends z.ZodType = z.ZodType> {
  readonly args: A;
  readonly result: R;
  readonly doc: string;
}

export function method<A extends z.ZodType, R extends z.ZodType>(args: A, result: R, doc: string): MethodSpec<A, R> {
  return { args, result, doc };
}
