/**
 * What a report is drawn from: plain data only (the report never reads files or the archive; the CLI and the API
 * gather these). Missing is missing: an absent field prints as "—" or "not analysed", never as a made-up value.
 */
import type { Intervals } from '../ecg/delineate-types.js';
import type { EcgRecord } from '../ecg/record.js';
import type { Explanation } from '../explain/explain-ecg.js';
import type { DeidentificationNote } from './deidentify.js';

/** Our own delineator's intervals (src-main/ecg/intervals.ts): ms, bpm, degrees. */
export type ReportMeasurements = Pick<Intervals, 'hr' | 'pr' | 'qrs' | 'qt' | 'qtcBazett' | 'qtcFridericia' | 'axis'>;

export type OverreadState =
  | { status: 'unconfirmed' }
  | { status: 'confirmed' | 'edited' | 'rejected'; by: string; at: string; statement?: string };

export interface ReportModel {
  id: string;
  version?: string;
  sha256: string;
  /** class ids in the model's order with display names (from the manifest) */
  classes?: Array<{ id: string; name: string }>;
}

export interface ReportPrediction {
  class: string;
  probability: number;
  /** probability at or above the class threshold */
  called: boolean;
}

export interface ReportClusterModel {
  createdAt: string;
  description?: string;
}

export interface ReportInput {
  record: EcgRecord;
  measurements?: ReportMeasurements;
  /** who measured: e.g. "ECG TLC delineator" */
  measurementSource?: string;
  model?: ReportModel;
  /** the CNN's output; taken from the explanation when absent */
  predictions?: ReportPrediction[];
  /** each view carries its legend (cluster names, colours, wave alignment, reference share) */
  explanation?: Explanation;
  clusterModel?: ReportClusterModel;
  overread: OverreadState;
  softwareVersion: string;
  /** set by deidentifyReport: what was removed and the pseudonym */
  deidentified?: DeidentificationNote;
}

/** The predictions to print: given ones, else the explanation's CNN output, else none (not analysed). */
export function reportPredictions(input: ReportInput): ReportPrediction[] {
  if (input.predictions) return input.predictions;
  const e = input.explanation;
  if (!e) return [];
  return e.classes.map((c, i) => ({ class: c, probability: e.cnn.probabilities[i] ?? NaN, called: e.cnn.predicted[i] ?? false }));
}
