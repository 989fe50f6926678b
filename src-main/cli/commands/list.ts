/**
 * `ecg-tlc list [--db FILE] [--json] [filters…] [--sort KEY[:asc|desc]] [--limit N] [--offset N | --cursor C]`:
 * the worklist on the command line, with the filters of StudyQuery (store/study-query.ts) as options.
 * A readable table by default, the StudyPage as JSON with --json. Exit 1 when there is no archive, 2 on usage errors.
 */
import { InvalidArgumentError, type Command } from 'commander';
import { existsSync } from 'node:fs';
import type { Sex } from '../../ecg/record.js';
import { openArchive } from '../../store/archive.js';
import { MAX_PAGE_SIZE, STUDY_SORT_KEYS, StudyQueryError, type StudyPage, type StudyQuery, type StudySortKey } from '../../store/study-query.js';
import type { StudySummary } from '../../store/study-summary.js';
import { databasePath } from '../data-dir.js';

/** Range filters, each a --min-STEM / --max-STEM pair: option stem, StudyQuery field, what it bounds, largest value. */
const RANGES = [
  ['age', 'age', 'age at acquisition (years)', 200],
  ['probability', 'maxProbability', 'top-class probability of the latest analysis', 1],
  ['uncertainty', 'uncertainty', 'uncertainty of the latest analysis (0–1)', 1],
  ['agreement', 'surrogateAgreement', 'surrogate agreement of the latest analysis (0–1)', 1],
] as const;
type RangeField = (typeof RANGES)[number][1];
const camel = (stem: string) => stem[0]!.toUpperCase() + stem.slice(1);

interface ListOptions {
  db?: string;
  json?: boolean;
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
  /** --min-STEM / --max-STEM values, as commander names them (minAge, maxAge, …) */
  [bound: `min${string}` | `max${string}`]: number | undefined;
}

const list = (v: string) => v.split(',').map((s) => s.trim()).filter(Boolean);

function sexes(v: string): Sex[] {
  const out = list(v).map((s) => s.toUpperCase());
  for (const s of out) if (s !== 'M' && s !== 'F' && s !== 'U') throw new InvalidArgumentError('use M, F or U (comma-separated for several)');
  return out as Sex[];
}

function number(min: number, max: number) {
  return (v: string): number => {
    const n = Number(v);
    if (v.trim() === '' || !Number.isFinite(n) || n < min || n > max) throw new InvalidArgumentError(`expected a number from ${min} to ${max}`);
    return n;
  };
}

function integer(min: number, max: number) {
  return (v: string): number => {
    if (!/^\d+$/.test(v) || Number(v) < min || Number(v) > max) throw new InvalidArgumentError(`expected a whole number from ${min} to ${max}`);
    return Number(v);
  };
}

function date(v: string): string {
  if (!/^\d{4}-\d{2}-\d{2}([T ]\d{2}(:\d{2}(:\d{2})?)?)?$/.test(v)) throw new InvalidArgumentError('expected an ISO date, YYYY-MM-DD (or YYYY-MM-DDTHH:MM:SS)');
  return v;
}

function sort(v: string): { key: StudySortKey; direction: 'asc' | 'desc' } {
  const [key, direction = 'desc'] = v.split(':');
  if (!STUDY_SORT_KEYS.includes(key as StudySortKey) || (direction !== 'asc' && direction !== 'desc')) {
    throw new InvalidArgumentError(`expected KEY or KEY:asc / KEY:desc, KEY one of ${STUDY_SORT_KEYS.join(', ')}`);
  }
  return { key: key as StudySortKey, direction };
}

export function toStudyQuery(o: ListOptions): StudyQuery {
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
  for (const [stem, field] of RANGES) {
    const min = o[`min${camel(stem)}`];
    const max = o[`max${camel(stem)}`];
    if (min !== undefined || max !== undefined) q[field as RangeField] = { ...(min !== undefined ? { min } : {}), ...(max !== undefined ? { max } : {}) };
  }
  for (const k of Object.keys(q) as Array<keyof StudyQuery>) if (q[k] === undefined) delete q[k];
  return q;
}

const dash = '—';
function cell(s: string, width: number): string {
  return s.length > width ? `${s.slice(0, width - 1)}…` : s.padEnd(width);
}

