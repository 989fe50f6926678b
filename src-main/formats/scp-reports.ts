/**
 * SCP-ECG analysis sections (EN 1064 §5.10–5.13, version 2.0 layouts): global measurements (7), textual
 * interpretive statements (8), per-lead measurements (10) and universal statement codes (11).
 * Measurement values 29999 (not computed), 29998 (lead rejected) and 19999 (wave absent) and axis 999
 * (undefined) mean "no value" and are left out.
 */
import type { Measurements } from '../ecg/record.js';
import { ScpBytes, scpText } from './scp-bytes.js';
import { scpDate, scpTime } from './scp-header.js';
import { scpLeadName } from './scp-leads.js';

const isValue = (v: number) => v < 19999;
const isAxis = (v: number) => v !== 999 && v >= -360 && v <= 360;

export interface GlobalMeasurements {
  measurements: Measurements;
  /** wave boundaries of reference beat 0 in ms from its start */
  referenceBeatMarks: Record<string, number>;
  /** QRS type of each complex, in section 4 order */
  qrsTypes: number[];
}

/**
 * Section 7: number of reference beat types(1) number of pacemaker spikes(1) mean RR(2) mean PP(2);
 * per reference beat type: P on(2) P off(2) QRS on(2) QRS off(2) T off(2) P axis(2) QRS axis(2) T axis(2);
 * per spike: time(2) amplitude(2); per spike: type(1) source(1) trigger index(2) pulse width(2);
 * number of QRS(2) and a type byte per QRS; ventricular rate(2) atrial rate(2) QTc(2) HR correction formula(1) …
 */
export function readGlobalMeasurements(d: ScpBytes): GlobalMeasurements {
  const m: Measurements = {};
  const marks: Record<string, number> = {};
  const types = d.u8('number of reference beat types');
  const spikes = d.u8('number of pacemaker spikes');
  const rr = d.u16('mean RR');
  const pp = d.u16('mean PP');
  if (isValue(rr) && rr > 0) m.rr = rr;
  if (isValue(pp) && pp > 0) m.pp = pp;
  d.need(16 * types, 'reference beat measurements');
  for (let t = 0; t < types; t++) {
    const [pOn, pOff, qrsOn, qrsOff, tOff] = [0, 0, 0, 0, 0].map(() => d.u16('wave boundary'));
    const [pAxis, qrsAxis, tAxis] = [0, 0, 0].map(() => d.i16('axis'));
    if (t !== 0) continue; // type 0 is the reference beat the rest of the record refers to
    const bounds = { pOnset: pOn!, pOffset: pOff!, qrsOnset: qrsOn!, qrsOffset: qrsOff!, tOffset: tOff! };
    for (const [k, v] of Object.entries(bounds)) if (isValue(v)) marks[k] = v;
    if (isValue(pOn!) && isValue(pOff!)) m.pDuration = pOff! - pOn!;
    if (isValue(pOn!) && isValue(qrsOn!)) m.pr = qrsOn! - pOn!;
    if (isValue(qrsOn!) && isValue(qrsOff!)) m.qrs = qrsOff! - qrsOn!;
    if (isValue(qrsOn!) && isValue(tOff!)) m.qt = tOff! - qrsOn!;
    if (isAxis(pAxis!)) m.pAxis = pAxis!;
    if (isAxis(qrsAxis!)) m.qrsAxis = qrsAxis!;
    if (isAxis(tAxis!)) m.tAxis = tAxis!;
  }
  const qrsTypes: number[] = [];
  if (d.remaining >= 10 * spikes + 2) {
    d.skip(10 * spikes, 'pacemaker spikes');
    const n = d.u16('number of QRS complexes');
    if (isValue(n) && d.remaining >= n) for (let i = 0; i < n; i++) qrsTypes.push(d.u8('QRS type'));
    if (d.remaining >= 6) {
      const vent = d.u16('ventricular rate');
      const atrial = d.u16('atrial rate');
      const qtc = d.u16('QTc');
      if (isValue(vent) && vent > 0) m.hr = vent;
      if (isValue(atrial) && atrial > 0) m.atrialRate = atrial;
      if (isValue(qtc) && qtc > 0) m.qtc = qtc;
    }
  }
  return { measurements: m, referenceBeatMarks: marks, qrsTypes };
}

