/** Helpers for the reader tests of every format: the refusal a read must end in, the signals a reader set aside. */
import { expect } from 'vitest';
import type { EcgRecord } from '../../../src-main/ecg/record.js';
import { FormatError } from '../../../src-main/formats/errors.js';

/** Runs `fn`, expecting a FormatError that names `file` and whose reason matches `reason` (a string: the whole reason). */
export function expectFormatError(fn: () => unknown, file: string, reason: RegExp | string): FormatError {
  let caught: unknown;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  expect(caught, 'expected a FormatError').toBeInstanceOf(FormatError);
  const err = caught as FormatError;
  expect(err.file).toBe(file);
  expect(err.message).toContain(file);
  if (typeof reason === 'string') expect(err.reason).toBe(reason);
  else expect(err.reason).toMatch(reason);
  return err;
}

/** Signals the reader read but set aside (not voltages, or at another rate), as source.details.otherSignals lists them. */
export const setAside = (r: EcgRecord) => (r.source.details as { otherSignals?: Array<Record<string, unknown>> }).otherSignals ?? [];
