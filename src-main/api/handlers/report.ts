/**
 * exportPdf: a stored study's report (src-main/report) written where the user chose: a file, or a folder where
 * the file is named as the CLI's batch names it (report/file-name.ts). Paths must be absolute (a .pdf file by
 * the contract); the folder must exist (a dialog's does): nothing is created on the renderer's say-so.
 * De-identification uses the install's salt in the data folder; the paper, when not given, is the settings'.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import type { FilterSettings } from '../../ecg/filters.js';
import type { DeidentificationNote } from '../../report/deidentify.js';
import { reportFileName } from '../../report/file-name.js';
import type { ReportOptions } from '../../report/options.js';
import type { Paper } from '../../report/paper.js';
import { renderReport } from '../../report/render.js';
import type { Archive } from '../../store/archive.js';
import type { Handlers } from '../dispatch.js';
import { ApiError } from '../errors.js';
import type { ContextLookup } from '../../explain/local-drivers.js';
import { installSalt, SALT_FILE_NAME } from '../services/pseudonym-salt.js';
import { studyReportInput } from '../services/report-inputs.js';

export interface ReportServices {
  /** finds the surrogate of a stored explanation, for its per-ECG drivers */
  contexts?: ContextLookup;
  /** the saved report paper (settings reportPaper); undefined: the report's default */
  paper?: () => Paper | undefined;
}

/** Most files one folder may hold under one name stem before a single export gives up looking for a free one. */
const MAX_SEQUENCE = 100_000;

/**
 * The report's file in `folder` (report/file-name.ts). An identified report's name has no sequence: the study's
 * own earlier file is replaced. A de-identified one is named for `sequence`; without one, for the lowest sequence
 * whose file is not there yet.
 */
function inFolder(folder: string, studyId: number, deidentified: DeidentificationNote | undefined, sequence: number | undefined): string {
  const name = (n: number) => reportFileName(studyId, deidentified, n);
  if (!deidentified) return join(folder, name(1));
  if (sequence !== undefined) return join(folder, name(sequence));
  for (let n = 1; n <= MAX_SEQUENCE; n++) {
    const file = join(folder, name(n));
    if (!existsSync(file)) return file;
  }
  throw new ApiError('storage', `${folder} already holds ${MAX_SEQUENCE} reports named like ${name(1)}`);
}

export function reportHandlers(archive: Archive, dataDir: string, services: ReportServices = {}): Pick<Handlers, 'exportPdf'> {
  return {
    exportPdf: async ({ studyId, path, folder, sequence, options = {} }) => {
      const target = path ?? folder!;
      if (!isAbsolute(target)) throw new ApiError('invalid-arguments', `${path !== undefined ? 'path' : 'folder'} must be absolute, got ${JSON.stringify(target)}`);
      if (!archive.studies.summary(studyId)) throw new ApiError('not-found', `study ${studyId} is not in the archive`);
      const filters: FilterSettings = {};
      if (options.filters?.highpassHz !== undefined) filters.highpassHz = options.filters.highpassHz;
      if (options.filters?.lowpassHz !== undefined) filters.lowpassHz = options.filters.lowpassHz;
      if (options.filters?.notchHz !== undefined) filters.notchHz = options.filters.notchHz;
      const paper = options.paper ?? services.paper?.();
      const report: Partial<ReportOptions> = {
        filters,
        deidentify: options.deidentify ? { salt: installSalt(join(dataDir, SALT_FILE_NAME)), retainDates: options.retainDates ?? false } : false,
        ...(paper ? { paper } : {}),
        ...(options.speed ? { speed: options.speed } : {}),
        ...(options.gain ? { gain: options.gain } : {}),
        ...(options.details !== undefined ? { details: options.details } : {}),
        ...(options.rhythmLead ? { rhythmLead: options.rhythmLead } : {}),
      };
      const r = await renderReport(await studyReportInput(archive, studyId, services.contexts ? { contexts: services.contexts } : {}), report);
      const file = path ?? inFolder(folder!, studyId, r.printed.deidentified, sequence);
      try {
        writeFileSync(file, r.pdf);
      } catch (e) {
        throw new ApiError('storage', `cannot write ${file}: ${e instanceof Error ? e.message : String(e)}`);
      }
      const pseudonym = r.printed.deidentified?.pseudonym;
      return { path: file, pages: r.pages, bytes: r.pdf.length, ...(pseudonym ? { pseudonym } : {}) };
    },
  };
}
