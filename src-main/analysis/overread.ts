/**
 * Recording a physician's overread (DESIGN.md §5), shared by the API and `ecg-tlc overread`: an edit needs the
 * reader's statement; a confirmation without one confirms the classes the model called, so the audit log says
 * what was confirmed. The overread row and its audit entry are one durable transaction (overread-repository.ts).
 */
import type { Archive } from '../store/archive.js';
import type { Overread, OverreadStatus } from '../store/overread-repository.js';
import { fromStored } from './stored-analysis.js';

export interface OverreadRequest {
  studyId: number;
  status: OverreadStatus;
  statement?: string;
  comment?: string;
  /** who: the caller's actor, never taken from a renderer */
  reader: string;
}

export class OverreadError extends Error {
  override readonly name = 'OverreadError';
}

export function recordOverread(archive: Archive, r: OverreadRequest): Overread {
  if (!archive.studies.summary(r.studyId)) throw new OverreadError(`study ${r.studyId} is not in the archive`);
  if (r.status === 'edited' && !r.statement?.trim()) throw new OverreadError('an edited interpretation needs its statement');
  const latest = archive.analyses.latest(r.studyId);
  let statements = r.statement?.trim() ? [r.statement.trim()] : undefined;
  if (!statements && r.status === 'confirmed' && latest) {
    const a = fromStored({ ...latest, explanation: undefined });
    statements = a.classes.filter((_, i) => a.predicted[i]);
  }
  archive.overreads.add({
    studyId: r.studyId,
    ...(latest ? { analysisId: latest.id } : {}),
    reader: r.reader,
    status: r.status,
    ...(statements ? { statements } : {}),
    ...(r.comment?.trim() ? { comment: r.comment.trim() } : {}),
  });
  return archive.overreads.latest(r.studyId)!;
}
