/**
 * PDF export of a stored study (src-main/report): the traces at true scale with the cluster bands, legend,
 * measurements, predictions, overread state and the advisory notice. The path comes from a save dialog: it must
 * be absolute and end in .pdf (the transports also apply the renderer path policy, transport/user-path.ts).
 */
import { z } from 'zod';
import { method } from './method.js';
import { StudyId } from './studies.js';

const Hz = z.number().positive().max(1000);

export const PdfOptions = z.strictObject({
  paper: z.enum(['A4', 'Letter']).optional(),
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

export const ExportPdfArgs = z.strictObject({
  studyId: StudyId,
  path: z.string().min(1).max(32_767).refine((p) => /\.pdf$/i.test(p), 'path must name a .pdf file'),
  options: PdfOptions.optional(),
});

export const reportMethods = {
  exportPdf: method(
    ExportPdfArgs,
    z.object({ path: z.string(), pages: z.number().int(), bytes: z.number().int(), pseudonym: z.string().optional() }),
    'write the PDF report of a stored study with its latest analysis and overread',
  ),
};
