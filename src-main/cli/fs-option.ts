/** `--fs HZ`, shared by inspect, convert and import: the sampling rate for files that store none. */
import { InvalidArgumentError, Option } from 'commander';
import type { ReadOptions } from '../formats/types.js';

export function fsOption(): Option {
  return new Option('--fs <hz>', 'sampling rate for files that store none (a CSV without a time column or "# fs=" line)').argParser((v) => {
    const n = Number(v);
    if (v.trim() === '' || !Number.isFinite(n) || n <= 0 || n > 1e6) throw new InvalidArgumentError('expected a sampling rate in Hz, above 0 and at most 1000000');
    return n;
  });
}

/** What the readers are given for `--fs`: nothing when it is not typed. */
export const readOptions = (fs: number | undefined): ReadOptions | undefined => (fs === undefined ? undefined : { fs });
