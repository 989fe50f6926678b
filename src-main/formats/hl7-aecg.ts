// PLACEHOLDER: being written; replaced before this lands.
import { FormatError } from './errors.js';
import type { FormatReader } from './types.js';
export const hl7AecgReader: FormatReader = {
  id: 'hl7-aecg', name: 'hl7-aecg', extensions: [],
  sniff: () => false,
  parse: (src) => { throw new FormatError(src.path, 'reader not written yet'); },
};
