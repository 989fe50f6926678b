/**
 * One WFDB signal file → the stored samples of each of its signals (before skew), from a .dat in any binary
 * format, a FLAC stream, or a MATLAB .mat matrix (wfdb2mat / CinC layout). Truncation policy: a file holding
 * fewer frames than the header's length is a FormatError naming the file and both counts (a silently short
 * record would misplace every annotation and measurement after the cut).
 */
import { FormatError, ensure } from './errors.js';
import { LIMITS } from './types.js';
import { BIN_FORMATS, FLAC_FORMATS, WFDB_INVALID_SAMPLE, decodeFlat, samplesInBytes } from './wfdb-binformats.js';
import { decodeFlac } from './wfdb-flac.js';
import { isMatV4, isMatV5, readMatMatrix } from './mat-file.js';

export interface FileSignal {
  format: number;
  samplesPerFrame: number;
  skew: number;
  /** header initial value (format 8 starts its running sum there); undefined when absent */
  initValue?: number;
  adcZero?: number;
}

export interface FileGroup {
  /** name as written in the header */
  name: string;
  /** display path for errors */
  display: string;
  format: number;
  byteOffset: number;
  signals: FileSignal[];
}

export interface DecodedFile {
  /** per signal of the group: stored samples, `frames × samplesPerFrame` long */
  raw: Int32Array[];
  /** frames decoded (the header length plus the largest skew where the file has them) */
  frames: number;
  /** facts worth reporting (container, MD5 check, offset disagreements) */
  notes: string[];
  flacMd5?: 'ok' | 'mismatch' | 'absent';
}

/** Flat, frame-interleaved stream → one array per signal, `frames` frames long. */
function deinterleave(flat: Int32Array, signals: FileSignal[], frames: number): Int32Array[] {
  const tspf = signals.reduce((a, s) => a + s.samplesPerFrame, 0);
  const out = signals.map((s) => new Int32Array(frames * s.samplesPerFrame));
  let col = 0;
  signals.forEach((s, j) => {
    const o = out[j]!;
    const spf = s.samplesPerFrame;
    for (let f = 0, k = 0; f < frames; f++) {
      const base = f * tspf + col;
      for (let q = 0; q < spf; q++) o[k++] = flat[base + q]!;
    }
    col += spf;
  });
  return out;
}

function checkFrames(g: FileGroup, have: number, need: number | undefined, unit: string): void {
  if (need !== undefined && have < need) {
    throw new FormatError(g.display, `signal file is truncated: the header needs ${need} frames, the file holds ${have} (${unit}); check that the download completed`);
  }
  // Without a header length every frame present is read: bound that too before allocating.
  const tspf = g.signals.reduce((a, s) => a + s.samplesPerFrame, 0);
  const maxSpf = Math.max(...g.signals.map((s) => s.samplesPerFrame));
  const frames = need ?? have;
  ensure(frames * maxSpf <= LIMITS.maxSamplesPerLead && frames * tspf <= LIMITS.maxTotalSamples, g.display, `signal file holds ${frames} frames, more than ${LIMITS.maxSamplesPerLead} samples per signal can be read`);
}

/**
 * Decodes `group` from `bytes`. `length` is the header's frame count (undefined: as many frames as the file
 * holds); frames past it are read up to the largest skew when present.
 */
