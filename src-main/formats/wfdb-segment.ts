/**
 * The signals of one single-segment WFDB header: files grouped in header order, decoded, verified against the
 * header's checksum and initial value, then skewed into alignment. Checks run on the samples as stored (before
 * skew), which is what the WFDB writers sum: a skewed copy of test01_00s keeps the unskewed checksum.
 */
import type { RecordCheck } from '../ecg/record.js';
import { ensure } from './errors.js';
import { LIMITS } from './types.js';
import type { WfdbRecordLine, WfdbSignalSpec } from './wfdb-header.js';
import { WFDB_INVALID_SAMPLE, invalidValueOf } from './wfdb-binformats.js';
import { decodeSignalFile, nullSignal, type FileGroup } from './wfdb-signal-file.js';

export type SiblingReader = (name: string) => Uint8Array | undefined;

export interface SegmentSignal {
  spec: WfdbSignalSpec;
  samplesPerFrame: number;
  /** aligned samples (skew applied), frames × samplesPerFrame; missing samples hold `invalid` */
  values: Int32Array;
  /** digital value that marks a missing sample in this signal's format (undefined: none, format 8) */
  invalid: number | undefined;
  checksum: RecordCheck['status'];
  checksumDetail?: string;
  initial: RecordCheck['status'];
  initialDetail?: string;
}

export interface SegmentData {
  frames: number;
  signals: SegmentSignal[];
  notes: string[];
  /** FLAC MD5 outcomes by file name */
  flac: Record<string, 'ok' | 'mismatch' | 'absent'>;
}

const isNullFile = (s: WfdbSignalSpec) => s.file === '~' || s.format === 0;

/** Display path of a file named inside a header: the header's folder (as the caller spelled it) + name. */
export function siblingDisplayPath(headerPath: string, name: string): string {
  const cut = Math.max(headerPath.lastIndexOf('/'), headerPath.lastIndexOf('\\'));
  return headerPath.slice(0, cut + 1) + name;
}

/** 16-bit checksum as WFDB defines it: the sum of all stored samples, modulo 2^16 (compared as signed). */
const to16 = (v: number) => ((v % 65536) + 65536) % 65536;

/**
 * Reads the signals `specs` of a single-segment record whose header is `headerPath`. `record.length` may be
 * undefined (100-no-len.hea): the shortest signal file then sets it.
 */
export function readSegment(headerPath: string, record: WfdbRecordLine, specs: WfdbSignalSpec[], sibling: SiblingReader): SegmentData {
  const groups = new Map<string, { group: FileGroup; members: number[] }>();
  specs.forEach((s, i) => {
    ensure(s.format === 0 || invalidValueOf(s.format) !== undefined || s.format === 8, headerPath, `signal ${i} uses WFDB format ${s.format}, which is not supported (supported: 0, 8, 16, 24, 32, 61, 80, 160, 212, 310, 311, 508, 516, 524)`);
    if (isNullFile(s)) return;
    let g = groups.get(s.file);
    if (!g) {
      g = { group: { name: s.file, display: siblingDisplayPath(headerPath, s.file), format: s.format, byteOffset: s.byteOffset ?? 0, signals: [] }, members: [] };
      groups.set(s.file, g);
    }
    ensure(g.group.format === s.format, headerPath, `signal file ${s.file} is given two formats (${g.group.format} and ${s.format})`);
    g.group.signals.push({ format: s.format, samplesPerFrame: s.samplesPerFrame ?? 1, skew: s.skew ?? 0, initValue: s.initValue, adcZero: s.adcZero });
    g.members.push(i);
  });

  const maxSpf = Math.max(1, ...specs.map((s) => s.samplesPerFrame ?? 1));
  if (record.length !== undefined) {
    ensure(record.length * maxSpf <= LIMITS.maxSamplesPerLead, headerPath, `header length ${record.length} frames × ${maxSpf} samples per frame exceeds ${LIMITS.maxSamplesPerLead} samples per signal`);
  }

  const raw: Array<Int32Array | undefined> = specs.map(() => undefined);
  const notes: string[] = [];
  const flac: SegmentData['flac'] = {};
  let shortest: number | undefined;
  for (const { group, members } of groups.values()) {
    const bytes = sibling(group.name);
    ensure(bytes, group.display, `signal file named by ${headerPath} is missing; put it beside the header`);
    const decoded = decodeSignalFile(group, bytes, record.length);
    members.forEach((m, j) => (raw[m] = decoded.raw[j]));
    for (const n of decoded.notes) notes.push(`${group.name}: ${n}`);
    if (decoded.flacMd5) flac[group.name] = decoded.flacMd5;
    shortest = Math.min(shortest ?? Infinity, decoded.frames);
  }
  const frames = record.length ?? shortest ?? 0;

  const signals = specs.map((spec, i): SegmentSignal => {
    const spf = spec.samplesPerFrame ?? 1;
    const invalid = invalidValueOf(spec.format);
    const n = frames * spf;
    const stored = raw[i];
    if (!stored) {
      return { spec, samplesPerFrame: spf, values: nullSignal(frames, spf), invalid: WFDB_INVALID_SAMPLE, checksum: 'absent', initial: 'absent' };
    }
    const out: SegmentSignal = { spec, samplesPerFrame: spf, values: skewed(stored, (spec.skew ?? 0) * spf, n, invalid), invalid, checksum: 'absent', initial: 'absent' };
    if (spec.checksum !== undefined) {
      let sum = 0;
      for (let k = 0; k < n; k++) sum = (sum + stored[k]!) % 65536;
      const ok = to16(sum) === to16(spec.checksum);
      out.checksum = ok ? 'ok' : 'mismatch';
      if (!ok) out.checksumDetail = `header ${spec.checksum}, samples sum to ${to16(sum) >= 32768 ? to16(sum) - 65536 : to16(sum)} (mod 2^16)`;
    }
    if (spec.initValue !== undefined && n > 0) {
      const ok = stored[0] === spec.initValue;
      out.initial = ok ? 'ok' : 'mismatch';
      if (!ok) out.initialDetail = `header ${spec.initValue}, first sample ${stored[0]}${stored[0] === invalid ? ' (the missing-value marker)' : ''}`;
    }
    return out;
  });
  return { frames, signals, notes, flac };
}

/** Aligns a skewed signal: sample i is stored `shift` samples later; samples past the file are missing. */
function skewed(stored: Int32Array, shift: number, n: number, invalid: number | undefined): Int32Array {
  if (shift === 0 && stored.length === n) return stored;
  const out = new Int32Array(n);
  const avail = Math.max(0, Math.min(n, stored.length - shift));
  out.set(stored.subarray(shift, shift + avail));
  out.fill(invalid ?? WFDB_INVALID_SAMPLE, avail);
  return out;
}
