/**
 * EDF / EDF+ / BDF header record (https://www.edfplus.info/specs/edf.html, edfplus.html, BDF: Biosemi).
 * The header is fixed-width ASCII: 256 bytes for the file, then 256 bytes per signal stored field by field
 * (all labels, then all transducers, …), so a count read from the file must match the header byte count.
 */
import { ensure } from './errors.js';

/** File header fields in file order: name, width in bytes. */
const FILE_FIELDS = [
  ['version', 8],
  ['patient', 80],
  ['recording', 80],
  ['startDate', 8],
  ['startTime', 8],
  ['headerBytes', 8],
  ['reserved', 44],
  ['numRecords', 8],
  ['recordDuration', 8],
  ['numSignals', 4],
] as const;

/** Per-signal fields in file order: name, width in bytes (each field repeated ns times before the next). */
const SIGNAL_FIELDS = [
  ['label', 16],
  ['transducer', 80],
  ['physicalDimension', 8],
  ['physicalMin', 8],
  ['physicalMax', 8],
  ['digitalMin', 8],
  ['digitalMax', 8],
  ['prefiltering', 80],
  ['samplesPerRecord', 8],
  ['reserved', 32],
] as const;

const WIDTH: Record<string, number> = Object.fromEntries(SIGNAL_FIELDS);

/** Sample encodings keyed by the version field: bytes per little-endian two's-complement sample. */
export const SAMPLE_BYTES = { EDF: 2, BDF: 3 } as const;

export type EdfFamily = keyof typeof SAMPLE_BYTES;

export interface EdfSignalHeader {
  label: string;
  transducer: string;
  physicalDimension: string;
  physicalMin: number;
  physicalMax: number;
  digitalMin: number;
  digitalMax: number;
  prefiltering: string;
  samplesPerRecord: number;
  /** an 'EDF Annotations' / 'BDF Annotations' signal carrying TALs instead of samples */
  isAnnotations: boolean;
}

export interface EdfHeader {
  family: EdfFamily;
  /** 'C' continuous or 'D' discontinuous for EDF+/BDF+; undefined for plain EDF/BDF */
  plus?: 'C' | 'D';
  patient: string;
  recording: string;
  /** dd.mm.yy as written */
  startDate: string;
  /** hh.mm.ss as written */
  startTime: string;
  headerBytes: number;
  /** as written: -1 means unknown (a recording still in progress) */
  numRecords: number;
  /** seconds; may be fractional (0.00125 for one sample per record at 800 Hz) or 0 (annotations only) */
  recordDuration: number;
  signals: EdfSignalHeader[];
}

const latin1 = new TextDecoder('latin1');

function text(bytes: Uint8Array, start: number, width: number): string {
  return latin1.decode(bytes.subarray(start, start + width)).trim();
}

// A number field: optional sign, digits with an optional fraction, optional exponent; padded with spaces.
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

function numberField(path: string, value: string, what: string, offset: number, integer = false): number {
  ensure(NUMBER.test(value), path, `EDF header field ${what} is "${value}", not a number`, offset);
  const n = Number(value);
  ensure(!integer || Number.isInteger(n), path, `EDF header field ${what} is "${value}", not an integer`, offset);
  return n;
}

/** Family of a file from its first 8 bytes, or undefined when it is neither EDF nor BDF. */
export function edfFamily(head: Uint8Array): EdfFamily | undefined {
  if (head.length < 8) return undefined;
  const v = latin1.decode(head.subarray(0, 8));
  if (v === '0       ') return 'EDF';
  if (head[0] === 0xff && v.slice(1) === 'BIOSEMI') return 'BDF';
  return undefined;
}

