/**
 * One multiplex group of the DICOM Waveform Module (PS3.3 §C.10.9): an item of the Waveform Sequence
 * (5400,0100) holding channels sampled together. Waveform Data (5400,1010) interleaves them sample by sample:
 *   C1S1 C2S1 … CnS1 C1S2 … CnSm
 * in the data set's byte order, with the width and meaning given by Waveform Bits Allocated (5400,1004) and
 * Waveform Sample Interpretation (5400,1006).
 */
import type { LeadName } from '../ecg/leads.js';
import type { DigitalLead } from '../ecg/record.js';
import { tagName, type Code, type DicomView } from './dicom-dataset.js';
import { channelLead } from './dicom-leads.js';
import { FormatError } from './errors.js';
import { LIMITS } from './types.js';
import { ensureUsableScale } from './scale.js';

type Read = (dv: DataView, offset: number, le: boolean) => number;

/** Waveform Sample Interpretation → bits allocated, decoding, and whether every value fits a 32-bit integer. */
const INTERPRETATIONS: Record<string, { bits: number; read: Read; int32: boolean }> = {
  SB: { bits: 8, int32: true, read: (dv, o) => dv.getInt8(o) },
  UB: { bits: 8, int32: true, read: (dv, o) => dv.getUint8(o) },
  MB: { bits: 8, int32: true, read: (dv, o) => muLaw(dv.getUint8(o)) },
  AB: { bits: 8, int32: true, read: (dv, o) => aLaw(dv.getUint8(o)) },
  SS: { bits: 16, int32: true, read: (dv, o, le) => dv.getInt16(o, le) },
  US: { bits: 16, int32: true, read: (dv, o, le) => dv.getUint16(o, le) },
  SL: { bits: 32, int32: true, read: (dv, o, le) => dv.getInt32(o, le) },
  UL: { bits: 32, int32: false, read: (dv, o, le) => dv.getUint32(o, le) },
  SV: { bits: 64, int32: false, read: (dv, o, le) => Number(dv.getBigInt64(o, le)) },
  UV: { bits: 64, int32: false, read: (dv, o, le) => Number(dv.getBigUint64(o, le)) },
};

/** ITU-T G.711 µ-law byte → 16-bit linear PCM (the reference g711.c expansion). */
export function muLaw(byte: number): number {
  const u = ~byte & 0xff;
  const t = (((u & 0x0f) << 3) + 0x84) << ((u & 0x70) >> 4);
  return u & 0x80 ? 0x84 - t : t - 0x84;
}

/** ITU-T G.711 A-law byte → 16-bit linear PCM (the reference g711.c expansion). */
export function aLaw(byte: number): number {
  const a = byte ^ 0x55;
  let t = (a & 0x0f) << 4;
  const seg = (a & 0x70) >> 4;
  if (seg === 0) t += 8;
  else if (seg === 1) t += 0x108;
  else t = (t + 0x108) << (seg - 1);
  return a & 0x80 ? t : -t;
}

/** Channel Sensitivity Units (UCUM code values, CID 3082) → mV per unit. */
const UNIT_MV: Record<string, number> = { nV: 1e-6, uV: 1e-3, 'µV': 1e-3, mV: 1, V: 1000 };

export interface Channel {
  lead: LeadName;
  source?: Code;
  mv: Float32Array;
  digital?: DigitalLead;
  filters: { lowHz?: number; highHz?: number; notchHz?: number };
  skewMs?: number;
}

export interface MultiplexGroup {
  /** 1-based position in the Waveform Sequence, as annotations reference it */
  index: number;
  label?: string;
  originality?: string;
  fs: number;
  samples: number;
  interpretation: string;
  channels: Channel[];
}

