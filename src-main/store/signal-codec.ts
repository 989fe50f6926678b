/**
 * Signal blob codec: a set of leads ↔ one compact blob that decodes to exactly the same values.
 *
 * Blob layout (version 1):
 * | bytes      | content                                                                  |
 * |------------|--------------------------------------------------------------------------|
 * | 0–3        | magic "ECGS"                                                             |
 * | 4          | codec version (1)                                                        |
 * | 5–8        | u32 LE: length H of the layout JSON                                      |
 * | 9…9+H      | layout JSON: { fs, n, leads: [{ name, store, derived?, gain?, baseline? }] } |
 * | 9+H…       | brotli (quality 1) of the payload: each lead's stored parts, in layout order |
 *
 * How each lead is stored (`store`):
 * | store     | payload part                                   | when                                              |
 * |-----------|------------------------------------------------|---------------------------------------------------|
 * | int       | delta-zigzag-varint of the digital values      | digital present and (d − baseline) / gain reproduces the mV samples bit for bit |
 * | int+f32   | the varint stream, then n float32 (LE)         | digital present but the reader's mV differ (NaN for invalid samples, other rounding) |
 * | f32       | n float32 (LE)                                 | no digital values (floating-point sources, edited data) |
 * | recompute | nothing                                        | a derived limb lead that ecg/derived.ts reproduces bit for bit from I and II |
 *
 * Brotli quality 1 was chosen by measurement (bench/codec.ts, the 60 CinC fixtures, varint stream included):
 * 0.296 of the raw int16 size at 0.40 ms per record, against 0.298 at 0.88 ms for deflate level 1, 0.305 at
 * 0.52 ms for Huffman-only deflate and 0.282 at 1.74 ms for brotli quality 5; the varint stream alone is 0.524
 * and raw int16 through deflate level 6 is 0.418 at 2.9 ms.
 */
import { createHash } from 'node:crypto';
import { endianness } from 'node:os';
import { brotliCompressSync, brotliDecompressSync, constants } from 'node:zlib';
import type { DigitalLead } from '../ecg/record.js';
import type { LeadName } from '../ecg/leads.js';
import { LIMB_RELATIONS, deriveLead } from '../ecg/derived.js';
import { maxDeltaVarintBytes, readDeltaVarint, writeDeltaVarint } from './delta-varint.js';

export const SIGNAL_CODEC_VERSION = 1;
const MAGIC = [0x45, 0x43, 0x47, 0x53]; // "ECGS"
const PREFIX_BYTES = 9;

if (endianness() !== 'LE') throw new Error('the signal codec stores float32 little-endian and needs a little-endian machine');

/** The part of an EcgRecord (or a WaveformSet) the codec carries. */
export interface LeadSet {
  fs: number;
  leads: LeadName[];
  samples: Float32Array[];
  digital?: Array<DigitalLead | undefined>;
  derived?: LeadName[];
}

type LeadStore = 'int' | 'int+f32' | 'f32' | 'recompute';
interface LeadLayout {
  name: LeadName;
  store: LeadStore;
  derived?: true;
  gain?: number;
  baseline?: number;
}
interface Layout {
  fs: number;
  n: number;
  leads: LeadLayout[];
}

export interface EncodedSignals {
  blob: Uint8Array;
  /** sha256 of layout + payload: equal content gives an equal hash whatever the file it came from */
  sha256: string;
}

export class SignalBlobError extends Error {
  override readonly name = 'SignalBlobError';
}

function sameBits(a: Float32Array, b: Float32Array): boolean {
  if (a.length !== b.length) return false;
  const x = new Uint32Array(a.buffer, a.byteOffset, a.length);
  const y = new Uint32Array(b.buffer, b.byteOffset, b.length);
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
  return true;
}

function millivolts(d: DigitalLead, n: number): Float32Array {
  const out = new Float32Array(n);
  const { values, gain, baseline } = d;
  for (let i = 0; i < n; i++) out[i] = (values[i]! - baseline) / gain;
  return out;
}

function isRecomputable(name: LeadName): name is keyof typeof LIMB_RELATIONS {
  return Object.prototype.hasOwnProperty.call(LIMB_RELATIONS, name);
}

function planLeads(set: LeadSet, n: number): LeadLayout[] {
  const derived = new Set(set.derived ?? []);
  const iIdx = set.leads.indexOf('I');
  const iiIdx = set.leads.indexOf('II');
  const limbSource = iIdx >= 0 && iiIdx >= 0 && !derived.has('I') && !derived.has('II');
  return set.leads.map((name, k) => {
    const samples = set.samples[k]!;
    const flag = derived.has(name) ? ({ derived: true } as const) : {};
    if (derived.has(name) && limbSource && isRecomputable(name)
      && sameBits(deriveLead(name, set.samples[iIdx]!, set.samples[iiIdx]!), samples)) {
      return { name, store: 'recompute', ...flag };
    }
    const d = set.digital?.[k];
    if (d && d.values.length === n) {
      const store: LeadStore = sameBits(millivolts(d, n), samples) ? 'int' : 'int+f32';
      return { name, store, gain: d.gain, baseline: d.baseline, ...flag };
    }
    return { name, store: 'f32', ...flag };
  });
}

