/**
 * EDF, EDF+ (C and D) and BDF/BDF+ reader. Parsing of the bytes lives in edf-file.ts; this file maps the
 * stored signals onto an EcgRecord: leads chosen by the rule in edf-leads.ts, digital → mV exactly as the spec
 * scales (physical = physMin + (digital − digMin)·(physMax − physMin)/(digMax − digMin)), annotations as samples.
 *
 * EDF+D: read when its data records are in fact contiguous; a real gap is a FormatError, since an EcgRecord
 * has one time axis (split such a file into continuous EDF+C pieces first).
 */
import { completeLimbLeads } from '../ecg/derived.js';
import type { Annotation, DigitalLead, EcgRecord, RecordCheck } from '../ecg/record.js';
import { FormatError, ensure } from './errors.js';
import { sha256Hex } from './file-source.js';
import type { FileSource, FormatReader } from './types.js';
import { LIMITS } from './types.js';
import { ensureUsableScale } from './scale.js';
import { edfFamily } from './edf-header.js';
import { parseEdf, type EdfFile } from './edf-file.js';
import { selectLeads, type LeadSignal } from './edf-leads.js';
import { ageAt } from '../ecg/age.js';
import { edfStartTime, parsePatientField, parseRecordingField } from './edf-identification.js';
import type { EdfAnnotation } from './edf-annotations.js';

const ascii = new TextDecoder('latin1');

/** EDF/BDF version field, then a header byte count that matches the signal count. */
function sniff(head: Uint8Array): boolean {
  if (head.length < 256 || !edfFamily(head)) return false;
  const headerBytes = ascii.decode(head.subarray(184, 192)).trim();
  const ns = ascii.decode(head.subarray(252, 256)).trim();
  return /^\d+$/.test(headerBytes) && /^\d+$/.test(ns) && Number(headerBytes) === 256 * (Number(ns) + 1);
}

/** Rates stored as samples / duration: 1/0.00125 must read as 800, not 799.9999999 (a rate below 0.5 Hz stays as it is). */
function snapRate(fs: number): number {
  const r = Math.round(fs);
  return r > 0 && Math.abs(fs - r) < 1e-6 * Math.max(1, fs) ? r : fs;
}

function scaleLead(path: string, file: EdfFile, sel: LeadSignal): { samples: Float32Array; digital: DigitalLead } {
  const s = file.header.signals[sel.index]!;
  const values = file.digital[sel.index]!;
  const physMin = s.physicalMin * sel.millivolts;
  const perDigit = ((s.physicalMax - s.physicalMin) * sel.millivolts) / (s.digitalMax - s.digitalMin);
  // Stored values are 24-bit at most; ranges like ±1e308 would give ±Infinity.
  const range = `signal "${s.label}" (physical ${s.physicalMin} to ${s.physicalMax} over digital ${s.digitalMin} to ${s.digitalMax})`;
  ensureUsableScale(path, range, perDigit, physMin - s.digitalMin * perDigit, 2 ** 23);
  const gain = (s.digitalMax - s.digitalMin) / ((s.physicalMax - s.physicalMin) * sel.millivolts);
  const baseline = s.digitalMin - physMin * gain;
  const samples = new Float32Array(values.length);
  for (let i = 0; i < values.length; i++) samples[i] = physMin + (values[i]! - s.digitalMin) * perDigit;
  return { samples, digital: { values, gain, baseline } };
}

/** 'Lights off@@EEG F4-A1' names the signal it concerns after '@@' (EDF+ spec §2.2.2). */
function toAnnotation(a: EdfAnnotation, fs: number, t0: number, byLabel: Map<string, string>): Annotation {
  const out: Annotation = { sample: Math.round((a.onset - t0) * fs), type: 'event', label: a.text };
  const at = a.text.lastIndexOf('@@');
  if (at > 0) {
    const lead = byLabel.get(a.text.slice(at + 2).trim());
    if (lead) {
      out.lead = lead;
      out.label = a.text.slice(0, at);
    }
  }
  if (a.duration !== undefined && a.duration > 0) out.duration = Math.round(a.duration * fs);
  return out;
}

function variant(file: EdfFile): string {
  return file.header.family + (file.header.plus ? `+${file.header.plus}` : '');
}

