/**
 * `ecg-tlc list [--db FILE] [--json] [filters…] [--sort KEY[:asc|desc]] [--limit N] [--offset N | --cursor C]
 * [--model ID|DIR] [--clusters DIR]`: the worklist on the command line, with the filters of StudyQuery
 * (store/study-query.ts) as options. A readable table by default, the StudyPage as JSON with --json. An analysis
 * made with another model or cluster model than the current choice is marked stale (StudySummary.analysis.stale);
 * the current choice is --model/--clusters, else the app's (its settings file), else the shipped package.
 * Exit 1 when there is no archive, 2 on usage errors.
 */
import { InvalidArgumentError, type Command } from 'commander';
import { modelIdentity, type ModelIdentity } from '../../analysis/model-identity.js';
import type { Archive } from '../../store/archive.js';
import { MAX_PAGE_SIZE, STUDY_SORT_KEYS, type StudyPage, type StudySortKey } from '../../store/study-query.js';
import type { StudySummary } from '../../store/study-summary.js';
import { onArchive } from '../archive-command.js';
import { UnreadableSettings } from '../data-dir.js';
import { addFilterOptions, filterQuery, integer, type FilterOptions } from '../filter-options.js';
import { chosenModel } from '../model-arg.js';
import { tableLines, type Column } from '../table.js';

export { toStudyQuery } from '../filter-options.js';

type ListOptions = FilterOptions & { db?: string; json?: boolean; notAnalysed?: boolean; unconfirmed?: boolean; model?: string; clusters?: string };

function sort(v: string): { key: StudySortKey; direction: 'asc' | 'desc' } {
  const [key, direction = 'desc'] = v.split(':');
  if (!STUDY_SORT_KEYS.includes(key as StudySortKey) || (direction !== 'asc' && direction !== 'desc')) {
    throw new InvalidArgumentError(`expected KEY or KEY:asc / KEY:desc, KEY one of ${STUDY_SORT_KEYS.join(', ')}`);
  }
  return { key: key as StudySortKey, direction };
}

const dash = '—';

const COLUMNS: Array<Column<StudySummary>> = [
  ['ID', 7, (s) => String(s.id)],
  ['Patient', 18, (s) => s.patient.label ?? dash],
  ['Sex', 3, (s) => s.patient.sex ?? dash],
  ['Age', 4, (s) => (s.patient.age !== undefined ? String(s.patient.age) : dash)],
  ['Acquired', 19, (s) => s.acquiredAt?.replace('T', ' ').slice(0, 19) ?? dash],
  ['Format', 8, (s) => s.format],
  ['Leads', 9, (s) => `${s.leads.length}×${Number(s.durationS.toFixed(1))}s`],
  ['File', 18, (s) => s.fileName],
  ['Top class', 17, (s) => (s.analysis?.topClass ? `${s.analysis.topClass} ${(s.analysis.maxProbability ?? 0).toFixed(2)}${s.analysis.stale ? ' stale' : ''}` : dash)],
  ['Statements', 40, (s) => s.statements.join('; ') || dash],
];

/** `current`: the model the stale marks compare with, named under the table when the page has any. */
export function formatStudyTable(page: StudyPage, current?: ModelIdentity): string {
  const rows = tableLines(COLUMNS, page.items);
  const stale = page.items.filter((s) => s.analysis?.stale);
  if (stale.length && current) {
    const why = (reason: string) => stale.filter((s) => s.analysis!.stale!.reason === reason).map((s) => s.id);
    const [model, clusters] = [why('model'), why('cluster-model')];
    rows.push(
      `stale: analysed with another ${[model.length ? `model (${model.length})` : '', clusters.length ? `cluster model (${clusters.length})` : ''].filter(Boolean).join(' or ')}` +
        ` than ${current.id} ${current.version}, cluster model ${current.clusterModel ?? 'none'}; \`ecg-tlc analyze --db FILE\` analyses them again`,
    );
  }
  const first = (page.offset ?? 0) + 1;
  let footer = page.items.length
    ? `${page.offset !== undefined ? `${first}–${first + page.items.length - 1}` : page.items.length} of ${page.total} ${page.total === 1 ? 'study' : 'studies'}`
    : `no studies match (${page.total} in total for these filters)`;
  if (page.nextCursor) {
    footer += page.offset !== undefined ? `; next page: --offset ${page.offset + page.items.length}` : `; next page: --cursor ${page.nextCursor}`;
  }
  return [...rows, footer].join('\n');
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
    .option('--cursor <c>', 'continue after the page that printed this cursor (same filters and sort)')
    .option('--model <id|dir>', 'mark analyses made with another model stale (default: the app\'s choice in its settings, else the shipped package)')
    .option('--clusters <dir>', 'mark analyses made with another cluster model stale (default: the app\'s choice, else the package\'s own)');
  command.action(function (this: Command, opts: ListOptions) {
    if (opts.cursor && opts.offset !== undefined) this.error('error: page by --offset or by --cursor, not both', { exitCode: 2 });
    const query = filterQuery(this, opts);
    onArchive(this, opts.db, (archive) => {
      const current = currentChoice(archive, opts);
      const page = archive.queries.list(query, current);
      console.log(opts.json ? JSON.stringify(page, null, 2) : formatStudyTable(page, current));
    });
  });
}

/**
 * The model and cluster model analyses count as current for: the flags, else the app's choice, else the shipped
 * package. Undefined (no marks) when the archive holds no analysis, or when that model cannot be loaded (said);
 * an app settings file that cannot be read stops the command, as everywhere in the CLI (appSettings).
 */
function currentChoice(archive: Archive, o: ListOptions): ModelIdentity | undefined {
  if (!archive.db.prepare('SELECT 1 FROM analyses LIMIT 1').get()) return undefined;
  try {
    const choice = chosenModel(o);
    return modelIdentity(choice.modelDir, choice.clusterDir);
  } catch (e) {
    if (e instanceof UnreadableSettings) throw e;
    console.error(`ecg-tlc: analyses not checked for staleness: ${e instanceof Error ? e.message : String(e)}`);
    return undefined;
  }
}
