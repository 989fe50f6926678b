/**
 * Format registry: sniff → read. The order matters only where two readers could claim the same bytes
 * (CinC before plain WFDB: a CinC header is a WFDB header with `# Dx` comments and .mat signal files).
 */
import { extname } from 'node:path';
import type { EcgRecord } from '../ecg/record.js';
import { FormatError } from './errors.js';
import type { FileSource, FormatReader, ReadOptions } from './types.js';
import { LIMITS } from './types.js';
import { nodeFileSource } from './file-source.js';
import { cincReader } from './cinc.js';
import { wfdbReader } from './wfdb.js';
import { edfReader } from './edf.js';
import { csvReader } from './csv.js';
import { hl7AecgReader } from './hl7-aecg.js';
import { museReader } from './muse.js';
import { philipsReader } from './philips.js';
import { dicomReader } from './dicom.js';
import { scpReader } from './scp.js';

export const READERS: readonly FormatReader[] = [
  cincReader,
  wfdbReader,
  edfReader,
  dicomReader,
  scpReader,
  hl7AecgReader,
  museReader,
  philipsReader,
  csvReader,
];

const SNIFF_BYTES = 64 * 1024;

/** The reader for a file, by content first and extension second; undefined when none claims it. */
export function detectReader(head: Uint8Array, name: string): FormatReader | undefined {
  const h = head.subarray(0, SNIFF_BYTES);
  for (const r of READERS) if (r.sniff(h, name)) return r;
  return undefined;
}

export function readerById(id: string): FormatReader | undefined {
  return READERS.find((r) => r.id === id);
}

/**
 * Files that are only companions of a record (WFDB signal files, CinC .mat, annotation files): the importer
 * skips them when walking a folder because the header that names them is the record.
 */
export function isCompanionFile(name: string): boolean {
  const ext = extname(name).toLowerCase();
  return ['.dat', '.mat', '.atr', '.xyz', '.d0', '.d1', '.d2', '.d3', '.d4', '.d5', '.d6', '.d7', '.d8', '.d9', '.qrs', '.ecg'].includes(ext)
    || /\.(i|ii|iii|avr|avl|avf|v[1-6])$/i.test(name) || /\.(txt|md|csv\.gz|license)$/i.test(name) || /^LICENSE/i.test(name);
}

/** Parse bytes already in hand. */
export function parseSource(src: FileSource, options?: ReadOptions, formatId?: string): EcgRecord {
  if (src.bytes.length === 0) throw new FormatError(src.path, 'the file is empty');
  if (src.bytes.length > LIMITS.maxFileBytes) throw new FormatError(src.path, `the file is larger than ${LIMITS.maxFileBytes} bytes`);
  const reader = formatId ? readerById(formatId) : detectReader(src.bytes, src.path);
  if (!reader) {
    throw new FormatError(
      src.path,
      `not a supported ECG format (supported: ${READERS.map((r) => r.name).join(', ')}); if it is one of these, check that the file is complete`,
    );
  }
  try {
    return reader.parse(src, options);
  } catch (e) {
    if (e instanceof FormatError) throw e;
    // A reader bug or a hostile input that slipped past a check: still a FormatError that names the file.
    const msg = e instanceof Error ? e.message : String(e);
    throw new FormatError(src.path, `${reader.name} reader could not parse the file: ${msg}`);
  }
}

/** Read an ECG file from disk. */
export function readEcgFile(path: string, options?: ReadOptions, formatId?: string): EcgRecord {
  return parseSource(nodeFileSource(path), options, formatId);
}
