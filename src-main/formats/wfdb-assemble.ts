/**
 * Decoded WFDB segments → EcgRecord leads. Rules, stated once:
 *
 * - Rate: a record's leads share one rate, the frame rate × the largest samples-per-frame of any signal.
 *   A signal with fewer samples per frame is upsampled by repetition (sample-and-hold: output sample t of a
 *   frame takes stored sample ⌊t·spf/max⌋), so 212x4 MCL1 at 125 frames/s stays at 500 Hz and ABP beside it
 *   repeats each value 4 times. Nothing is interpolated; the stored values are all still there.
 * - Units: uV/µV/nV/mV/V (any case) are converted to mV; other units (mmHg, NU, °, Ohm) stay in their own unit,
 *   listed in source.details.signals[].units. Absent units mean mV (header(5) default).
 * - Gain 0 or absent means uncalibrated; header(5) then prescribes 200 ADC units per unit (flagged).
 *   Baseline defaults to ADC zero, then 0.
 * - Missing samples (the format's invalid value, skew tails, gaps between segments, null signals) are NaN in
 *   mV; the digital value is kept (gaps and null signals hold −32768).
 * - digital is kept for a lead when every segment gives it the same gain, baseline and units.
 */
import type { Annotation, DigitalLead, RecordCheck } from '../ecg/record.js';
import { canonicalLead, type LeadName } from '../ecg/leads.js';
import { ensure } from './errors.js';
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
  /** ADC units per output unit (mV for voltages) */
  gain: number;
  baseline: number;
  /** output unit: 'mV' for voltages, else the header's unit */
  unit: string;
  uncalibrated: boolean;
}

export function calibrationOf(spec: WfdbSignalSpec): Calibration {
  const uncalibrated = spec.gain === undefined || spec.gain === 0;
  const gain = uncalibrated ? DEFAULT_GAIN : spec.gain!;
  const baseline = spec.baseline ?? spec.adcZero ?? 0;
  const units = spec.units ?? 'mV';
  const perMv = PER_MV[units.toLowerCase()];
  return perMv !== undefined ? { gain: gain * perMv, baseline, unit: 'mV', uncalibrated } : { gain, baseline, unit: units, uncalibrated };
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
  let upsample = 1;
  for (const p of pieces) for (const s of p.signals) if (s && !isEdfAnnotationSignal(s.spec.description)) upsample = Math.max(upsample, s.samplesPerFrame);
  const totalFrames = pieces.reduce((a, p) => a + p.frames, 0);
  const n = totalFrames * upsample;
  ensure(n <= LIMITS.maxSamplesPerLead, file, `record would have ${n} samples per lead, more than ${LIMITS.maxSamplesPerLead}`);
  ensure(n * specs.length <= LIMITS.maxTotalSamples, file, `record would have ${n * specs.length} samples, more than ${LIMITS.maxTotalSamples}`);
  ensure(n > 0, file, 'the record holds no samples (its length is 0, or its signal files are shorter than one frame)');
  ensure(Number.isFinite(totalFrames / frameRate), file, `a frame rate of ${frameRate} Hz makes ${totalFrames} frames last forever`);

  const out: AssembledLeads = { leads: [], samples: [], digital: [], upsample, checks: [], annotations: [], signalDetails: [] };
  const taken = new Set<string>();
  specs.forEach((spec, j) => {
    const label = spec.description ?? `signal ${j}`;
    const edfText = isEdfAnnotationSignal(spec.description);
    const name = uniqueName(edfText ? label : canonicalLead(label), taken);
    const present = pieces.flatMap((p) => (p.signals[j] ? [p.signals[j]!] : []));
    out.checks.push(aggregateCheck(`checksum:${name}`, pieces, j, (s) => [s.checksum, s.checksumDetail]));
    out.checks.push(aggregateCheck(`initial-value:${name}`, pieces, j, (s) => [s.initial, s.initialDetail]));

    if (edfText) {
      let offset = 0;
      for (const p of pieces) {
        const s = p.signals[j];
        if (s) for (const a of decodeEdfTal(s.values, s.samplesPerFrame, frameRate * upsample)) out.annotations.push({ ...a, sample: a.sample + offset });
        offset += p.frames * upsample;
      }
      out.signalDetails.push({ description: spec.description, file: spec.file, format: spec.format, excluded: 'EDF+ annotation text, read as annotations' });
      return;
    }

    const cals = present.map((s) => calibrationOf(s.spec));
    const cal = cals[0] ?? calibrationOf(spec);
    const sameCal = cals.every((c) => c.gain === cal.gain && c.baseline === cal.baseline && c.unit === cal.unit);
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
      ensureUsableScale(file, `signal "${label}" (ADC gain ${c.gain} per ${c.unit}, baseline ${c.baseline})`, 1 / c.gain, -c.baseline / c.gain);
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
      units: cal.unit,
      gain: cal.gain,
      baseline: cal.baseline,
    };
    if (spec.skew) d.skew = spec.skew;
    if (spec.byteOffset) d.byteOffset = spec.byteOffset;
    if (spec.adcResolution !== undefined) d.adcResolution = spec.adcResolution;
    if (spec.adcZero !== undefined) d.adcZero = spec.adcZero;
    if (cal.uncalibrated) d.uncalibrated = true;
    if (spec.units === undefined) d.unitsAssumed = true;
    if (!sameCal) d.digitalDropped = 'gain, baseline or units differ between segments';
    if (present[0]?.invalid !== undefined) d.missingDigital = present[0].invalid;
    out.signalDetails.push(d);
  });
  ensure(out.leads.length > 0, file, 'the record has no signals to show (none declared, or only EDF annotations)');
  return out;
}
