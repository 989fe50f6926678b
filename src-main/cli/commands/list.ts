/**
 * `ecg-tlc list [--db FILE] [--json] [filters…] [--sort KEY[:asc|desc]] [--limit N] [--offset N | --cursor C]`:
 * the worklist on the command line, with the filters of StudyQuery (store/study-query.ts) as options.
 * A readable table by default, the StudyPage as JSON with --json. Exit 1 when there is no archive, 2 on usage errors.
 */
import { InvalidArgumentError, type Command } from 'commander';
import { MAX_PAGE_SIZE, STUDY_SORT_KEYS, type StudyPage, type StudySortKey } from '../../store/study-query.js';
import type { StudySummary } from '../../store/study-summary.js';
import { onArchive } from '../archive-command.js';
import { addFilterOptions, filterQuery, integer, type FilterOptions } from '../filter-options.js';

export { toStudyQuery } from '../filter-options.js';

type ListOptions = FilterOptions & { db?: string; json?: boolean; notAnalysed?: boolean; unconfirmed?: boolean };

function sort(v: string): { key: StudySortKey; direction: 'asc' | 'desc' } {
  const [key, direction = 'desc'] = v.split(':');
  if (!STUDY_SORT_KEYS.includes(key as StudySortKey) || (direction !== 'asc' && direction !== 'desc')) {
    throw new InvalidArgumentError(`expected KEY or KEY:asc / KEY:desc, KEY one of ${STUDY_SORT_KEYS.join(', ')}`);
  }
  return { key: key as StudySortKey, direction };
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
    .option('--json', 'print the page as JSON (items, total, offset, nextCursor)');
  addFilterOptions(command)
    .option('--sort <key[:dir]>', `${STUDY_SORT_KEYS.join(', ')}; :asc or :desc (default acquired:desc)`, sort)
    .option('--limit <n>', `rows per page (1–${MAX_PAGE_SIZE}, default 50)`, integer(1, MAX_PAGE_SIZE))
    .option('--offset <n>', 'rows to skip', integer(0, Number.MAX_SAFE_INTEGER))
    .option('--cursor <c>', 'continue after the page that printed this cursor (same filters and sort)');
  command.action(function (this: Command, opts: ListOptions) {
    if (opts.cursor && opts.offset !== undefined) this.error('error: page by --offset or by --cursor, not both', { exitCode: 2 });
    const query = filterQuery(this, opts);
    onArchive(this, opts.db, (archive) => {
      const page = archive.queries.list(query);
      console.log(opts.json ? JSON.stringify(page, null, 2) : formatStudyTable(page));
    });
  });
}