export interface Interpretation {
  statements: string[];
  /** 0 original, 1 confirmed, 2 overread but not confirmed */
  confirmation?: number;
  dateTime?: string;
}

const CONFIRMATION = ['original', 'confirmed', 'overread'] as const;

export function confirmationName(code: number | undefined): string | undefined {
  return code === undefined ? undefined : CONFIRMATION[code];
}

/**
 * Sections 8 and 11 share a header: confirmation(1) year(2) month(1) day(1) hour(1) minute(1) second(1)
 * number of statements(1). Section 8 statements: sequence number(1) length(2) text(length).
 * Section 11 statements: sequence number(1) length(2) type(1) text or NUL-separated codes(length − 1).
 */
export function readInterpretation(d: ScpBytes, utf8: boolean, typed: boolean): Interpretation {
  const confirmation = d.u8('confirmation');
  const date = scpDate(d.take(4, 'statement date'));
  const time = scpTime(d.take(3, 'statement time'));
  const n = d.u8('number of statements');
  const statements: string[] = [];
  for (let i = 0; i < n; i++) {
    d.u8('statement sequence number');
    let len = d.u16('statement length');
    if (typed && len > 0) {
      d.u8('statement type');
      len -= 1;
    }
    const bytes = d.take(len, 'statement text');
    const parts: string[] = [];
    let from = 0;
    for (let j = 0; j <= bytes.length; j++) {
      if (j === bytes.length || bytes[j] === 0) {
        const s = scpText(bytes.subarray(from, j), utf8);
        if (s) parts.push(s);
        from = j + 1;
      }
    }
    if (parts.length) statements.push(parts.join(' '));
  }
  return { statements, confirmation: confirmation <= 2 ? confirmation : undefined, dateTime: date ? (time ? `${date}T${time}` : date) : undefined };
}

/** Section 10 per-lead measurement order (2 bytes each; durations in ms, amplitudes in µV). */
const LEAD_FIELDS = [
  'pDuration', 'pr', 'qrsDuration', 'qt', 'qDuration', 'rDuration', 'sDuration', 'r2Duration', 's2Duration',
  'qAmplitude', 'rAmplitude', 'sAmplitude', 'r2Amplitude', 's2Amplitude', 'jAmplitude',
  'pPlusAmplitude', 'pMinusAmplitude', 'tPlusAmplitude', 'tMinusAmplitude', 'stSlope',
  'pMorphology', 'tMorphology', 'isoelectricAtQrsOnset', 'isoelectricAtQrsOffset', 'intrinsicoidDeflection',
  'qualityCode', 'stJ20', 'stJ60', 'stJ80', 'stJRR16', 'stJRR8',
] as const;

/**
 * Section 10: number of leads(2) manufacturer-specific(2); per lead: lead code(2) block length(2) then
 * block length / 2 values of 2 bytes in LEAD_FIELDS order.
 */
export function readLeadMeasurements(d: ScpBytes): Record<string, Record<string, number>> {
  const n = d.u16('number of leads');
  d.u16('manufacturer-specific word');
  const out: Record<string, Record<string, number>> = {};
  for (let i = 0; i < n; i++) {
    const code = d.u16('lead code');
    const len = d.u16('lead measurement length');
    const block = new ScpBytes(d.bytes, d.file, `${d.what} lead ${i + 1}`, d.offset, d.offset + len);
    d.skip(len, 'lead measurements');
    const values: Record<string, number> = {};
    for (const field of LEAD_FIELDS) {
      if (block.remaining < 2) break;
      const v = block.i16(field);
      if (isValue(v)) values[field] = v;
    }
    out[scpLeadName(code) ?? `lead code ${code}`] = values;
  }
  return out;
}
