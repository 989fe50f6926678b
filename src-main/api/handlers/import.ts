/**
 * importPaths / cancelImport over the store's importer. Each running job has an AbortController under its id;
 * the importer checks it between files, so a cancel stops after the file in hand (never mid-transaction).
 */
import { randomUUID } from 'node:crypto';
import type { Archive } from '../../store/archive.js';
import { ImportStoppedError, importPaths } from '../../store/importer.js';
import type { Handlers } from '../dispatch.js';
import { ApiError } from '../errors.js';
import type { ApiEvents } from '../events.js';

export function importHandlers(archive: Archive, events: ApiEvents): Pick<Handlers, 'importPaths' | 'cancelImport'> {
  const running = new Map<string, AbortController>();
  return {
    importPaths: async ({ paths, jobId }) => {
      const id = jobId ?? randomUUID();
      if (running.has(id)) throw new ApiError('invalid-arguments', `an import with jobId "${id}" is already running; choose another id`);
      const controller = new AbortController();
      running.set(id, controller);
      try {
        const summary = await importPaths(archive.studies, paths, {
          signal: controller.signal,
          onProgress: (p) => events.emit('import:progress', { jobId: id, ...p }),
        });
        return { jobId: id, ...summary };
      } catch (e) {
        if (e instanceof ImportStoppedError) {
          throw new ApiError('storage', e.message, { jobId: id, path: e.path, imported: e.summary.imported, studyIds: e.summary.studyIds });
        }
        throw e;
      } finally {
        running.delete(id);
      }
    },
    cancelImport: async ({ jobId }) => {
      const job = running.get(jobId);
      job?.abort();
      return { cancelled: job !== undefined };
    },
  };
}
