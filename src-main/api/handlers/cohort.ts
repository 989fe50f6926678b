/** cohortStats and triage over the latest analyses of the selected studies (src-main/analysis). */
import { cohortStats } from '../../analysis/cohort-stats.js';
import { triage } from '../../analysis/triage.js';
import { StudyQueryError } from '../../store/study-query.js';
import type { Handlers } from '../dispatch.js';
import { ApiError } from '../errors.js';
import type { AnalysisService } from '../services/analysis-service.js';

const DEFAULT_TRIAGE = 50;

function labelsOf(service: AnalysisService) {
  try {
    return service.labels();
  } catch (e) {
    throw new ApiError('unavailable', `the label tables cannot be read: ${e instanceof Error ? e.message : String(e)}`);
  }
}

async function guarded<T>(fn: () => T): Promise<T> {
  try {
    return fn();
  } catch (e) {
    if (e instanceof StudyQueryError) throw new ApiError('invalid-arguments', e.message);
    throw e;
  }
}

export function cohortHandlers(service: AnalysisService): Pick<Handlers, 'cohortStats' | 'triage'> {
  const { archive } = service;
  return {
    cohortStats: ({ query, groupBy, clusterModel, maxIds, bins }) =>
      guarded(() =>
        cohortStats(archive, query ?? {}, {
          ...(groupBy ? { groupBy } : {}),
          ...(groupBy === 'label' ? { labels: labelsOf(service) } : {}),
          ...(clusterModel ? { clusterModel } : {}),
          ...(maxIds !== undefined ? { maxIds } : {}),
          ...(bins ? { bins } : {}),
        }),
      ),
    triage: ({ kind, limit, query }) =>
      guarded(() => triage(archive, kind, limit ?? DEFAULT_TRIAGE, query ?? {}, kind === 'label' ? labelsOf(service) : undefined)),
  };
}
