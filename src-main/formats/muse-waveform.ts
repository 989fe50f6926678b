/**
 * One GE MUSE <Waveform> (WaveformType Rhythm or Median) → integer leads with their scale.
 *
 * <Waveform>
 *   <WaveformType>Rhythm</WaveformType> <SampleBase>500</SampleBase> <SampleExponent>0</SampleExponent>
 *   <LeadData> <LeadSampleCountTotal>5000</LeadSampleCountTotal> <LeadAmplitudeUnitsPerBit>4.88</…>
 *              <LeadAmplitudeUnits>MICROVOLTS</…> <LeadID>I</LeadID> <LeadSampleSize>2</…>
 *              <LeadDataCRC32>3658691806</…> <WaveFormData>Base64 of int16 LE</WaveFormData> </LeadData> …
 * </Waveform>
 */
import { crc32 } from 'node:zlib';
import type { RecordCheck } from '../ecg/record.js';
import { canonicalLead } from '../ecg/leads.js';
import { FormatError } from './errors.js';
import { LIMITS } from './types.js';
import { children, textAt, type XmlNode } from './xml-tree.js';
import { checkSampleCount, decodeBase64, int16le, num, requireNum } from './xml-values.js';
import { ensureUsableScale } from './scale.js';

/** LeadAmplitudeUnits → millivolts per unit */
const UNITS_MV: Record<string, number> = { MICROVOLTS: 1e-3, MILLIVOLTS: 1, VOLTS: 1e3 };

export interface MuseLeads {
  fs: number;
  leads: string[];
  values: Int32Array[];
  /** mV per LSB, per lead */
  mvPerBit: number[];
  checks: RecordCheck[];
}

export function readMuseWaveform(wf: XmlNode, file: string): MuseLeads {
  const type = textAt(wf, 'WaveformType') ?? 'unnamed';
  const base = requireNum(textAt(wf, 'SampleBase'), file, `${type} waveform SampleBase`);
  const exponent = num(textAt(wf, 'SampleExponent')) ?? 0;
  const fs = base * 10 ** exponent;
  if (!(fs > 0 && fs <= 100_000)) throw new FormatError(file, `${type} waveform sampling rate ${fs} Hz is out of range`);
  const leadData = children(wf, 'LeadData');
  if (leadData.length === 0) throw new FormatError(file, `${type} waveform has no LeadData (missing lead data)`);
  if (leadData.length > LIMITS.maxLeads) throw new FormatError(file, `${type} waveform has ${leadData.length} leads, more than ${LIMITS.maxLeads}`);

  const out: MuseLeads = { fs, leads: [], values: [], mvPerBit: [], checks: [] };
  for (const ld of leadData) {
    const id = textAt(ld, 'LeadID');
    if (!id) throw new FormatError(file, `${type} waveform: a LeadData element has no LeadID`);
    const what = `${type} lead ${id}`;
    const count = requireNum(textAt(ld, 'LeadSampleCountTotal'), file, `${what} LeadSampleCountTotal`);
    checkSampleCount(count, file, what);
    const size = num(textAt(ld, 'LeadSampleSize')) ?? 2;
    if (size !== 2) throw new FormatError(file, `${what}: LeadSampleSize ${size} is not supported (only 2-byte samples)`);
    const unitsText = textAt(ld, 'LeadAmplitudeUnits') ?? 'MICROVOLTS';
    const unit = UNITS_MV[unitsText.toUpperCase()];
    if (unit === undefined) throw new FormatError(file, `${what}: unknown LeadAmplitudeUnits "${unitsText}"`);
    const perBit = requireNum(textAt(ld, 'LeadAmplitudeUnitsPerBit'), file, `${what} LeadAmplitudeUnitsPerBit`);
    if (!(perBit > 0)) throw new FormatError(file, `${what}: LeadAmplitudeUnitsPerBit ${perBit} must be positive`);
    ensureUsableScale(file, `${what} LeadAmplitudeUnitsPerBit`, perBit * unit, 0, 2 ** 15);
    const data = textAt(ld, 'WaveFormData');
    if (!data) throw new FormatError(file, `${what}: WaveFormData is empty (missing lead data)`);
    // Base64 holds 3 bytes per 4 characters: a count the text cannot hold is refused before decoding.
    if (2 * count > (data.length * 3) / 4) {
      throw new FormatError(file, `${what}: LeadSampleCountTotal ${count} needs ${2 * count} bytes but WaveFormData holds at most ${Math.floor((data.length * 3) / 4)}`);
    }
    const bytes = decodeBase64(data, file, what);
    if (bytes.length < 2 * count) throw new FormatError(file, `${what}: WaveFormData holds ${bytes.length} bytes, expected ${2 * count} (missing lead data)`);

    const declared = num(textAt(ld, 'LeadDataCRC32'));
    if (declared !== undefined) {
      const actual = crc32(bytes);
      out.checks.push({
        name: `crc32:${type}:${id}`,
        status: actual === declared ? 'ok' : 'mismatch',
        ...(actual === declared ? {} : { detail: `file says ${declared}, data gives ${actual}` }),
      });
    }
    out.leads.push(canonicalLead(id));
    out.values.push(int16le(bytes, count));
    out.mvPerBit.push(perBit * unit);
  }
  const n = Math.min(...out.values.map((v) => v.length));
  if (out.values.some((v) => v.length !== n)) {
    out.checks.push({ name: `equal-lengths:${type}`, status: 'mismatch', detail: `leads cut to the shortest, ${n} samples` });
    out.values = out.values.map((v) => v.subarray(0, n));
  }
  return out;
}

/** Integer leads → mV arrays. */
export function museMillivolts(w: MuseLeads): Float32Array[] {
  return w.values.map((v, k) => {
    const scale = w.mvPerBit[k]!;
    const mv = new Float32Array(v.length);
    for (let t = 0; t < v.length; t++) mv[t] = v[t]! * scale;
    return mv;
  });
}
