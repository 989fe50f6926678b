/**
 * The settings a report takes. Every one is printed on the page, so a reader always knows the scale, the
 * filtering and whether identifiers were removed.
 */
import type { FilterSettings } from '../ecg/filters.js';
import type { LeadName } from '../ecg/leads.js';
import type { DeidentifyOptions } from './deidentify.js';
import { GAINS, PAPERS, SPEEDS, type Gain, type Paper, type Speed } from './paper.js';

export interface ReportOptions {
  paper: Paper;
  /** paper speed, mm/s */
  speed: Speed;
  /** gain, mm/mV */
  gain: Gain;
  /** filters applied to the traces before drawing (none: the signals as recorded) */
  filters: FilterSettings;
  /** false for an identified report; otherwise the de-identification to apply */
  deidentify: false | DeidentifyOptions;
  /**
   * The PDF's CreationDate. Fixed so that the same inputs give the same bytes; when absent the acquisition time
   * is used (never for a de-identified report without retained dates), else the Unix epoch.
   */
  creationDate?: Date;
  /** add the second page: segmentation per block and Grad-CAM against the clusters */
  details: boolean;
  /** lead of the 10 s rhythm strip */
  rhythmLead: LeadName;
  /** explanation view drawn as bands (default: the explanation's default view) */
  view?: string;
  /** Flate-compress content streams (tests read uncompressed ones) */
  compress: boolean;
}

export const DEFAULT_REPORT_OPTIONS: ReportOptions = {
  paper: 'A4',
  speed: 25,
  gain: 10,
  filters: {},
  deidentify: false,
  details: false,
  rhythmLead: 'II',
  compress: true,
};

export function resolveReportOptions(partial: Partial<ReportOptions> = {}): ReportOptions {
  const o: ReportOptions = { ...DEFAULT_REPORT_OPTIONS };
  for (const [k, v] of Object.entries(partial)) if (v !== undefined) (o as unknown as Record<string, unknown>)[k] = v;
  if (!PAPERS.includes(o.paper)) throw new Error(`paper must be one of ${PAPERS.join(', ')}, not ${String(o.paper)}`);
  if (!SPEEDS.includes(o.speed)) throw new Error(`speed must be one of ${SPEEDS.join(', ')} mm/s, not ${String(o.speed)}`);
  if (!GAINS.includes(o.gain)) throw new Error(`gain must be one of ${GAINS.join(', ')} mm/mV, not ${String(o.gain)}`);
  if (o.creationDate && Number.isNaN(o.creationDate.getTime())) throw new Error('creationDate is not a valid date');
  return o;
}

/** ISO date-time as files give it (often without a zone) → a Date read as UTC, so the PDF does not depend on TZ. */
export function parseIsoAsUtc(iso: string | undefined): Date | undefined {
  if (!iso) return undefined;
  const zoned = /([zZ]|[+-]\d{2}:?\d{2})$/.test(iso) ? iso : `${iso}Z`;
  const d = new Date(zoned);
  return Number.isNaN(d.getTime()) ? undefined : d;
}
