/**
 * EcgRecord: the one in-memory shape every reader produces and everything downstream consumes
 * (DESIGN.md §3). Samples are in millivolts, one Float32Array per lead, all of equal length.
 * Fields a file does not carry are left undefined (missing is missing); defaults belong to display code.
 */
import type { LeadName } from './leads.js';

export type Sex = 'M' | 'F' | 'U';

export interface Patient {
  id?: string;
  name?: string;
  sex?: Sex;
  /** ISO date (YYYY-MM-DD) */
  birthDate?: string;
  /** years, at acquisition */
  age?: number;
}

export interface Device {
  manufacturer?: string;
  model?: string;
  serial?: string;
  software?: string;
}

export interface Annotation {
  /** canonical lead name, or undefined when the annotation applies to all leads */
  lead?: LeadName;
  /** sample index at the record's sampling rate */
  sample: number;
  /** duration in samples for interval annotations (e.g. a QRS complex from onset to offset) */
  duration?: number;
  /** what kind of mark: 'beat', 'wave_on', 'wave_peak', 'wave_off', 'rhythm', 'event', 'interval', … */
  type: string;
  /** the source's label: 'N', 'P', 'QRS', 'T', 'MDC_ECG_WAVC_PWAVE', free text … */
  label: string;
}

/** A set of leads at their own rate, e.g. a representative (median) beat, kept beside the rhythm data. */
export interface WaveformSet {
  kind: 'median' | 'representative' | 'other';
  fs: number;
  leads: LeadName[];
  samples: Float32Array[];
}

export interface SourceInfo {
  /** registry id of the reader that produced the record: 'wfdb', 'cinc', 'csv', 'hl7-aecg', … */
  format: string;
  path: string;
  /** sha256 of the primary file's bytes (hex) */
  sha256: string;
  /** extra facts about the source encoding worth showing (e.g. WFDB formats, SCP compression) */
  details?: Record<string, unknown>;
}

/** The outcome of a self-check a reader could perform against the file's own redundancy. */
export interface RecordCheck {
  name: string; // e.g. 'checksum:I', 'initial-value:II'
  status: 'ok' | 'mismatch' | 'absent';
  detail?: string;
}

/** Interval measurements as the source device reported them (not ours; ours come from src-main/ecg). */
export interface Measurements {
  hr?: number; // bpm
  rr?: number; // ms
  pr?: number; // ms
  qrs?: number; // ms
  qt?: number; // ms
  qtc?: number; // ms
  pAxis?: number; // degrees
  qrsAxis?: number;
  tAxis?: number;
  [other: string]: number | undefined;
}

export interface EcgRecord {
  id?: string;
  leads: LeadName[];
  /** sampling frequency in Hz */
  fs: number;
  /** mV, one array per lead in the order of `leads`, equal lengths */
  samples: Float32Array[];
  /** leads computed from others rather than stored (III, aVR, aVL, aVF from I and II) */
  derived?: LeadName[];
  /**
   * Per lead, the source's digital values and the gain/baseline that map them to mV
   * (mV = (digital - baseline) / gain). Kept so the store can be lossless with respect to the source.
   * Absent for leads that were stored as floating-point or derived.
   */
  digital?: Array<DigitalLead | undefined>;
  /** ISO 8601 date-time of acquisition, local time as the file gives it */
  startTime?: string;
  patient: Patient;
  device?: Device;
  site?: string;
  /** diagnostic statements or labels stored in the file (e.g. CinC `# Dx` codes as 'SNOMED:xxxx', MUSE statements) */
  statements?: string[];
  measurements?: Measurements;
  annotations?: Annotation[];
  /** additional waveform sets (median / representative beats) */
  extraWaveforms?: WaveformSet[];
  checks?: RecordCheck[];
  source: SourceInfo;
}

export interface DigitalLead {
  values: Int32Array;
  /** ADC units per mV */
  gain: number;
  /** ADC value of 0 mV */
  baseline: number;
  /** the digital value that marks a missing sample (mV is NaN there), e.g. −32768 in WFDB format 16 */
  invalid?: number;
}

export function recordDurationSeconds(record: EcgRecord): number {
  const n = record.samples[0]?.length ?? 0;
  return n / record.fs;
}

export function sampleCount(record: EcgRecord): number {
  return record.samples[0]?.length ?? 0;
}
