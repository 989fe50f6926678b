/**
 * The EDF/BDF file as stored: header, each ordinary signal's digital samples over all data records, the EDF+
 * annotations and each data record's onset. No units, no leads: edf.ts maps this onto an EcgRecord.
 */
import type { RecordCheck } from '../ecg/record.js';
import { ensure } from './errors.js';
import { LIMITS } from './types.js';
import { SAMPLE_BYTES, parseEdfHeader, type EdfHeader } from './edf-header.js';
import { parseTals, type EdfAnnotation } from './edf-annotations.js';

export interface EdfFile {
  header: EdfHeader;
  /** data records actually read (the header's count, or the count the file size gives when it says -1) */
  numRecords: number;
  /** per header signal: digital samples, or undefined for annotations signals */
  digital: Array<Int32Array | undefined>;
  annotations: EdfAnnotation[];
  /** seconds from the header start time at which each data record begins */
  recordOnsets: Float64Array;
  /** data records whose onset is not the previous one plus the record duration (EDF+D gaps) */
  gaps: Array<{ record: number; expected: number; actual: number }>;
  checks: RecordCheck[];
}

export function parseEdf(bytes: Uint8Array, path: string): EdfFile {
  const header = parseEdfHeader(bytes, path);
  const bps = SAMPLE_BYTES[header.family];
  const signals = header.signals;
  const recordSamples = signals.reduce((n, s) => n + s.samplesPerRecord, 0);
  const recordBytes = recordSamples * bps;
  ensure(recordBytes > 0, path, 'every signal has 0 samples per data record: the file holds no data');
  const dataBytes = bytes.length - header.headerBytes;
  const whole = Math.floor(dataBytes / recordBytes);
  const checks: RecordCheck[] = [];

  let numRecords = header.numRecords;
  if (numRecords === -1) {
    // EDF spec: -1 while recording; the file size then says how many records there are.
    numRecords = whole;
    checks.push({ name: 'record-count', status: 'absent', detail: `header says -1 (unknown); ${whole} data records from the file size` });
  } else {
    ensure(
      whole >= numRecords,
      path,
      `the file is truncated: the header declares ${numRecords} data records of ${recordBytes} bytes ` +
        `(${numRecords * recordBytes} bytes) but only ${dataBytes} bytes follow the header`,
    );
  }
  ensure(numRecords >= 1, path, 'the file holds no data records');
  const extra = dataBytes - numRecords * recordBytes;
  checks.push(
    extra === 0
      ? { name: 'data-size', status: 'ok' }
      : { name: 'data-size', status: 'mismatch', detail: `${extra} bytes after data record ${numRecords} ignored` },
  );

  let total = 0;
  for (const s of signals) {
    if (s.isAnnotations) continue;
    const n = s.samplesPerRecord * numRecords;
    ensure(n <= LIMITS.maxSamplesPerLead, path, `signal "${s.label}" has ${n} samples, more than the ${LIMITS.maxSamplesPerLead} allowed`);
    total += n;
  }
  ensure(total <= LIMITS.maxTotalSamples, path, `the file holds ${total} samples, more than the ${LIMITS.maxTotalSamples} allowed`);

  const digital = signals.map((s) => (s.isAnnotations ? undefined : new Int32Array(s.samplesPerRecord * numRecords)));
  const firstAnnotations = signals.findIndex((s) => s.isAnnotations);
  const annotations: EdfAnnotation[] = [];
  const recordOnsets = new Float64Array(numRecords);
  let malformed = 0;
  let missingOnsets = 0;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);

  for (let r = 0; r < numRecords; r++) {
    let pos = header.headerBytes + r * recordBytes;
    recordOnsets[r] = r * header.recordDuration;
    for (let k = 0; k < signals.length; k++) {
      const spr = signals[k]!.samplesPerRecord;
      const out = digital[k];
      if (out) {
        const base = r * spr;
        if (bps === 2) {
          for (let i = 0; i < spr; i++) out[base + i] = view.getInt16(pos + 2 * i, true);
        } else {
          for (let i = 0; i < spr; i++) {
            const p = pos + 3 * i;
            out[base + i] = ((bytes[p]! | (bytes[p + 1]! << 8) | (bytes[p + 2]! << 16)) << 8) >> 8;
          }
        }
      } else {
        const block = parseTals(bytes.subarray(pos, pos + spr * bps));
        malformed += block.malformed;
        for (const a of block.annotations) annotations.push(a);
        if (k === firstAnnotations) {
          if (block.recordOnset !== undefined) recordOnsets[r] = block.recordOnset;
          else missingOnsets++;
        }
      }
      pos += spr * bps;
    }
  }

  if (firstAnnotations >= 0) {
    checks.push(
      malformed === 0 && missingOnsets === 0
        ? { name: 'annotations', status: 'ok' }
        : { name: 'annotations', status: 'mismatch', detail: `${malformed} malformed TALs skipped; ${missingOnsets} data records without a time-keeping TAL` },
    );
  }
  checks.push(...rangeChecks(header, digital));
  return { header, numRecords, digital, annotations, recordOnsets, gaps: findGaps(header, recordOnsets), checks };
}

/** Onsets that break continuity by more than half a sample of the fastest signal. */
function findGaps(header: EdfHeader, onsets: Float64Array): EdfFile['gaps'] {
  const maxSpr = Math.max(...header.signals.filter((s) => !s.isAnnotations).map((s) => s.samplesPerRecord), 1);
  const tolerance = Math.max((0.5 * header.recordDuration) / maxSpr, 1e-9);
  const gaps: EdfFile['gaps'] = [];
  for (let r = 1; r < onsets.length; r++) {
    const expected = onsets[r - 1]! + header.recordDuration;
    if (Math.abs(onsets[r]! - expected) > tolerance) gaps.push({ record: r, expected, actual: onsets[r]! });
  }
  return gaps;
}

/** EDF spec: samples lie within [digital minimum, digital maximum]; values outside mean a damaged file or header. */
function rangeChecks(header: EdfHeader, digital: Array<Int32Array | undefined>): RecordCheck[] {
  const checks: RecordCheck[] = [];
  header.signals.forEach((s, k) => {
    const values = digital[k];
    if (!values) return;
    let outside = 0;
    for (let i = 0; i < values.length; i++) if (values[i]! < s.digitalMin || values[i]! > s.digitalMax) outside++;
    checks.push(
      outside === 0
        ? { name: `digital-range:${s.label}`, status: 'ok' }
        : { name: `digital-range:${s.label}`, status: 'mismatch', detail: `${outside} samples outside [${s.digitalMin}, ${s.digitalMax}]` },
    );
  });
  return checks;
}
