/**
 * WFDB reader (PhysioNet WFDB records: header .hea + signal files). Claims a .hea that parses as a WFDB record
 * line, and a .dat/.mat signal file opened directly (read through the header of the same name beside it).
 * Headers in the PhysioNet/CinC layout are claimed first by the CinC reader (cinc.ts); both read the same way.
 * See wfdb-read.ts for the pipeline and wfdb-assemble.ts for the rate, unit and missing-sample rules.
 */
import type { FormatReader } from './types.js';
import { decodeHeaderText, looksLikeWfdbHeader } from './wfdb-header.js';
import { isMatV4, isMatV5 } from './mat-file.js';
import { isSignalFileName, readWfdbHeaderSource, readWfdbSignalFileSource } from './wfdb-read.js';

export const wfdbReader: FormatReader = {
  id: 'wfdb',
  name: 'WFDB',
  extensions: ['.hea', '.dat'],
  sniff(head: Uint8Array, name: string): boolean {
    try {
      if (/\.hea$/i.test(name)) return looksLikeWfdbHeader(decodeHeaderText(head));
      if (/\.dat$/i.test(name)) return true;
      if (/\.mat$/i.test(name)) return isMatV4(head) || isMatV5(head);
      return false;
    } catch {
      return false;
    }
  },
  parse(src) {
    return isSignalFileName(src.path) ? readWfdbSignalFileSource(src, 'wfdb') : readWfdbHeaderSource(src, 'wfdb');
  },
};
