/**
 * Philips representative beats (<waveforms>/<repbeats>): uncompressed little-endian int16, Base64 encoded.
 *
 * | version | sample rate / resolution         | one lead                                                     |
 * |---------|----------------------------------|--------------------------------------------------------------|
 * | 1.03    | repbeats@samplespersec, @resolution | <repbeat leadname="I" duration="1200">Base64</repbeat>     |
 * | 1.04    | same attributes                  | <repbeat leadname="I"> … <waveform duration="2400">Base64</waveform> |
 *
 * The decoded buffer is longer than the beat: 1.04 files fill its second half with 32767, so trailing 32767s
 * are padding, not signal (a real 82 mV sample at 2.5 µV per LSB is not an ECG).
 */
import type { WaveformSet } from '../ecg/record.js';
import { canonicalLead } from '../ecg/leads.js';
import { FormatError } from './errors.js';
import { LIMITS } from './types.js';
import { at, attr, child, children, type XmlNode } from './xml-tree.js';
import { decodeBase64, int16le, num } from './xml-values.js';
import { ensureUsableScale } from './scale.js';

const PADDING = 32767;

export function philipsRepBeats(root: XmlNode, file: string): WaveformSet | undefined {
  const rb = at(root, 'waveforms/repbeats');
  const beats = children(rb, 'repbeat');
  if (!rb || beats.length === 0) return undefined;
  const fs = num(attr(rb, 'samplespersec') ?? attr(rb, 'samplespersecond'));
  const resolution = num(attr(rb, 'resolution'));
  if (fs === undefined || !(fs > 0) || resolution === undefined || !(resolution > 0)) {
    throw new FormatError(file, 'repbeats lacks a positive samplespersec or resolution');
  }
  ensureUsableScale(file, 'repbeats resolution', resolution / 1000, 0, 2 ** 15);
  if (attr(rb, 'dataencoding') !== 'Base64') throw new FormatError(file, `unsupported repbeats dataencoding "${attr(rb, 'dataencoding') ?? ''}"`);
  const leads: string[] = [];
  const samples: Float32Array[] = [];
  for (const beat of beats) {
    const name = attr(beat, 'leadname');
    const text = (child(beat, 'waveform') ?? beat).text;
    if (!name || !text.trim()) continue;
    const bytes = decodeBase64(text, file, `repbeat ${name}`);
    const n = bytes.length >> 1;
    if (n > LIMITS.maxSamplesPerLead) throw new FormatError(file, `repbeat ${name} is longer than ${LIMITS.maxSamplesPerLead} samples`);
    const v = int16le(bytes, n);
    let end = n;
    while (end > 0 && v[end - 1] === PADDING) end--;
    const mv = new Float32Array(end);
    for (let t = 0; t < end; t++) mv[t] = (v[t]! * resolution) / 1000;
    leads.push(canonicalLead(name));
    samples.push(mv);
  }
  if (!samples.length) return undefined;
  // WaveformSet leads share one length; a device that wrote uneven beats is cut to the shortest.
  const len = Math.min(...samples.map((s) => s.length));
  return {
    kind: attr(rb, 'repbeatmethod') === 'median' ? 'median' : 'representative',
    fs,
    leads,
    samples: samples.map((s) => s.subarray(0, len)),
  };
}
