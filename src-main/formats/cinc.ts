/**
 * PhysioNet/CinC 2020–2021 reader: a WFDB header whose comments carry `# Dx:` SNOMED CT codes (plus Age, Sex,
 * Rx, Hx, Sx), with the signals in a MATLAB .mat file (`val`, int16, leads × samples; Level 4 from wfdb2mat or
 * Level 5 from scipy, compressed or not). Reading is the WFDB pipeline (wfdb-read.ts); the comment conventions
 * are in wfdb-comments.ts: Dx codes become statements 'SNOMED:<code>', Age/Sex the patient, Rx/Hx/Sx details.
 */
import type { FormatReader } from './types.js';
import { decodeHeaderText, looksLikeWfdbHeader, parseWfdbHeader } from './wfdb-header.js';
import { isCincHeader } from './wfdb-comments.js';
import { readWfdbHeaderSource } from './wfdb-read.js';

export const cincReader: FormatReader = {
  id: 'cinc',
  name: 'PhysioNet/CinC',
  extensions: ['.hea'],
  sniff(head: Uint8Array, name: string): boolean {
    if (!/\.hea$/i.test(name)) return false;
    try {
      const text = decodeHeaderText(head);
      return looksLikeWfdbHeader(text) && isCincHeader(parseWfdbHeader(text, name));
    } catch {
      return false;
    }
  },
  parse(src) {
    return readWfdbHeaderSource(src, 'cinc');
  },
};
