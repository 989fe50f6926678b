/**
 * setOverread / getAuditTrail (analysis/overread.ts records it). The reader is this process's actor
 * (AnalysisService.actor), never an argument: the renderer cannot sign for someone else.
 */
import { recordOverread } from '../../analysis/overread.js';
import type { Overread } from '../../store/overread-repository.js';
import type { OverreadState } from '../contract/overread-state.js';
import type { Handlers } from '../dispatch.js';
import { ApiError } from '../errors.js';
import type { AnalysisService } from '../services/analysis-service.js';

export function overreadState(o: Overread | undefined): OverreadState {
  if (!o) return { status: 'unconfirmed' };
  return {
    status: o.status,
    by: o.reader,
    at: o.createdAt,
    ...(o.statements ? { statements: o.statements } : {}),
    ...(o.comment !== undefined ? { comment: o.comment } : {}),
    ...(o.analysisId !== undefined ? { analysisId: o.analysisId } : {}),
  };
}

export function overreadHandlers(service: AnalysisService): Pick<Handlers, 'setOverread' | 'getAuditTrail'> {
  const { archive } = service;
  const mustExist = (studyId: number) => {
    if (!archive.studies.summary(studyId)) throw new ApiError('not-found', `study ${studyId} is not in the archive`);
  };
  return {
    setOverread: async ({ studyId, status, statement, comment }) => {
      mustExist(studyId);
      const o = recordOverread(archive, { studyId, status, reader: service.actor(), ...(statement !== undefined ? { statement } : {}), ...(comment !== undefined ? { comment } : {}) });
      return { overread: overreadState(o) };
    },
    getAuditTrail: async ({ studyId }) => {
      mustExist(studyId);
      const overreads = archive.overreads.forStudy(studyId);
      return {
        studyId,
        overread: overreadState(overreads[overreads.length - 1]),
        overreads: overreads.map(overreadState),
        entries: archive.audit.forEntity('study', studyId),
      };
    },
  };
}
