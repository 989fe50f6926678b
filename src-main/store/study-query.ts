/**
 * The worklist query: filters, sort and paging over `studies`, as plain TypeScript (the API mirrors it in zod).
 *
 * | sort key     | column (schema-v1.ts)   | index                |
 * |--------------|-------------------------|----------------------|
 * | acquired     | acquired_key            | studies_acquired     |
 * | imported     | imported_at             | studies_imported     |
 * | patient      | patient_key             | studies_patient_key  |
 * | age          | age_key                 | studies_age          |
 * | probability  | probability_key         | studies_probability  |
 * | uncertainty  | uncertainty_key         | studies_uncertainty  |
 *
 * Every sort ends with the study id, so the order is total and a keyset cursor (key value, id) names a position
 * exactly. Unknown values sort as '' / -1: first ascending, last descending. Range filters exclude unknowns.
 */
import type Database from 'better-sqlite3';
import type { Sex } from '../ecg/record.js';
import { keyParams, type VersionKey } from './staleness-rule.js';
import { STALE_COLUMN, SUMMARY_COLUMNS, toSummary, type StudySummary, type SummaryRow } from './study-summary.js';

export const STUDY_SORT_KEYS = ['acquired', 'imported', 'patient', 'age', 'probability', 'uncertainty'] as const;
export type StudySortKey = (typeof STUDY_SORT_KEYS)[number];
export type SortDirection = 'asc' | 'desc';

const SORT_COLUMN: Record<StudySortKey, string> = {
  acquired: 'acquired_key',
  imported: 'imported_at',
  patient: 'patient_key',
  age: 'age_key',
  probability: 'probability_key',
  uncertainty: 'uncertainty_key',
};

export interface NumberRange {
  min?: number;
  max?: number;
}

export interface StudyQuery {
  /** words that must each occur in the patient id or name, the record id or the file name (case-insensitive) */
  text?: string;
  sex?: Sex[];
  /** years at acquisition */
  age?: NumberRange;
  /** ISO date or date-time; a date alone in `acquiredTo` includes that whole day */
  acquiredFrom?: string;
  acquiredTo?: string;
  /** reader ids: 'cinc', 'wfdb', … */
  formats?: string[];
  /** text that must occur in one of the study's statements (case-insensitive) */
  statement?: string;
  hasAnalysis?: boolean;
  /** of the latest analysis */
  topClass?: string[];
  maxProbability?: NumberRange;
  uncertainty?: NumberRange;
  surrogateAgreement?: NumberRange;
  confirmed?: boolean;
  sort?: StudySortKey;
  direction?: SortDirection;
  /** rows per page, 1–1000 (default 50) */
  limit?: number;
  /** offset paging: rows to skip */
  offset?: number;
  /** keyset paging: `nextCursor` of the previous page (same filters and sort); takes precedence over offset */
  cursor?: string;
}

export interface StudyPage {
  items: StudySummary[];
  /** studies matching the filters, all pages */
  total: number;
  /** offset of the first item when paging by offset */
  offset?: number;
  /** pass as `cursor` for the next page; absent on the last page */
  nextCursor?: string;
}

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 1000;
const MIN_TRIGRAM = 3;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}([T ]\d{2}(:\d{2}(:\d{2}(\.\d+)?)?)?)?$/;

export class StudyQueryError extends Error {
  override readonly name = 'StudyQueryError';
}

interface Built {
  where: string;
  params: unknown[];
}

function phrase(term: string): string {
  return `"${term.replace(/"/g, '""')}"`;
}

/**
 * Substring search through the trigram index: words of 3+ characters become one FTS5 MATCH (indexed); shorter
 * words cannot use trigrams and are checked with instr() over the index's stored text.
 *
 * Identifiers match few studies, so their matches are fetched by id and sorted. Statements match many (a
 * diagnosis is shared by thousands), so `+s.id` keeps SQLite walking the sort index and probing the matches'
 * Bloom filter instead: at 100k studies and 14k matches, 7 ms for a page instead of 33 (bench/worklist.ts).
 */
function searchClause(column: 'ident' | 'statements', text: string, out: Built['params']): string[] {
  const words = text.trim().split(/\s+/).filter((w) => w.length > 0);
  const long = words.filter((w) => w.length >= MIN_TRIGRAM);
  const short = words.filter((w) => w.length < MIN_TRIGRAM);
  const id = column === 'statements' ? '+s.id' : 's.id';
  const clauses: string[] = [];
  if (long.length) {
    clauses.push(`${id} IN (SELECT rowid FROM study_search WHERE study_search MATCH ?)`);
    out.push(long.map((w) => `${column} : ${phrase(w)}`).join(' AND '));
  }
  for (const w of short) {
    clauses.push(`${id} IN (SELECT rowid FROM study_search WHERE instr(lower(${column}), ?) > 0)`);
    out.push(w.toLowerCase());
  }
  return clauses;
}