function toRecord(file: EdfFile, src: FileSource): EcgRecord {
  const { header } = file;
  const path = src.path;
  const sel = selectLeads(header);
  if (sel.leads.length === 0) {
    const onlyAnnotations = header.signals.every((s) => s.isAnnotations);
    throw new FormatError(
      path,
      onlyAnnotations
        ? `this ${variant(file)} file holds only annotations (${file.annotations.length}) and no signals; open the recording it annotates`
        : `no signal is a voltage (units: ${header.signals.map((s) => `"${s.physicalDimension}"`).join(', ')}), so there is no ECG lead to read`,
    );
  }
  ensure(sel.leads.length <= LIMITS.maxLeads, path, `${sel.leads.length} leads, more than the ${LIMITS.maxLeads} allowed`);
  ensure(header.recordDuration > 0, path, 'the data record duration is 0 s although the file holds signals, so no sampling rate follows');
  if (file.gaps.length && header.plus === 'D') {
    const g = file.gaps[0]!;
    throw new FormatError(
      path,
      `this EDF+D recording is discontinuous: data record ${g.record + 1} starts at ${g.actual} s instead of ${g.expected} s ` +
        `(${file.gaps.length} gaps); split it into continuous EDF+C files (e.g. with EDFbrowser) to read it`,
    );
  }
  const fs = snapRate(sel.samplesPerRecord / header.recordDuration);
  ensure(Number.isFinite(fs), path, `the data record duration ${header.recordDuration} s gives no usable sampling rate`);
  const t0 = file.recordOnsets[0] ?? 0;

  const checks: RecordCheck[] = [...file.checks];
  const hasTimekeeping = header.signals.some((s) => s.isAnnotations);
  if (hasTimekeeping) {
    checks.push(
      file.gaps.length
        ? { name: 'record-onsets', status: 'mismatch', detail: `${file.gaps.length} data records do not follow on from the previous one; read as continuous` }
        : { name: 'record-onsets', status: 'ok' },
    );
  }
  for (const l of sel.leads) if (l.unitAssumed) checks.push({ name: `unit:${l.lead}`, status: 'absent', detail: 'no physical dimension; mV assumed' });

  const scaled = sel.leads.map((l) => scaleLead(path, file, l));
  const byLabel = new Map<string, string>();
  for (const l of sel.leads) byLabel.set(header.signals[l.index]!.label, l.lead);
  const annotations = file.annotations
    .map((a) => toAnnotation(a, fs, t0, byLabel))
    .sort((a, b) => a.sample - b.sample);

  const pat = parsePatientField(header.patient);
  const rec = parseRecordingField(header.recording);
  const startTime = edfStartTime(header.startDate, header.startTime, rec.startDate, t0);
  if (!startTime) checks.push({ name: 'start-time', status: 'absent', detail: `"${header.startDate} ${header.startTime}" is not a valid date and time` });
  const age = ageAt(pat.patient.birthDate, startTime);
  if (age !== undefined) pat.patient.age = age;

  const record: EcgRecord = {
    leads: sel.leads.map((l) => l.lead),
    fs,
    samples: scaled.map((s) => s.samples),
    digital: scaled.map((s) => s.digital),
    patient: pat.patient,
    checks,
    source: {
      format: 'edf',
      path,
      sha256: sha256Hex(src.bytes),
      details: {
        variant: variant(file),
        dataRecords: file.numRecords,
        recordDurationSeconds: header.recordDuration,
        signals: sel.leads.map((l) => {
          const s = header.signals[l.index]!;
          return { lead: l.lead, label: s.label, transducer: s.transducer, unit: s.physicalDimension, prefiltering: s.prefiltering };
        }),
        ...(sel.others.length ? { otherSignals: sel.others } : {}),
        ...(pat.extra ? { patientIdentification: pat.extra } : {}),
        ...(rec.adminCode ? { adminCode: rec.adminCode } : {}),
        ...(rec.technician ? { technician: rec.technician } : {}),
        ...(rec.extra ? { recordingIdentification: rec.extra } : {}),
      },
    },
  };
  if (startTime) record.startTime = startTime;
  if (rec.equipment) record.device = { model: rec.equipment };
  if (annotations.length) record.annotations = annotations;
  return completeLimbLeads(record);
}

export const edfReader: FormatReader = {
  id: 'edf',
  name: 'EDF/EDF+',
  extensions: ['.edf', '.bdf'],
  sniff: (head) => sniff(head),
  parse: (src) => toRecord(parseEdf(src.bytes, src.path), src),
};
