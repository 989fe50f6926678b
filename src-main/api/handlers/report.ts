/**
 * exportPdf: a stored study's report (src-main/report) written where the user chose. The path must be absolute
 * and end in .pdf (the contract); the folder must exist (a save dialog's does): nothing is created on the
 * renderer's say-so. De-identification uses the install's salt in the data folder.
 */
import { writeFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import type { FilterSettings } from '../../ecg/filters.js';
import type { ReportOptions } from '../../report/options.js';
import { renderReport } from '../../report/render.js';
import type { Archive } from '../../store/archive.js';
import type { Handlers } from '../dispatch.js';
import { ApiError } from '../errors.js';
import type { ContextLookup } from '../../explain/local-drivers.js';
import { installSalt, SALT_FILE_NAME } from '../services/pseudonym-salt.js';
import { studyReportInput } from '../services/report-inputs.js';

/** @param contexts finds the surrogate of a stored explanation, for its per-ECG drivers */
export function reportHandlers(archive: Archive, dataDir: string, contexts?: ContextLookup): Pick<Handlers, 'exportPdf'> {
  return {
    exportPdf: async ({ studyId, path, options = {} }) => {
      if (!isAbsolute(path)) throw new ApiError('invalid-arguments', `path must be absolute, got ${JSON.stringify(path)}`);
      if (!archive.studies.summary(studyId)) throw new ApiError('not-found', `study ${studyId} is not in the archive`);
      const filters: FilterSettings = {};
      if (options.filters?.highpassHz !== undefined) filters.highpassHz = options.filters.highpassHz;
      if (options.filters?.lowpassHz !== undefined) filters.lowpassHz = options.filters.lowpassHz;
      if (options.filters?.notchHz !== undefined) filters.notchHz = options.filters.notchHz;
      const report: Partial<ReportOptions> = {
        filters,
        deidentify: options.deidentify ? { salt: installSalt(join(dataDir, SALT_FILE_NAME)), retainDates: options.retainDates ?? false } : false,
        ...(options.paper ? { paper: options.paper } : {}),
        ...(options.speed ? { speed: options.speed } : {}),
        ...(options.gain ? { gain: options.gain } : {}),
        ...(options.details !== undefined ? { details: options.details } : {}),
        ...(options.rhythmLead ? { rhythmLead: options.rhythmLead } : {}),
      };
      const r = await renderReport(await studyReportInput(archive, studyId, contexts ? { contexts } : {}), report);
      try {
        writeFileSync(path, r.pdf);
      } catch (e) {
        throw new ApiError('storage', `cannot write ${path}: ${e instanceof Error ? e.message : String(e)}`);
      }
      const pseudonym = r.printed.deidentified?.pseudonym;
      return { path, pages: r.pages, bytes: r.pdf.length, ...(pseudonym ? { pseudonym } : {}) };
    },
  };
}
