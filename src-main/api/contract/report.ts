/**
 * PDF export of a stored study (src-main/report): the traces at true scale with the cluster bands, legend,
 * measurements, predictions, overread state and the advisory notice. The path or folder must be absolute, a path
 * must end in .pdf (the transports also apply the renderer path policy, transport/user-path.ts). Options left
 * out take the report's defaults, the paper the settings' reportPaper.
 */
import { z } from 'zod';
import { method } from './method.js';
import { ReportPaper } from './settings.js';
import { StudyId } from './studies.js';

const Hz = z.number().positive().max(1000);

export const PdfOptions = z.strictObject({
  /** default: the settings' reportPaper */
  paper: ReportPaper.optional(),
  /** mm/s */
  speed: z.union([z.literal(12.5), z.literal(25), z.literal(50)]).optional(),
  /** mm/mV */
  gain: z.union([z.literal(5), z.literal(10), z.literal(20)]).optional(),
  filters: z.strictObject({ highpassHz: Hz.optional(), lowpassHz: Hz.optional(), notchHz: Hz.optional() }).optional(),
  /** page 2: segmentation per block, Grad-CAM, surrogate drivers */
  details: z.boolean().optional(),
  rhythmLead: z.string().min(1).max(16).optional(),
  /** remove identifiers and print a pseudonym (DICOM PS3.15 basic profile), with the install's salt */
  deidentify: z.boolean().optional(),
  retainDates: z.boolean().optional(),
});
export type PdfOptions = z.infer<typeof PdfOptions>;

/**
 * Where the report goes: `path`, a file the user named; or `folder`, where the main process names the file as
 * the CLI's --pdf-dir does (report/file-name.ts): study-<id>.pdf, or <pseudonym>-<sequence>.pdf when
 * de-identified, since only the main process knows the pseudonym and a study id in the name would undo it.
 */
export const ExportPdfArgs = z
  .strictObject({
    studyId: StudyId,
    path: z.string().min(1).max(32_767).refine((p) => /\.pdf$/i.test(p), 'path must name a .pdf file').optional(),
    folder: z.string().min(1).max(32_767).optional(),
    /**
     * with `folder`: the report's 1-based position in its batch (a batch run overwrites its own earlier files);
     * left out, the lowest one whose file is not there yet, so a single de-identified export never overwrites
     * the report of another study of the same patient
     */
    sequence: z.number().int().positive().max(10_000_000).optional(),
    options: PdfOptions.optional(),
  })
  .refine((a) => (a.path === undefined) !== (a.folder === undefined), 'give either path (a .pdf file) or folder')
  .refine((a) => a.sequence === undefined || a.folder !== undefined, 'sequence only applies with folder');

export const reportMethods = {
  exportPdf: method(
    ExportPdfArgs,
    z.object({ path: z.string(), pages: z.number().int(), bytes: z.number().int(), pseudonym: z.string().optional() }),
    'write the PDF report of a stored study with its latest analysis and overread',
  ),
};
