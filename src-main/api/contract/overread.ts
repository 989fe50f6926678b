/**
 * The overread workflow: a physician confirms, edits or rejects a study's interpretation, with statements and a
 * comment. Who is decided by the main process (the reader name of the settings, else the operating-system
 * user), never by the caller; when is the time it is stored. Each overread and its audit entry are written
 * together, durably; the audit log is append-only and shown on the study.
 */
import { z } from 'zod';
import { method } from './method.js';
import { OverreadState, OverreadStatus } from './overread-state.js';
import { StudyId } from './studies.js';

const Text = z.string().trim().min(1).max(2000);

export const SetOverreadArgs = z
  .strictObject({
    studyId: StudyId,
    status: OverreadStatus,
    /** the interpretation as the reader states it; an edit needs one, a confirmation without one confirms the model's called classes */
    statement: Text.optional(),
    comment: Text.optional(),
  })
  .refine((a) => a.status !== 'edited' || a.statement !== undefined, { message: 'an edited interpretation needs its statement', path: ['statement'] });

export const AuditEntry = z.object({
  id: z.number().int(),
  at: z.string(),
  actor: z.string(),
  action: z.string(),
  entity: z.string(),
  entityId: z.number().int().optional(),
  details: z.unknown().optional(),
});
export type AuditEntry = z.infer<typeof AuditEntry>;

export const AuditTrail = z.object({
  studyId: StudyId,
  overread: OverreadState,
  /** every overread of the study, oldest first */
  overreads: z.array(OverreadState),
  /** the study's audit entries (import, overreads), oldest first */
  entries: z.array(AuditEntry),
});
export type AuditTrail = z.infer<typeof AuditTrail>;

export const overreadMethods = {
  setOverread: method(SetOverreadArgs, z.object({ overread: OverreadState }), "confirm, edit or reject a study's interpretation (audited)"),
  getAuditTrail: method(z.strictObject({ studyId: StudyId }), AuditTrail, "a study's overreads and audit log entries"),
};
