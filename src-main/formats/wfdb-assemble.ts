/**
 * Decoded WFDB segments → EcgRecord leads. Rules, stated once:
 *
 * - Leads are the voltage signals: units uV/µV/nV/mV/V (any case), converted to mV; absent units mean mV
 *   (header(5) default, flagged unitsAssumed). A signal in any other unit (mmHg, NU, °, Ohm), in any segment,
 *   is set aside as the EDF reader does: listed in source.details.otherSignals (label, unit, fs, reason, file,
 *   format), not a lead. A record with no voltage signal is a FormatError.
 * - Checksums and initial values are verified for every stored signal, set-aside ones included: they vouch for
 *   the file, whichever of its signals we show.
 * - Rate: a record's leads share one rate, the frame rate × the largest samples-per-frame of any lead.
 *   A lead with fewer samples per frame is upsampled by repetition (sample-and-hold: output sample t of a
 *   frame takes stored sample ⌊t·spf/max⌋), so 212x4 MCL1 at 125 frames/s stays at 500 Hz and RESP beside it
 *   repeats each value 4 times. Nothing is interpolated; the stored values are all still there.
 * - Gain 0 or absent means uncalibrated; header(5) then prescribes 200 ADC units per unit (flagged).
 *   Baseline defaults to ADC zero, then 0.
 * - Missing samples (the format's invalid value, skew tails, gaps between segments, null signals) are NaN in
 *   mV; the digital value is kept (gaps and null signals hold −32768).
 * - digital is kept for a lead when every segment gives it the same gain per mV and baseline.
 */
import type { Annotation, DigitalLead, RecordCheck } from '../ecg/record.js';
import { canonicalLead, type LeadName } from '../ecg/leads.js';
import type { OtherSignal } from './edf-leads.js';
import { FormatError, ensure } from './errors.js';
import { LIMITS } from './types.js';
import { ensureUsableScale } from './scale.js';
import type { WfdbSignalSpec } from './wfdb-header.js';
import { WFDB_INVALID_SAMPLE } from './wfdb-binformats.js';
import type { SegmentSignal } from './wfdb-segment.js';
import { decodeEdfTal, isEdfAnnotationSignal } from './wfdb-edf-tal.js';

/** A stretch of the record: one segment's signals, indexed like the record's signals (undefined: absent/gap). */
export interface Piece {
  name: string;
  frames: number;
  signals: Array<SegmentSignal | undefined>;
}

/** Voltage units → how many of them make 1 mV (gain per unit × this = ADC units per mV). */
const PER_MV: Record<string, number> = { mv: 1, uv: 1000, 'µv': 1000, 'μv': 1000, nv: 1e6, v: 1e-3 };

export const DEFAULT_GAIN = 200;

interface Calibration {
  /** ADC units per mV */
  gain: number;
  baseline: number;
  uncalibrated: boolean;
}

/** Calibration of a voltage signal (a lead; see isVoltage). */
export function calibrationOf(spec: WfdbSignalSpec): Calibration {
  const uncalibrated = spec.gain === undefined || spec.gain === 0;
  const gain = uncalibrated ? DEFAULT_GAIN : spec.gain!;
  const baseline = spec.baseline ?? spec.adcZero ?? 0;
  return { gain: gain * PER_MV[(spec.units ?? 'mV').toLowerCase()]!, baseline, uncalibrated };
}

/**
 * A signal that is not a lead, as the EDF reader lists its own, plus where it is stored; fs is its own rate
 * (frame rate × its samples per frame).
 */
export interface SetAsideSignal extends OtherSignal {
  file: string;
  format: number;
}

export interface AssembledLeads {
  leads: LeadName[];
  samples: Float32Array[];
  digital: Array<DigitalLead | undefined>;
  /** output samples per frame */
  upsample: number;
  checks: RecordCheck[];
  /** annotations decoded from "EDF Annotations" signals (not leads) */
  annotations: Annotation[];
  signalDetails: Array<Record<string, unknown>>;
  /** signals that are not voltages, so not leads */
  setAside: SetAsideSignal[];
}

