/**
 * WFDB writer: a format 16 record (.hea text + .dat bytes), leads in canonical order, units mV,
 * description = lead name (https://physionet.org/physiotools/wag/header-5.htm, signal-5.htm).
 *
 * | lead has | gain (ADC units/mV) | baseline | samples |
 * |---|---|---|---|
 * | source digital values within int16 | the source gain | the source baseline rounded to an integer (WFDB baselines are integers; the shift is reported) | the source integers, unchanged |
 * | no digital values, or values beyond int16 | 1000 (1 µV per unit) | 0 | round(mV × 1000), clamped to ±32767 and reported |
 *
 * A missing sample (NaN in mV, whatever marker the source used: −2048 in format 212, −8388608 in 24…) is
 * written as −32768, format 16's "no sample", so it stays missing rather than becoming a voltage.
 */
import type { EcgRecord } from '../../ecg/record.js';
import { assertEqualLengths, canonicalLeadIndices } from './lead-order.js';

export interface WfdbWriteResult {
  header: string;
  dat: Uint8Array;
  /** what the conversion could not keep exactly, one line per lead and issue */
  warnings: string[];
}

const INT16_MIN = -32768;
const INT16_MAX = 32767;
/** Format 16 reserves −32768 for "no sample". */
const INVALID = INT16_MIN;
const DEFAULT_GAIN = 1000;

interface Channel {
  name: string;
  gain: number;
  baseline: number;
  at: (t: number) => number;
}

function channelFor(record: EcgRecord, k: number, warnings: string[]): Channel {
  const name = record.leads[k]!;
  const d = record.digital?.[k];
  const s = record.samples[k]!;
  if (d && Number.isFinite(d.gain) && d.gain !== 0 && Number.isFinite(d.baseline)) {
    let lo = Infinity, hi = -Infinity, collisions = 0;
    for (let i = 0; i < d.values.length; i++) {
      if (Number.isNaN(s[i]!)) continue;
      const v = d.values[i]!;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
      if (v === INVALID) collisions++;
    }
    if (lo === Infinity || (lo >= INT16_MIN && hi <= INT16_MAX)) {
      const baseline = Math.round(d.baseline) || 0;
      if (baseline !== d.baseline) {
        const shift = ((baseline - d.baseline) / d.gain) * 1000;
        warnings.push(`${name}: baseline ${d.baseline} rounded to ${baseline} (WFDB baselines are integers); values shift by ${+(-shift).toPrecision(3)} µV`);
      }
      if (collisions) warnings.push(`${name}: ${collisions} source samples equal −32768, which WFDB readers take as "no sample"`);
      const values = d.values;
      return { name, gain: d.gain, baseline, at: (t) => (Number.isNaN(s[t]!) ? INVALID : values[t]!) };
    }
    warnings.push(`${name}: source digital values span ${lo}…${hi}, beyond format 16; re-quantised at ${DEFAULT_GAIN}/mV`);
  }
  let clamped = 0, missing = 0;
  const values = new Int16Array(s.length);
  for (let t = 0; t < s.length; t++) {
    const v = s[t]!;
    if (Number.isNaN(v)) {
      values[t] = INVALID;
      missing++;
      continue;
    }
    const q = Math.round(v * DEFAULT_GAIN);
    if (q > INT16_MAX || q < -INT16_MAX) clamped++;
    values[t] = Math.max(-INT16_MAX, Math.min(INT16_MAX, q));
  }
  if (clamped) warnings.push(`${name}: ${clamped} samples beyond ±${INT16_MAX / DEFAULT_GAIN} mV clamped`);
  if (missing) warnings.push(`${name}: ${missing} NaN samples written as −32768 ("no sample")`);
  return { name, gain: DEFAULT_GAIN, baseline: 0, at: (t) => values[t]! };
}

// Base time and date on the record line: HH:MM:SS[.sss] DD/MM/YYYY, from the ISO local time.
function baseTimeDate(iso: string | undefined): string {
  const m = iso && /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}):(\d{2}(?:\.\d+)?))?/.exec(iso);
  if (!m) return '';
  const time = m[4] ? `${m[4]}:${m[5]}:${m[6]}` : '00:00:00';
  return ` ${time} ${m[3]}/${m[2]}/${m[1]}`;
}

/** The signal description runs to the end of the line: keep it on one line. */
const description = (name: string) => name.replace(/[\x00-\x1f\x7f]/g, ' ');

export function writeWfdb(record: EcgRecord, recordName: string): WfdbWriteResult {
  if (!/^[A-Za-z0-9_-]+$/.test(recordName)) {
    throw new RangeError(`WFDB record name "${recordName}" may hold only letters, digits, '_' and '-'`);
  }
  if (record.leads.length === 0) throw new RangeError('a WFDB record needs at least one signal');
  if (!(record.fs > 0)) throw new RangeError(`sampling rate ${record.fs} Hz is not positive`);
  const n = assertEqualLengths(record);
  const warnings: string[] = [];
  const channels = canonicalLeadIndices(record).map((k) => channelFor(record, k, warnings));

  const dat = new Uint8Array(n * channels.length * 2);
  const view = new DataView(dat.buffer);
  const sums = channels.map(() => 0);
  let pos = 0;
  for (let t = 0; t < n; t++) {
    channels.forEach((c, j) => {
      const v = c.at(t);
      view.setInt16(pos, v, true);
      sums[j] = (sums[j]! + v) & 0xffff;
      pos += 2;
    });
  }

  // Record line: name nsig fs nsamp [basetime basedate]
  const lines = [`${recordName} ${channels.length} ${record.fs} ${n}${baseTimeDate(record.startTime)}`];
  channels.forEach((c, j) => {
    const checksum = sums[j]! > INT16_MAX ? sums[j]! - 0x10000 : sums[j]!;
    const initial = n > 0 ? c.at(0) : 0;
    // Signal line: file format gain(baseline)/units adcres adczero initval checksum blocksize description
    lines.push(`${recordName}.dat 16 ${c.gain}(${c.baseline})/mV 16 0 ${initial} ${checksum} 0 ${description(c.name)}`);
  });
  return { header: lines.join('\n') + '\n', dat, warnings };
}
