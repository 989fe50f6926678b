/** The worklist's filters as the StudyFilter a batch job, a cohort or a triage list selects by (no paging, no order). */
import type { StudyFilter } from '../../../src-main/api/contract/analysis.js';
import { studyQuery, type WorklistFilters } from '../worklist/query.js';

export function studyFilter(f: WorklistFilters): StudyFilter {
  const { sort: _s, direction: _d, offset: _o, limit: _l, cursor: _c, ...filter } = studyQuery(f, { key: 'acquired', direction: 'desc' }, 0, 1);
  return filter;
}

export const isEmptyFilter = (f: StudyFilter): boolean => Object.keys(f).length === 0;