const COLUMNS: Array<[string, number, (s: StudySummary) => string]> = [
  ['ID', 7, (s) => String(s.id)],
  ['Patient', 18, (s) => s.patient.label ?? dash],
  ['Sex', 3, (s) => s.patient.sex ?? dash],
  ['Age', 4, (s) => (s.patient.age !== undefined ? String(s.patient.age) : dash)],
  ['Acquired', 19, (s) => s.acquiredAt?.replace('T', ' ').slice(0, 19) ?? dash],
  ['Format', 8, (s) => s.format],
  ['Leads', 9, (s) => `${s.leads.length}×${Number(s.durationS.toFixed(1))}s`],
  ['File', 18, (s) => s.fileName],
  ['Top class', 11, (s) => (s.analysis?.topClass ? `${s.analysis.topClass} ${(s.analysis.maxProbability ?? 0).toFixed(2)}` : dash)],
  ['Statements', 40, (s) => s.statements.join('; ') || dash],
];

export function formatStudyTable(page: StudyPage): string {
  const header = COLUMNS.map(([name, w]) => cell(name, w)).join('  ').trimEnd();
  const rows = page.items.map((s) => COLUMNS.map(([, w, f]) => cell(f(s), w)).join('  ').trimEnd());
  const first = (page.offset ?? 0) + 1;
  let footer = page.items.length
    ? `${page.offset !== undefined ? `${first}–${first + page.items.length - 1}` : page.items.length} of ${page.total} ${page.total === 1 ? 'study' : 'studies'}`
    : `no studies match (${page.total} in total for these filters)`;
  if (page.nextCursor) {
    footer += page.offset !== undefined ? `; next page: --offset ${page.offset + page.items.length}` : `; next page: --cursor ${page.nextCursor}`;
  }
  return [header, ...rows, footer].join('\n');
}

export function register(program: Command): void {
  const command = program
    .command('list')
    .description('list the studies in the archive, filtered and sorted')
    .option('--db <file>', 'archive database (default: $ECG_TLC_DB, else archive.db in the user data folder)')
    .option('--json', 'print the page as JSON (items, total, offset, nextCursor)')
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
    .option('--unconfirmed', 'only studies not confirmed')
    .option('--sort <key[:dir]>', `${STUDY_SORT_KEYS.join(', ')}; :asc or :desc (default acquired:desc)`, sort)
    .option('--limit <n>', `rows per page (1–${MAX_PAGE_SIZE}, default 50)`, integer(1, MAX_PAGE_SIZE))
    .option('--offset <n>', 'rows to skip', integer(0, Number.MAX_SAFE_INTEGER))
    .option('--cursor <c>', 'continue after the page that printed this cursor (same filters and sort)');
  for (const [stem, , what, max] of RANGES) {
    command.option(`--min-${stem} <n>`, `lowest ${what}`, number(0, max)).option(`--max-${stem} <n>`, `highest ${what}`, number(0, max));
  }
  command.action(function (this: Command, opts: ListOptions & { notAnalysed?: boolean; unconfirmed?: boolean }) {
    if (opts.analysed && opts.notAnalysed) this.error('error: --analysed and --not-analysed exclude each other', { exitCode: 2 });
    if (opts.confirmed && opts.unconfirmed) this.error('error: --confirmed and --unconfirmed exclude each other', { exitCode: 2 });
    if (opts.cursor && opts.offset !== undefined) this.error('error: page by --offset or by --cursor, not both', { exitCode: 2 });
    const query = toStudyQuery({
      ...opts,
      analysed: opts.analysed ? true : opts.notAnalysed ? false : undefined,
      confirmed: opts.confirmed ? true : opts.unconfirmed ? false : undefined,
    });
    const dbPath = databasePath(opts.db);
    if (!existsSync(dbPath)) {
      console.error(`ecg-tlc: no archive at ${dbPath}; import ECG files first (ecg-tlc import FOLDER) or name one with --db`);
      process.exitCode = 1;
      return;
    }
    const archive = openArchive(dbPath);
    try {
      const page = archive.queries.list(query);
      console.log(opts.json ? JSON.stringify(page, null, 2) : formatStudyTable(page));
      process.exitCode = 0;
    } catch (e) {
      if (e instanceof StudyQueryError) this.error(`error: ${e.message}`, { exitCode: 2 });
      throw e;
    } finally {
      archive.close();
    }
  });
}