export function decodeSignalFile(group: FileGroup, bytes: Uint8Array, length: number | undefined): DecodedFile {
  const tspf = group.signals.reduce((a, s) => a + s.samplesPerFrame, 0);
  const maxSkew = Math.max(0, ...group.signals.map((s) => s.skew));
  const wanted = length === undefined ? undefined : length + maxSkew;
  ensure((wanted ?? 0) * tspf <= LIMITS.maxTotalSamples, group.display, `header asks for ${(wanted ?? 0) * tspf} samples from one file, more than ${LIMITS.maxTotalSamples}`);
  const notes: string[] = [];

  if (/\.mat$/i.test(group.name) && (isMatV4(bytes) || isMatV5(bytes))) {
    const m = readMatMatrix(bytes, group.display);
    notes.push(`MATLAB Level ${m.version} matrix "${m.name}" ${m.rows}×${m.cols} ${m.className}`);
    if (m.dataOffset !== undefined && group.byteOffset !== 0 && m.dataOffset !== group.byteOffset) {
      notes.push(`header byte offset ${group.byteOffset} differs from the matrix data offset ${m.dataOffset}; the matrix was read`);
    }
    let flat = m.values;
    let have: number;
    if (m.rows === tspf) have = m.cols;
    else if (m.cols === tspf && m.rows !== tspf) {
      // samples × signals: transpose into frame order
      have = m.rows;
      flat = new Int32Array(m.values.length);
      for (let c = 0; c < m.cols; c++) for (let r = 0; r < m.rows; r++) flat[r * m.cols + c] = m.values[c * m.rows + r]!;
    } else {
      throw new FormatError(group.display, `MAT matrix "${m.name}" is ${m.rows}×${m.cols}; the header puts ${tspf} samples per frame in this file`);
    }
    checkFrames(group, have, length, `${have} columns`);
    const frames = wanted === undefined ? have : Math.min(have, wanted);
    return { raw: deinterleave(flat, group.signals, frames), frames, notes };
  }

  const flacBits = FLAC_FORMATS[group.format];
  if (flacBits !== undefined) {
    const spf = group.signals[0]!.samplesPerFrame;
    ensure(group.signals.every((s) => s.samplesPerFrame === spf), group.display, 'FLAC signal files need the same samples per frame for every signal');
    const flac = decodeFlac(bytes, group.display);
    ensure(flac.channels.length === group.signals.length, group.display, `FLAC stream has ${flac.channels.length} channels; the header assigns ${group.signals.length} signals to it`);
    ensure(flac.bitsPerSample <= flacBits, group.display, `FLAC stream has ${flac.bitsPerSample}-bit samples; format ${group.format} allows at most ${flacBits}`);
    // For FLAC files the byte-offset field counts samples to skip.
    const start = group.byteOffset;
    const avail = Math.max(0, flac.channels[0]!.length - start);
    const have = Math.floor(avail / spf);
    checkFrames(group, have, length, `${flac.channels[0]!.length} FLAC samples`);
    const frames = wanted === undefined ? have : Math.min(have, wanted);
    const raw = flac.channels.map((ch) => ch.slice(start, start + frames * spf));
    return { raw, frames, notes, flacMd5: flac.md5 };
  }

  const f = BIN_FORMATS[group.format];
  ensure(f, group.display, `WFDB signal format ${group.format} is not supported (supported: 0, 8, 16, 24, 32, 61, 80, 160, 212, 310, 311, 508, 516, 524)`);
  ensure(group.byteOffset <= bytes.length, group.display, `header byte offset ${group.byteOffset} is past the end of the ${bytes.length}-byte file`);
  const have = Math.floor(samplesInBytes(f, bytes.length - group.byteOffset) / tspf);
  checkFrames(group, have, length, `${bytes.length} bytes`);
  const frames = wanted === undefined ? have : Math.min(have, wanted);
  const flat = decodeFlat(group.format, bytes, group.byteOffset, frames * tspf);
  const raw = deinterleave(flat, group.signals, frames);
  if (group.format === 8) {
    // First differences: each signal's samples are a running sum starting at its initial value.
    group.signals.forEach((s, j) => {
      const r = raw[j]!;
      let acc = s.initValue ?? s.adcZero ?? 0;
      for (let i = 0; i < r.length; i++) r[i] = acc += r[i]!;
    });
  }
  return { raw, frames, notes };
}

/** Samples of a null signal (format 0 or file "~"): all missing. */
export function nullSignal(frames: number, spf: number): Int32Array {
  return new Int32Array(frames * spf).fill(WFDB_INVALID_SAMPLE);
}
