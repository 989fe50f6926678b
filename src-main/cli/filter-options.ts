/**
 * The worklist filters as command-line options (StudyQuery in store/study-query.ts), shared by the commands that
 * select studies: list, analyze --db, cohort, triage. Range filters are --min-STEM / --max-STEM pairs.
 */
import { InvalidArgumentError, type Command } from 'commander';
import type { Sex } from '../ecg/record.js';
import type { StudyQuery, StudySortKey } from '../store/study-query.js';

/** Range filters: option stem, StudyQuery field, what it bounds, largest value. */
export const RANGES = [
  ['age', 'age', 'age at acquisition (years)', 200],
  ['probability', 'maxProbability', 'top-class probability of the latest analysis', 1],
  ['uncertainty', 'uncertainty', 'uncertainty of the latest analysis (0–1)', 1],
  ['agreement', 'surrogateAgreement', 'surrogate agreement of the latest analysis (0–1)', 1],
] as const;
type RangeField = (typeof RANGES)[number][1];
type Bounds = { [K in (typeof RANGES)[number][0] as `min${Capitalize<K>}` | `max${Capitalize<K>}`]?: number };
const camel = (stem: string) => stem[0]!.toUpperCase() + stem.slice(1);

/** Options as commander names them; paging and sort only where the command has them. */
export type FilterOptions = Bounds & {
  search?: string;
  sex?: Sex[];
  from?: string;
  to?: string;
  format?: string[];
  statement?: string;
  analysed?: boolean;
  topClass?: string[];
  confirmed?: boolean;
  sort?: { key: StudySortKey; direction: 'asc' | 'desc' };
  limit?: number;
  offset?: number;
  cursor?: string;
};

export const list = (v: string) => v.split(',').map((s) => s.trim()).filter(Boolean);

export function sexes(v: string): Sex[] {
  const out = list(v).map((s) => s.toUpperCase());
  for (const s of out) if (s !== 'M' && s !== 'F' && s !== 'U') throw new InvalidArgumentError('use M, F or U (comma-separated for several)');
  return out as Sex[];
}

export function number(min: number, max: number) {
  return (v: string): number => {
    const n = Number(v);
    if (v.trim() === '' || !Number.isFinite(n) || n < min || n > max) throw new InvalidArgumentError(`expected a number from ${min} to ${max}`);
    return n;
  };
}

export function integer(min: number, max: number) {
  return (v: string): number => {
    if (!/^\d+$/.test(v) || Number(v) < min || Number(v) > max) throw new InvalidArgumentError(`expected a whole number from ${min} to ${max}`);
    return Number(v);
  };
}

export function date(v: string): string {
  if (!/^\d{4}-\d{2}-\d{2}([T ]\d{2}(:\d{2}(:\d{2})?)?)?$/.test(v)) throw new InvalidArgumentError('expected an ISO date, YYYY-MM-DD (or YYYY-MM-DDTHH:MM:SS)');
  return v;
}

export function toStudyQuery(o: FilterOptions): StudyQuery {
  const q: StudyQuery = {
    text: o.search,
    sex: o.sex,
    acquiredFrom: o.from,
    acquiredTo: o.to,
    formats: o.format,
    statement: o.statement,
    hasAnalysis: o.analysed,
    topClass: o.topClass,
    confirmed: o.confirmed,
    sort: o.sort?.key,
    direction: o.sort?.direction,
    limit: o.limit,
    offset: o.offset,
    cursor: o.cursor,
  };
  const bounds = o as Record<string, number | undefined>;
  for (const [stem, field] of RANGES) {
    const min = bounds[`min${camel(stem)}`];
    const max = bounds[`max${camel(stem)}`];
    if (min !== undefined || max !== undefined) q[field as RangeField] = { ...(min !== undefined ? { min } : {}), ...(max !== undefined ? { max } : {}) };
  }
  for (const k of Object.keys(q) as Array<keyof StudyQuery>) if (q[k] === undefined) delete q[k];
  return q;
}

/** Adds the filter options (not paging or sort) to a command. */
export function addFilterOptions(command: Command): Command {
  command
    .option('--search <text>', 'words in patient id or name, record id or file name')
    .option('--sex <list>', 'M, F or U; comma-separated for several', sexes)
    .option('--from <date>', 'acquired on or after (YYYY-MM-DD)', date)
    .option('--to <date>', 'acquired on or before (YYYY-MM-DD: the whole day)', date)
    .option('--format <ids>', 'reader ids, comma-separated (cinc, wfdb, hl7-aecg, dicom, scp, muse, philips, edf, csv)', list)
    .option('--statement <text>', 'text in one of the statements (e.g. "fibrillation")')
    .option('--analysed', 'only studies with an analysis')
    .option('--not-analysed', 'only studies without an analysis')
    .option('--top-class <list>', 'top class of the latest analysis (NORM, MI, STTC, CD, HYP), comma-separated', list)
    .option('--confirmed', 'only studies a physician confirmed')
    .option('--unconfirmed', 'only studies not confirmed');
  for (const [stem, , what, max] of RANGES) {
    command.option(`--min-${stem} <n>`, `lowest ${what}`, number(0, max)).option(`--max-${stem} <n>`, `highest ${what}`, number(0, max));
  }
  return command;
}

/** The query of a command's filter options; usage errors (exit 2) for contradictory pairs. */
export function filterQuery(command: Command, opts: FilterOptions & { notAnalysed?: boolean; unconfirmed?: boolean }): StudyQuery {
  if (opts.analysed && opts.notAnalysed) command.error('error: --analysed and --not-analysed exclude each other', { exitCode: 2 });
  if (opts.confirmed && opts.unconfirmed) command.error('error: --confirmed and --unconfirmed exclude each other', { exitCode: 2 });
  return toStudyQuery({
    ...opts,
    analysed: opts.analysed ? true : opts.notAnalysed ? false : undefined,
    confirmed: opts.confirmed ? true : opts.unconfirmed ? false : undefined,
  });
}