/** Voltage signals are leads; absent units are mV (header(5)). */
const isVoltage = (spec: WfdbSignalSpec) => spec.units === undefined || PER_MV[spec.units.toLowerCase()] !== undefined;

/** The first unit, in the record's spec or any segment's, that is not a voltage; undefined when all are. */
function nonVoltageUnit(spec: WfdbSignalSpec, present: SegmentSignal[]): string | undefined {
  return [spec, ...present.map((s) => s.spec)].find((s) => !isVoltage(s))?.units;
}

function uniqueName(base: string, taken: Set<string>): string {
  let name = base;
  for (let k = 2; taken.has(name); k++) name = `${base} #${k}`;
  taken.add(name);
  return name;
}

const WORSE: Record<RecordCheck['status'], number> = { ok: 0, absent: 1, mismatch: 2 };

function aggregateCheck(name: string, pieces: Piece[], j: number, pick: (s: SegmentSignal) => [RecordCheck['status'], string | undefined]): RecordCheck {
  let status: RecordCheck['status'] = 'ok';
  const details: string[] = [];
  let seen = 0;
  for (const p of pieces) {
    const s = p.signals[j];
    if (!s) continue;
    seen++;
    const [st, detail] = pick(s);
    if (seen === 1 || WORSE[st] > WORSE[status]) status = st;
    if (detail) details.push(pieces.length > 1 ? `${p.name}: ${detail}` : detail);
  }
  if (seen === 0) status = 'absent';
  const check: RecordCheck = { name, status };
  if (details.length) check.detail = details.join('; ');
  return check;
}

/**
 * Builds leads from `pieces`. `specs` describe the record's signals (from the single header, the first
 * segment of a fixed layout, or the layout segment).
 */
