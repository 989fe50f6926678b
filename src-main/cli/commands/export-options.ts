/**
 * `ecg-tlc export`'s options and what they turn into: the report's typed options (src-main/report/options.ts)
 * and the per-install pseudonym salt.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { FilterSettings } from '../../ecg/filters.js';
import { MIN_SALT_LENGTH } from '../../report/deidentify.js';
import type { ReportOptions } from '../../report/options.js';
import type { Gain, Paper, Speed } from '../../report/paper.js';
import { dataDirectory } from '../data-dir.js';

export interface ExportOptions {
  pdf?: string;
  pdfDir?: string;
  db?: string;
  study?: number;
  paper: Paper;
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
  // batch filters (the worklist's, as in `ecg-tlc list`)
  search?: string;
  format?: string[];
  from?: string;
  to?: string;
  topClass?: string[];
  analysed?: boolean;
  confirmed?: boolean;
}

export const SALT_FILE_NAME = 'pseudonym-salt';

/** The per-install salt: read from the file, or created there (owner-only) when it does not exist yet. */
export function installSalt(path = join(dataDirectory(), SALT_FILE_NAME)): string {
  if (!existsSync(path)) {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, `${randomBytes(32).toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
  }
  const salt = readFileSync(path, 'utf8').trim();
  if (salt.length < MIN_SALT_LENGTH) throw new Error(`${path}: the pseudonym salt must be at least ${MIN_SALT_LENGTH} characters`);
  return salt;
}

export function reportOptionsFrom(o: ExportOptions): Partial<ReportOptions> {
  const filters: FilterSettings = {};
  if (o.highpass !== undefined) filters.highpassHz = o.highpass;
  if (o.lowpass !== undefined) filters.lowpassHz = o.lowpass;
  if (o.notch !== undefined) filters.notchHz = o.notch;
  return {
    paper: o.paper,
    speed: o.speed,
    gain: o.gain,
    filters,
    deidentify: o.deidentify ? { salt: installSalt(o.saltFile), retainDates: o.retainDates ?? false } : false,
    details: o.details ?? false,
    rhythmLead: o.rhythmLead,
    ...(o.created ? { creationDate: o.created } : {}),
  };
}