function rangeClause(column: string, r: NumberRange | undefined, what: string, out: Built['params']): string[] {
  if (!r || (r.min === undefined && r.max === undefined)) return [];
  for (const v of [r.min, r.max]) if (v !== undefined && !Number.isFinite(v)) throw new StudyQueryError(`${what} bounds must be numbers`);
  // Sort-key columns fold unknown into -1; a lower bound of 0 keeps unknowns out of any range.
  const clauses = [`s.${column} >= ?`];
  out.push(Math.max(r.min ?? 0, 0));
  if (r.max !== undefined) {
    clauses.push(`s.${column} <= ?`);
    out.push(r.max);
  }
  return clauses;
}

function inClause(column: string, values: readonly string[] | undefined, out: Built['params']): string[] {
  if (!values || values.length === 0) return [];
  out.push(...values);
  return [`s.${column} IN (${values.map(() => '?').join(', ')})`];
}

function checkDate(value: string, what: string): string {
  if (!ISO_DATE_TIME.test(value)) throw new StudyQueryError(`${what} must be an ISO date (YYYY-MM-DD) or date-time, got "${value}"`);
  return value.replace(' ', 'T');
}

export function buildWhere(q: StudyQuery): Built {
  const params: unknown[] = [];
  const clauses: string[] = [];
  if (q.text?.trim()) clauses.push(...searchClause('ident', q.text, params));
  if (q.statement?.trim()) clauses.push(...searchClause('statements', q.statement, params));
  clauses.push(...inClause('sex', q.sex, params));
  clauses.push(...rangeClause('age_key', q.age, 'age', params));
  if (q.acquiredFrom !== undefined || q.acquiredTo !== undefined) {
    // ISO strings order as text; '0' is below any date, so unknown ('') acquisitions drop out of any range.
    clauses.push('s.acquired_key >= ?');
    params.push(q.acquiredFrom !== undefined ? checkDate(q.acquiredFrom, 'acquiredFrom') : '0');
    if (q.acquiredTo !== undefined) {
      const to = checkDate(q.acquiredTo, 'acquiredTo');
      clauses.push('s.acquired_key <= ?');
      params.push(ISO_DATE.test(to) ? `${to}T\uffff` : to);
    }
  }
  clauses.push(...inClause('source_format', q.formats, params));
  if (q.hasAnalysis !== undefined) clauses.push(`s.analysis_id IS ${q.hasAnalysis ? 'NOT ' : ''}NULL`);
  clauses.push(...inClause('top_class', q.topClass, params));
  clauses.push(...rangeClause('probability_key', q.maxProbability, 'maxProbability', params));
  clauses.push(...rangeClause('uncertainty_key', q.uncertainty, 'uncertainty', params));
  clauses.push(...rangeClause('surrogate_agreement', q.surrogateAgreement, 'surrogateAgreement', params));
  if (q.confirmed !== undefined) {
    clauses.push('s.confirmed = ?');
    params.push(q.confirmed ? 1 : 0);
  }
  return { where: clauses.length ? `WHERE ${clauses.join(' AND ')}` : '', params };
}

interface Cursor {
  sort: StudySortKey;
  direction: SortDirection;
  value: string | number;
  id: number;
}

function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify([c.sort, c.direction, c.value, c.id]), 'utf8').toString('base64url');
}

function decodeCursor(s: string, sort: StudySortKey, direction: SortDirection): Cursor {
  let parts: unknown;
  try {
    parts = JSON.parse(Buffer.from(s, 'base64url').toString('utf8'));
  } catch {
    throw new StudyQueryError('the paging cursor is not valid; start again from the first page');
  }
  if (!Array.isArray(parts) || parts.length !== 4 || !Number.isInteger(parts[3])
    || (typeof parts[2] !== 'string' && typeof parts[2] !== 'number')) {
    throw new StudyQueryError('the paging cursor is not valid; start again from the first page');
  }
  if (parts[0] !== sort || parts[1] !== direction) {
    throw new StudyQueryError(`the paging cursor belongs to the sort ${parts[0]} ${parts[1]}, not ${sort} ${direction}`);
  }
  return { sort, direction, value: parts[2] as string | number, id: parts[3] as number };
}

