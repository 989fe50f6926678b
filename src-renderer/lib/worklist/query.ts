/**
 * The worklist's filter bar as a listStudies query. "Uncertainty above x" and "disagreement" read the latest
 * analysis: disagreement means the surrogate's labels differ from the CNN's on at least one class (agreement < 1).
 */
import type { StudyQuery } from '../../../src-main/api/contract/studies.js';

export type StudySortKey = NonNullable<StudyQuery['sort']>;

export interface WorklistFilters {
  text: string;
  /** top predicted class of the latest analysis, any of */
  classes: string[];
  /** YYYY-MM-DD or '' */
  from: string;
  to: string;
  /** 0–1, or undefined for no limit */
  uncertaintyAbove: number | undefined;
  disagreement: boolean;
  confirmed: 'any' | 'confirmed' | 'unconfirmed';
}

export interface WorklistSort {
  key: StudySortKey;
  direction: 'asc' | 'desc';
}

export const EMPTY_FILTERS: WorklistFilters = { text: '', classes: [], from: '', to: '', uncertaintyAbove: undefined, disagreement: false, confirmed: 'any' };

/** Largest agreement that still counts as disagreeing: agreement is a share of classes, so 1 means all agree. */
const DISAGREEING_BELOW = 1 - 1e-9;

export function studyQuery(f: WorklistFilters, sort: WorklistSort, offset: number, limit: number): StudyQuery {
  const q: StudyQuery = { sort: sort.key, direction: sort.direction, offset, limit };
  const text = f.text.trim();
  if (text) q.text = text;
  if (f.classes.length) q.topClass = [...f.classes];
  if (f.from) q.acquiredFrom = f.from;
  if (f.to) q.acquiredTo = f.to;
  if (f.uncertaintyAbove !== undefined) q.uncertainty = { min: f.uncertaintyAbove };
  if (f.disagreement) q.surrogateAgreement = { max: DISAGREEING_BELOW };
  if (f.confirmed !== 'any') q.confirmed = f.confirmed === 'confirmed';
  return q;
}
