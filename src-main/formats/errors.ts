/**
 * FormatError: the one error readers throw for input they cannot read. It names the file, the reason and,
 * where useful, the byte offset, so a user importing thousands of files knows which one and why.
 */
export class FormatError extends Error {
  override readonly name = 'FormatError';
  constructor(
    readonly file: string,
    readonly reason: string,
    readonly offset?: number,
  ) {
    super(`${file}: ${reason}${offset !== undefined ? ` (at byte ${offset})` : ''}`);
  }
}

/** Throws a FormatError unless `cond` holds: for checks on lengths and counts read from hostile input. */
export function ensure(cond: unknown, file: string, reason: string, offset?: number): asserts cond {
  if (!cond) throw new FormatError(file, reason, offset);
}