export function parseEdfHeader(bytes: Uint8Array, path: string): EdfHeader {
  ensure(bytes.length >= 256, path, `the file is ${bytes.length} bytes, shorter than the 256-byte EDF header`);
  const family = edfFamily(bytes);
  ensure(family, path, 'the version field is neither "0" (EDF) nor 0xFF "BIOSEMI" (BDF)', 0);

  const f: Record<string, string> = {};
  const at: Record<string, number> = {};
  let pos = 0;
  for (const [name, width] of FILE_FIELDS) {
    f[name] = text(bytes, pos, width);
    at[name] = pos;
    pos += width;
  }
  const ns = numberField(path, f.numSignals!, 'number of signals', at.numSignals!, true);
  ensure(ns >= 1, path, `the header declares ${ns} signals; an EDF file needs at least one`, at.numSignals);
  const headerBytes = numberField(path, f.headerBytes!, 'number of bytes in header', at.headerBytes!, true);
  ensure(
    headerBytes === 256 * (ns + 1),
    path,
    `the header byte count is ${headerBytes} but ${ns} signals need ${256 * (ns + 1)} (256 + 256 per signal); the header is damaged`,
    at.headerBytes,
  );
  ensure(bytes.length >= headerBytes, path, `the file ends inside its header (${bytes.length} of ${headerBytes} bytes)`);
  const numRecords = numberField(path, f.numRecords!, 'number of data records', at.numRecords!, true);
  ensure(numRecords >= -1, path, `the number of data records is ${numRecords}`, at.numRecords);
  const recordDuration = numberField(path, f.recordDuration!, 'duration of a data record', at.recordDuration!);
  ensure(recordDuration >= 0, path, `the data record duration is ${recordDuration} s`, at.recordDuration);

  const reserved = f.reserved!;
  const plusMatch = /^(EDF|BDF)\+([CD])/.exec(reserved);
  const plus = plusMatch ? (plusMatch[2] as 'C' | 'D') : undefined;

  const columns: Record<string, string[]> = {};
  const columnAt: Record<string, number> = {};
  for (const [name, width] of SIGNAL_FIELDS) {
    columnAt[name] = pos;
    const values: string[] = [];
    for (let s = 0; s < ns; s++) values.push(text(bytes, pos + s * width, width));
    columns[name] = values;
    pos += width * ns;
  }

  const signals: EdfSignalHeader[] = [];
  for (let s = 0; s < ns; s++) {
    const label = columns.label![s]!;
    const isAnnotations = label === 'EDF Annotations' || label === 'BDF Annotations';
    // An annotations signal's ranges are never used, and writers fill them carelessly: only its size must parse.
    const num = (name: string, integer = false) =>
      isAnnotations && name !== 'samplesPerRecord' && !NUMBER.test(columns[name]![s]!)
        ? 0
        : numberField(path, columns[name]![s]!, `${name} of signal ${s + 1} ("${label}")`, columnAt[name]! + s * WIDTH[name]!, integer);
    const sig: EdfSignalHeader = {
      label,
      transducer: columns.transducer![s]!,
      physicalDimension: columns.physicalDimension![s]!,
      physicalMin: num('physicalMin'),
      physicalMax: num('physicalMax'),
      digitalMin: num('digitalMin', true),
      digitalMax: num('digitalMax', true),
      prefiltering: columns.prefiltering![s]!,
      samplesPerRecord: num('samplesPerRecord', true),
      isAnnotations,
    };
    ensure(sig.samplesPerRecord >= 0, path, `signal ${s + 1} ("${label}") has ${sig.samplesPerRecord} samples per record`, columnAt.samplesPerRecord! + s * 8);
    if (!isAnnotations) {
      ensure(
        sig.digitalMax > sig.digitalMin,
        path,
        `signal ${s + 1} ("${label}") has digital maximum ${sig.digitalMax} not above digital minimum ${sig.digitalMin}`,
        columnAt.digitalMax! + s * 8,
      );
      ensure(
        sig.physicalMax !== sig.physicalMin,
        path,
        `signal ${s + 1} ("${label}") has equal physical minimum and maximum (${sig.physicalMin}): no scale can be derived`,
        columnAt.physicalMax! + s * 8,
      );
    }
    signals.push(sig);
  }
  return {
    family,
    plus,
    patient: f.patient!,
    recording: f.recording!,
    startDate: f.startDate!,
    startTime: f.startTime!,
    headerBytes,
    numRecords,
    recordDuration,
    signals,
  };
}
