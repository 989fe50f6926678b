/**
 * `ecg-tlc export`'s options and what they turn into: the report's typed options (src-main/report/options.ts)
 * and the per-install pseudonym salt.
 */
import { join } from 'node:path';
import { installSalt as installSaltAt, SALT_FILE_NAME } from '../../api/services/pseudonym-salt.js';
import type { FilterSettings } from '../../ecg/filters.js';
import type { ReportOptions } from '../../report/options.js';
import type { Gain, Paper, Speed } from '../../report/paper.js';
import { appSettings, dataDirectory } from '../data-dir.js';
import type { FilterOptions } from '../filter-options.js';

/** The command's own options and, for --pdf-dir, the worklist filters (filter-options.ts). */
export interface ExportOptions extends FilterOptions {
  pdf?: string;
  pdfDir?: string;
  db?: string;
  study?: number;
  /** absent: the report paper chosen in the app's Settings (A4 when none is saved), so the CLI prints as the app does */
  paper?: Paper;
  speed: Speed;
  gain: Gain;
  highpass?: number;
  lowpass?: number;
  notch?: number;
  deidentify?: boolean;
  retainDates?: boolean;
  saltFile?: string;
  details?: boolean;
  rhythmLead: string;
  explanation?: string;
  analyze?: boolean;
  model?: string;
  created?: Date;
}

export { SALT_FILE_NAME };

/** The per-install salt (api/services/pseudonym-salt.ts), in the CLI's data folder by default. */
export function installSalt(path = join(dataDirectory(), SALT_FILE_NAME)): string {
  return installSaltAt(path);
}

export function reportOptionsFrom(o: ExportOptions): Partial<ReportOptions> {
  const filters: FilterSettings = {};
  if (o.highpass !== undefined) filters.highpassHz = o.highpass;
  if (o.lowpass !== undefined) filters.lowpassHz = o.lowpass;
  if (o.notch !== undefined) filters.notchHz = o.notch;
  return {
    paper: o.paper ?? appSettings().reportPaper,
    speed: o.speed,
    gain: o.gain,
    filters,
    deidentify: o.deidentify ? { salt: installSalt(o.saltFile), retainDates: o.retainDates ?? false } : false,
    details: o.details ?? false,
    rhythmLead: o.rhythmLead,
    ...(o.created ? { creationDate: o.created } : {}),
  };
}