export function encodeSignals(set: LeadSet): EncodedSignals {
  const n = set.samples[0]?.length ?? 0;
  if (set.samples.length !== set.leads.length) throw new Error(`${set.leads.length} lead names for ${set.samples.length} sample arrays`);
  for (const s of set.samples) if (s.length !== n) throw new Error('leads of one record must have equal lengths');
  const leads = planLeads(set, n);
  let cap = 0;
  for (const l of leads) cap += (l.store.startsWith('int') ? maxDeltaVarintBytes(n) : 0) + (l.store.endsWith('f32') ? 4 * n : 0);
  const payload = new Uint8Array(cap);
  let p = 0;
  leads.forEach((l, k) => {
    if (l.store === 'int' || l.store === 'int+f32') p = writeDeltaVarint(set.digital![k]!.values, payload, p);
    if (l.store === 'f32' || l.store === 'int+f32') {
      const s = set.samples[k]!;
      payload.set(new Uint8Array(s.buffer, s.byteOffset, 4 * n), p);
      p += 4 * n;
    }
  });
  const layoutJson = Buffer.from(JSON.stringify({ fs: set.fs, n, leads } satisfies Layout), 'utf8');
  const raw = payload.subarray(0, p);
  const packed = brotliCompressSync(raw, { params: { [constants.BROTLI_PARAM_QUALITY]: 1, [constants.BROTLI_PARAM_SIZE_HINT]: raw.length } });
  const blob = new Uint8Array(PREFIX_BYTES + layoutJson.length + packed.length);
  blob.set(MAGIC, 0);
  blob[4] = SIGNAL_CODEC_VERSION;
  new DataView(blob.buffer).setUint32(5, layoutJson.length, true);
  blob.set(layoutJson, PREFIX_BYTES);
  blob.set(packed, PREFIX_BYTES + layoutJson.length);
  const sha256 = createHash('sha256').update(layoutJson).update(raw).digest('hex');
  return { blob, sha256 };
}

function readLayout(blob: Uint8Array): { layout: Layout; bodyAt: number } {
  if (blob.length < PREFIX_BYTES || MAGIC.some((b, i) => blob[i] !== b)) throw new SignalBlobError('not a signal blob (bad magic)');
  if (blob[4] !== SIGNAL_CODEC_VERSION) throw new SignalBlobError(`signal blob codec version ${blob[4]} is not supported`);
  const h = new DataView(blob.buffer, blob.byteOffset, blob.byteLength).getUint32(5, true);
  if (PREFIX_BYTES + h > blob.length) throw new SignalBlobError('signal blob layout runs past its end');
  const layout = JSON.parse(Buffer.from(blob.buffer, blob.byteOffset + PREFIX_BYTES, h).toString('utf8')) as Layout;
  if (!Number.isInteger(layout.n) || layout.n < 0 || !Array.isArray(layout.leads)) throw new SignalBlobError('signal blob layout is malformed');
  return { layout, bodyAt: PREFIX_BYTES + h };
}

export function decodeSignals(blob: Uint8Array): LeadSet {
  const { layout, bodyAt } = readLayout(blob);
  const { n } = layout;
  const bound = layout.leads.length * n * 9;
  let payload: Uint8Array;
  try {
    payload = brotliDecompressSync(blob.subarray(bodyAt), { maxOutputLength: Math.max(bound, 1) });
  } catch (e) {
    throw new SignalBlobError(`signal blob payload does not decompress: ${(e as Error).message}`);
  }
  const samples: Float32Array[] = [];
  const digital: Array<DigitalLead | undefined> = [];
  let p = 0;
  for (const l of layout.leads) {
    let s: Float32Array | undefined;
    let d: DigitalLead | undefined;
    if (l.store === 'int' || l.store === 'int+f32') {
      const values = new Int32Array(n);
      p = readDeltaVarint(payload, p, values);
      if (p < 0) throw new SignalBlobError(`signal blob lead ${l.name}: integer stream is truncated`);
      d = { values, gain: l.gain!, baseline: l.baseline! };
      if (l.store === 'int') s = millivolts(d, n);
    }
    if (l.store === 'f32' || l.store === 'int+f32') {
      if (p + 4 * n > payload.length) throw new SignalBlobError(`signal blob lead ${l.name}: float samples are truncated`);
      s = new Float32Array(payload.buffer.slice(payload.byteOffset + p, payload.byteOffset + p + 4 * n));
      p += 4 * n;
    }
    samples.push(s ?? new Float32Array(0));
    digital.push(d);
  }
  if (p !== payload.length) throw new SignalBlobError('signal blob has trailing bytes');
  const names = layout.leads.map((l) => l.name);
  layout.leads.forEach((l, k) => {
    if (l.store !== 'recompute') return;
    const i = names.indexOf('I');
    const ii = names.indexOf('II');
    if (!isRecomputable(l.name) || i < 0 || ii < 0) throw new SignalBlobError(`signal blob lead ${l.name} cannot be recomputed`);
    samples[k] = deriveLead(l.name, samples[i]!, samples[ii]!);
  });
  const set: LeadSet = { fs: layout.fs, leads: names, samples };
  if (digital.some((d) => d)) set.digital = digital;
  const derived = layout.leads.filter((l) => l.derived).map((l) => l.name);
  if (derived.length) set.derived = derived;
  return set;
}