export function readMultiplexGroup(item: DicomView, index: number): MultiplexGroup {
  const file = item.file;
  const where = `Waveform Sequence item ${index}`;
  const fail = (reason: string): never => {
    throw new FormatError(file, `DICOM ${where}: ${reason}`);
  };
  const nChannels = item.uint16('x003a0005') ?? fail('no Number of Waveform Channels (003A,0005)');
  const nSamples = item.uint32('x003a0010') ?? fail('no Number of Waveform Samples (003A,0010)');
  const fs = item.number('x003a001a') ?? fail('no Sampling Frequency (003A,001A)');
  const bits = item.uint16('x54001004') ?? fail('no Waveform Bits Allocated (5400,1004)');
  const interpretation = item.text('x54001006') ?? fail('no Waveform Sample Interpretation (5400,1006)');
  const kind = INTERPRETATIONS[interpretation] ?? fail(`sample interpretation "${interpretation}" is not one DICOM defines`);
  if (kind.bits !== bits) fail(`sample interpretation ${interpretation} needs ${kind.bits} bits allocated, not ${bits}`);
  if (!(fs > 0)) fail(`sampling frequency ${fs} Hz`);
  if (nChannels < 1 || nChannels > LIMITS.maxLeads) fail(`${nChannels} channels is outside 1..${LIMITS.maxLeads}`);
  if (nSamples < 1 || nSamples > LIMITS.maxSamplesPerLead || nSamples * nChannels > LIMITS.maxTotalSamples) {
    fail(`${nSamples} samples × ${nChannels} channels exceeds the limits`);
  }
  const data = item.bytes('x54001010') ?? fail('no Waveform Data (5400,1010)');
  const width = bits / 8;
  if (data.length < nSamples * nChannels * width) {
    fail(`Waveform Data holds ${data.length} bytes, ${nSamples} × ${nChannels} × ${width} expected: the file is truncated`);
  }
  const defs = item.items('x003a0200');
  if (defs.length !== nChannels) fail(`Channel Definition Sequence (003A,0200) has ${defs.length} items for ${nChannels} channels`);

  const dv = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const le = item.littleEndian;
  const channels = defs.map((def, c) => {
    const sample = (s: number) => kind.read(dv, (s * nChannels + c) * width, le);
    return readChannel(def, c, { n: nSamples, sample, int32: kind.int32 }, fs, `${where} channel ${c + 1}`);
  });
  return { index, label: item.text('x003a0020'), originality: item.text('x003a0004'), fs, samples: nSamples, interpretation, channels };
}

interface RawChannel {
  n: number;
  sample: (s: number) => number;
  int32: boolean;
}

function readChannel(def: DicomView, c: number, raw: RawChannel, fs: number, where: string): Channel {
  const file = def.file;
  const source = def.code('x003a0208');
  const label = def.text('x003a0203');
  const lead = channelLead(source, label) ?? `channel ${c + 1}`;
  const sensitivity = def.number('x003a0210');
  if (sensitivity === undefined || sensitivity === 0) {
    throw new FormatError(file, `DICOM ${where} (${lead}) has no Channel Sensitivity ${tagName('x003a0210')}: its samples are in arbitrary units, not volts`);
  }
  const units = def.code('x003a0211');
  const unitMv = UNIT_MV[units?.value ?? ''];
  if (unitMv === undefined) {
    throw new FormatError(file, `DICOM ${where} (${lead}): Channel Sensitivity Units "${units?.value ?? 'absent'}" are not a voltage (nV, uV, mV, V)`);
  }
  const correction = def.number('x003a0212') ?? 1;
  const baseline = def.number('x003a0213') ?? 0;
  // PS3.3 §C.10.9.1.4 (Channel Definition Sequence): value in Channel Sensitivity Units
  //   = sample × Channel Sensitivity (003A,0210) × Channel Sensitivity Correction Factor (003A,0212)
  //     + Channel Baseline (003A,0213)
  const perUnit = sensitivity * correction;
  ensureUsableScale(file, `DICOM ${where} (${lead}) Channel Sensitivity and Baseline`, perUnit * unitMv, baseline * unitMv, raw.int32 ? 2 ** 31 : 2 ** 64);
  const mv = new Float32Array(raw.n);
  const ints = raw.int32 ? new Int32Array(raw.n) : undefined;
  for (let s = 0; s < raw.n; s++) {
    const v = raw.sample(s);
    mv[s] = (v * perUnit + baseline) * unitMv;
    if (ints) ints[s] = v;
  }
  const digital: DigitalLead | undefined = ints && { values: ints, gain: 1 / (perUnit * unitMv), baseline: baseline ? -baseline / perUnit : 0 };
  const skewMs = def.number('x003a0215');
  const shift = skewMs ? Math.round((skewMs * fs) / 1000) : 0;
  if (shift) {
    delay(mv, shift);
    if (digital) delay(digital.values, shift);
  }
  const filters = { lowHz: def.number('x003a0220'), highHz: def.number('x003a0221'), notchHz: def.number('x003a0222') };
  for (const k of Object.keys(filters) as Array<keyof typeof filters>) if (filters[k] === undefined) delete filters[k];
  return { lead, source, mv, digital, filters, ...(skewMs ? { skewMs } : {}) };
}

/**
 * Channel Sample Skew (003A,0215) is how much later than the group's start a channel's first sample was taken;
 * moving the channel that many whole samples later puts it on the group's time axis. The samples before its
 * first one repeat that first value.
 */
function delay(a: Float32Array | Int32Array, shift: number): void {
  const n = a.length;
  if (shift > 0) {
    const k = Math.min(shift, n);
    a.copyWithin(k, 0, n - k);
    a.fill(a[k] ?? 0, 0, k);
  } else {
    const k = Math.min(-shift, n);
    a.copyWithin(0, k, n);
    a.fill(a[n - k - 1] ?? 0, n - k, n);
  }
}
