// PLACEHOLDER: being written; replaced before this lands.
import { FormatError } from './errors.js';
import type { FormatReader } from './types.js';
export const csvReader: FormatReader = {
  id: 'csv', name: 'csv', extensions: [],
  sniff: () => false,
  parse: (src) => { throw new FormatError(src.path, 'reader not written yet'); },
};