export function assembleLeads(file: string, specs: WfdbSignalSpec[], pieces: Piece[], frameRate: number): AssembledLeads {
  const presentOf = (j: number) => pieces.flatMap((p) => (p.signals[j] ? [p.signals[j]!] : []));
  const otherUnit = specs.map((spec, j) => (isEdfAnnotationSignal(spec.description) ? undefined : nonVoltageUnit(spec, presentOf(j))));
  const kinds = specs.map((spec, j) => (isEdfAnnotationSignal(spec.description) ? 'edf-text' : otherUnit[j] === undefined ? 'lead' : 'set-aside'));
  if (!kinds.includes('lead') && kinds.includes('set-aside')) {
    const units = otherUnit.filter((u) => u !== undefined).map((u) => `"${u}"`);
    throw new FormatError(file, `no signal is a voltage (units: ${units.join(', ')}), so there is no ECG lead to read`);
  }
  let upsample = 1;
  for (const p of pieces) {
    p.signals.forEach((s, j) => {
      if (s && kinds[j] === 'lead') upsample = Math.max(upsample, s.samplesPerFrame);
    });
  }
  const totalFrames = pieces.reduce((a, p) => a + p.frames, 0);
  const n = totalFrames * upsample;
  ensure(n <= LIMITS.maxSamplesPerLead, file, `record would have ${n} samples per lead, more than ${LIMITS.maxSamplesPerLead}`);
  ensure(n * specs.length <= LIMITS.maxTotalSamples, file, `record would have ${n * specs.length} samples, more than ${LIMITS.maxTotalSamples}`);
  ensure(n > 0, file, 'the record holds no samples (its length is 0, or its signal files are shorter than one frame)');
  ensure(Number.isFinite(totalFrames / frameRate), file, `a frame rate of ${frameRate} Hz makes ${totalFrames} frames last forever`);

  const out: AssembledLeads = { leads: [], samples: [], digital: [], upsample, checks: [], annotations: [], signalDetails: [], setAside: [] };
  const taken = new Set<string>();
  specs.forEach((spec, j) => {
    const label = spec.description ?? `signal ${j}`;
    const kind = kinds[j]!;
    const name = uniqueName(kind === 'lead' ? canonicalLead(label) : label, taken);
    const present = presentOf(j);
    out.checks.push(aggregateCheck(`checksum:${name}`, pieces, j, (s) => [s.checksum, s.checksumDetail]));
    out.checks.push(aggregateCheck(`initial-value:${name}`, pieces, j, (s) => [s.initial, s.initialDetail]));

    if (kind === 'edf-text') {
      let offset = 0;
      for (const p of pieces) {
        const s = p.signals[j];
        if (s) for (const a of decodeEdfTal(s.values, s.samplesPerFrame, frameRate * upsample)) out.annotations.push({ ...a, sample: a.sample + offset });
        offset += p.frames * upsample;
      }
      out.signalDetails.push({ description: spec.description, file: spec.file, format: spec.format, excluded: 'EDF+ annotation text, read as annotations' });
      return;
    }
    if (kind === 'set-aside') {
      const unit = otherUnit[j]!;
      const spf = present[0]?.samplesPerFrame ?? spec.samplesPerFrame ?? 1;
      out.setAside.push({ label: name, unit, fs: frameRate * spf, reason: `not a voltage (unit "${unit}")`, file: spec.file, format: spec.format });
      return;
    }

    const cals = present.map((s) => calibrationOf(s.spec));
    const cal = cals[0] ?? calibrationOf(spec);
    const sameCal = cals.every((c) => c.gain === cal.gain && c.baseline === cal.baseline);
    const mv = new Float32Array(n);
    const dig = new Int32Array(n);
    let at = 0;
    for (const p of pieces) {
      const s = p.signals[j];
      const len = p.frames * upsample;
      if (!s) {
        mv.fill(NaN, at, at + len);
        dig.fill(WFDB_INVALID_SAMPLE, at, at + len);
        at += len;
        continue;
      }
      const c = calibrationOf(s.spec);
      ensureUsableScale(file, `signal "${label}" (ADC gain ${c.gain} per mV, baseline ${c.baseline})`, 1 / c.gain, -c.baseline / c.gain);
      const spf = s.samplesPerFrame;
      const v = s.values;
      const inv = s.invalid;
      const map = Int32Array.from({ length: upsample }, (_, t) => Math.floor((t * spf) / upsample));
      for (let f = 0; f < p.frames; f++) {
        const base = f * spf;
        for (let t = 0; t < upsample; t++) {
          const d = v[base + map[t]!]!;
          dig[at] = d;
          mv[at++] = d === inv ? NaN : (d - c.baseline) / c.gain;
        }
      }
    }
    out.leads.push(name);
    out.samples.push(mv);
    const invalid = present[0]?.invalid;
    out.digital.push(sameCal ? { values: dig, gain: cal.gain, baseline: cal.baseline, ...(invalid !== undefined ? { invalid } : {}) } : undefined);
    const d: Record<string, unknown> = {
      lead: name,
      description: spec.description,
      file: spec.file,
      format: spec.format,
      samplesPerFrame: spec.samplesPerFrame ?? 1,
      units: 'mV',
      gain: cal.gain,
      baseline: cal.baseline,
    };
    if (spec.skew) d.skew = spec.skew;
    if (spec.byteOffset) d.byteOffset = spec.byteOffset;
    if (spec.adcResolution !== undefined) d.adcResolution = spec.adcResolution;
    if (spec.adcZero !== undefined) d.adcZero = spec.adcZero;
    if (cal.uncalibrated) d.uncalibrated = true;
    if (spec.units === undefined) d.unitsAssumed = true;
    if (!sameCal) d.digitalDropped = 'gain or baseline differs between segments';
    if (present[0]?.invalid !== undefined) d.missingDigital = present[0].invalid;
    out.signalDetails.push(d);
  });
  ensure(out.leads.length > 0, file, 'the record has no signals to show (none declared, or only EDF annotations)');
  return out;
}
