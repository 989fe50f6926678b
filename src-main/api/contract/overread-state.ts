/**
 * Where a study's interpretation stands (DESIGN.md §5): advisory and unconfirmed until a physician confirms,
 * edits or rejects it; the newest overread decides. Shown in the worklist (confirmed), on the study and on reports.
 */
import { z } from 'zod';

export const OverreadStatus = z.enum(['confirmed', 'edited', 'rejected']);
export type OverreadStatus = z.infer<typeof OverreadStatus>;

export const OverreadState = z.object({
  status: z.enum(['unconfirmed', 'confirmed', 'edited', 'rejected']),
  /** the reader (who) and the time (when, ISO 8601); absent while unconfirmed */
  by: z.string().optional(),
  at: z.string().optional(),
  statements: z.array(z.string()).optional(),
  comment: z.string().optional(),
  /** the analysis the reader saw */
  analysisId: z.number().int().optional(),
});
export type OverreadState = z.infer<typeof OverreadState>;