/**
 * SQL for one page, and the count that goes with it; exported for the index-use test and the benchmark. With
 * `current` (the version key analyses use now) each row's analysis also says whether and why it is stale.
 */
export function buildPageSql(q: StudyQuery, current?: VersionKey): { pageSql: string; countSql: string; params: unknown[]; countParams: unknown[] } {
  const sort = q.sort ?? 'acquired';
  const direction = q.direction ?? 'desc';
  if (!STUDY_SORT_KEYS.includes(sort)) throw new StudyQueryError(`unknown sort "${sort}" (one of ${STUDY_SORT_KEYS.join(', ')})`);
  if (direction !== 'asc' && direction !== 'desc') throw new StudyQueryError(`direction must be asc or desc, got "${direction}"`);
  const limit = q.limit ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE) throw new StudyQueryError(`limit must be an integer from 1 to ${MAX_PAGE_SIZE}`);
  const offset = q.offset ?? 0;
  if (!Number.isInteger(offset) || offset < 0) throw new StudyQueryError('offset must be a non-negative integer');
  const { where, params } = buildWhere(q);
  const key = `s.${SORT_COLUMN[sort]}`;
  const dir = direction.toUpperCase();
  // the stale column's parameters come first: it stands in the select list, before the WHERE clause
  const pageParams = current ? [...keyParams(current), ...params] : [...params];
  let pageWhere = where;
  let skip = offset;
  if (q.cursor !== undefined) {
    const c = decodeCursor(q.cursor, sort, direction);
    pageWhere = `${where ? `${where} AND` : 'WHERE'} (${key}, s.id) ${direction === 'asc' ? '>' : '<'} (?, ?)`;
    pageParams.push(c.value, c.id);
    skip = 0;
  }
  // One row past the page tells whether a next page exists without a second query.
  pageParams.push(limit + 1, skip);
  const cols = [...SUMMARY_COLUMNS.map((c) => `s.${c}`), ...(current ? [STALE_COLUMN] : [])].join(', ');
  return {
    pageSql: `SELECT ${cols}, ${key} AS sort_value FROM studies s ${pageWhere} ORDER BY ${key} ${dir}, s.id ${dir} LIMIT ? OFFSET ?`,
    countSql: `SELECT count(*) FROM studies s ${where}`,
    params: pageParams,
    countParams: params,
  };
}

/** Runs worklist queries; statements are prepared once per distinct SQL shape and kept. */
export class StudyQueries {
  private readonly cache = new Map<string, Database.Statement>();

  constructor(private readonly db: Database.Database) {}

  private stmt(sql: string): Database.Statement {
    let s = this.cache.get(sql);
    if (!s) {
      // The shapes are bounded by the filter combinations in use; drop the oldest past a few hundred.
      if (this.cache.size >= 256) this.cache.delete(this.cache.keys().next().value!);
      s = this.db.prepare(sql);
      this.cache.set(sql, s);
    }
    return s;
  }

  /** Ids of every study the query's filters select (sort and paging ignored), in id order. */
  ids(q: StudyQuery = {}): number[] {
    const { where, params } = buildWhere(q);
    return this.stmt(`SELECT s.id FROM studies s ${where} ORDER BY s.id`).pluck().all(...params) as number[];
  }

  /** One page; with `current`, stale analyses are marked (StudySummary.analysis.stale). */
  list(q: StudyQuery = {}, current?: VersionKey): StudyPage {
    const { pageSql, countSql, params, countParams } = buildPageSql(q, current);
    const rows = this.stmt(pageSql).all(...params) as Array<SummaryRow & { sort_value: string | number }>;
    const total = this.stmt(countSql).pluck().get(...countParams) as number;
    const limit = q.limit ?? DEFAULT_PAGE_SIZE;
    const more = rows.length > limit;
    if (more) rows.length = limit;
    const page: StudyPage = { items: rows.map(toSummary), total };
    if (q.cursor === undefined) page.offset = q.offset ?? 0;
    const last = rows[rows.length - 1];
    if (more && last) {
      page.nextCursor = encodeCursor({ sort: q.sort ?? 'acquired', direction: q.direction ?? 'desc', value: last.sort_value, id: last.id });
    }
    return page;
  }

  /** EXPLAIN QUERY PLAN of the page query, one line per step (for tests and the benchmark's report). */
  plan(q: StudyQuery = {}, current?: VersionKey): string[] {
    const { pageSql, params } = buildPageSql(q, current);
    return (this.db.prepare(`EXPLAIN QUERY PLAN ${pageSql}`).all(...params) as Array<{ detail: string }>).map((r) => r.detail);
  }
}
