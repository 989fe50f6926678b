/**
 * Looking at an ECG file without importing it (what `ecg-tlc inspect` prints and the import preview shows), and
 * choosing files with the desktop shell's native dialog.
 */
import { z } from 'zod';
import { method } from './method.js';
import { Device, LeadInfo, Measurements, Patient, RecordCheck } from './record.js';

export const ChecksumSummary = z.enum(['ok', 'mismatch', 'absent']);

export const FileSummary = z.object({
  path: z.string(),
  /** registry id of the reader ('wfdb', 'cinc', …) and its human name */
  format: z.string(),
  formatName: z.string(),
  sha256: z.string(),
  leads: z.array(LeadInfo),
  /** Hz */
  fs: z.number(),
  /** samples per lead */
  samples: z.number().int(),
  durationS: z.number(),
  startTime: z.string().optional(),
  patient: Patient,
  device: Device.optional(),
  site: z.string().optional(),
  /** 'mismatch' if any checksum failed, 'ok' if all stored checksums matched, 'absent' if the file stores none */
  checksum: ChecksumSummary,
  checks: z.array(RecordCheck),
  /** worst deviation from III = II − I and Goldberger's relations over independently stored leads, µV */
  einthovenResidualUv: z.number().optional(),
  statementCount: z.number().int(),
  annotationCount: z.number().int(),
  measurements: Measurements.optional(),
  details: z.record(z.string(), z.unknown()).optional(),
});
export type FileSummary = z.infer<typeof FileSummary>;

/** What the native open dialog lets the user choose; either way several may be chosen. */
export const PickKind = z.enum(['files', 'folder']);

export const PickPathsArgs = z.strictObject({
  kind: PickKind,
  /** the dialog's title bar */
  title: z.string().min(1).max(200).optional(),
});
export type PickPathsArgs = z.infer<typeof PickPathsArgs>;

export const PickedPaths = z.object({
  /** absolute paths, in the order the dialog gave them; empty when the user cancelled */
  paths: z.array(z.string()),
});
export type PickedPaths = z.infer<typeof PickedPaths>;

export const fileMethods = {
  inspectFile: method(
    z.strictObject({ path: z.string().min(1, 'path must name a file') }),
    FileSummary,
    'read one ECG file and summarise it (format, leads, rate, length, patient, device, self-checks)',
  ),
  pickPaths: method(
    PickPathsArgs,
    PickedPaths,
    "ask the user for files or folders in the desktop app's native open dialog; 'unavailable' where there is none (browser host)",
  ),
};
