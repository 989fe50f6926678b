/**
 * Importing files and folders into the archive. importPaths answers when the job ends; meanwhile it pushes
 * `import:progress` events carrying the job id, which cancelImport takes. A caller may choose the job id itself
 * so it can cancel before the first event arrives.
 */
import { z } from 'zod';
import { method } from './method.js';

export const JobId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'jobId: 1–64 letters, digits, "-" or "_"');

export const ImportFailure = z.object({ path: z.string(), reason: z.string() });

export const ImportDuplicate = z.object({
  path: z.string(),
  /** the study already holding this content */
  studyId: z.number().int(),
  /** same file bytes, or the same recording under another name */
  match: z.enum(['file', 'signal']),
});

/** Mirrors ImportSummary in store/importer.ts, plus the job id. */
export const ImportSummary = z.object({
  jobId: JobId,
  /** record files found (after expanding folders) */
  total: z.number().int(),
  imported: z.number().int(),
  studyIds: z.array(z.number().int()),
  duplicates: z.array(ImportDuplicate),
  failures: z.array(ImportFailure),
  /** companion and hidden files left out of folder walks */
  skipped: z.number().int(),
  cancelled: z.boolean(),
  elapsedMs: z.number(),
  /** files per second */
  rate: z.number(),
});
export type ImportSummary = z.infer<typeof ImportSummary>;

/** Mirrors ImportProgress in store/importer.ts, plus the job id. */
export const ImportProgress = z.object({
  jobId: JobId,
  /** files handled so far (imported + duplicates + failed) */
  done: z.number().int(),
  total: z.number().int(),
  imported: z.number().int(),
  duplicates: z.number().int(),
  failed: z.number().int(),
  rate: z.number(),
  /** the file just handled */
  path: z.string().optional(),
});
export type ImportProgress = z.infer<typeof ImportProgress>;

export const importMethods = {
  importPaths: method(
    z.strictObject({ paths: z.array(z.string().min(1)).min(1, 'give at least one file or folder').max(10_000), jobId: JobId.optional() }),
    ImportSummary,
    'import ECG files and folders (recursively) into the archive; progress as import:progress events',
  ),
  cancelImport: method(z.strictObject({ jobId: JobId }), z.object({ cancelled: z.boolean() }), 'stop a running import after the file in hand'),
};

export const importEvents = {
  'import:progress': ImportProgress,
};
