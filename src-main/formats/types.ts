/**
 * The reader contract (STYLE.md §6): a cheap sniff decides the format, a pure parse does the work, and file I/O
 * stays at the edge. A reader that needs companion files (WFDB .dat beside .hea, CinC .mat beside .hea) asks
 * for them through `FileSource`, so tests and the importer can serve bytes from anywhere.
 */
import type { EcgRecord } from '../ecg/record.js';

/** Upper bounds that keep a hostile file from making a reader allocate without limit. */
export const LIMITS = {
  /** largest file any reader will load whole */
  maxFileBytes: 2 * 1024 ** 3,
  /** most samples per lead in one record (24 h at 1 kHz) */
  maxSamplesPerLead: 24 * 3600 * 1000,
  maxLeads: 256,
  /** most total samples across leads */
  maxTotalSamples: 400_000_000,
  /** largest |mV| a lead may hold, so that leads derived from two of them (III = II − I) stay finite in float32 */
  maxAbsMillivolts: 1.7e38,
};

export interface FileSource {
  /** Display path of the primary file (used in FormatError messages). */
  readonly path: string;
  /** Bytes of the primary file. */
  readonly bytes: Uint8Array;
  /**
   * Bytes of a file next to the primary one (relative name as written in the header), or undefined when it does
   * not exist. Implementations must refuse names that climb out of the primary file's folder.
   */
  sibling(name: string): Uint8Array | undefined;
}

export interface FormatReader {
  /** registry id: 'wfdb', 'cinc', 'csv', 'hl7-aecg', 'dicom', 'scp', 'muse', 'philips', 'edf' */
  readonly id: string;
  /** human name for messages and the inspect command */
  readonly name: string;
  /** extensions (lower case, with dot) this reader is tried for when sniffing is inconclusive */
  readonly extensions: readonly string[];
  /** cheap content check on the first bytes (up to 64 KiB) and the file name; must never throw */
  sniff(head: Uint8Array, name: string): boolean;
  /** full parse; throws FormatError on anything it cannot read */
  parse(src: FileSource, options?: ReadOptions): EcgRecord;
}

export interface ReadOptions {
  /** sampling rate for formats that do not store one (CSV without a time column) */
  fs?: number;
}
