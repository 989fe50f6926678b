// PLACEHOLDER: being written; replaced before this lands.
import { FormatError } from './errors.js';
import type { FormatReader } from './types.js';
export const dicomReader: FormatReader = {
  id: 'dicom', name: 'dicom', extensions: [],
  sniff: () => false,
  parse: (src) => { throw new FormatError(src.path, 'reader not written yet'); },
};
