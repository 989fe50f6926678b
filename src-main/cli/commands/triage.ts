/**
 * `ecg-tlc triage --db FILE --kind disagreement|uncertainty|label [--limit N] [--json] [filters]`: the studies to
 * read first (src-main/analysis/triage.ts): where the surrogate disagrees with the CNN, with the highest mean
 * uncertainty, or where the stored label (CinC `# Dx` codes, LUDB diagnoses, the interpretive statements MUSE,
 * Philips, aECG, DICOM and SCP-ECG files carry) maps to other classes than the model
 * calls. Exit 1 without an archive, 2 on usage errors.
 */
import { InvalidArgumentError, type Command } from 'commander';
import { loadLabelMap } from '../../analysis/label-map.js';
import { TRIAGE_KINDS, triage, type TriageItem, type TriageKind, type TriageList } from '../../analysis/triage.js';
import { loadModelPackage } from '../../model/manifest.js';
import { onArchive } from '../archive-command.js';
import { addFilterOptions, filterQuery, integer, type FilterOptions } from '../filter-options.js';
import { chosenModel } from '../model-arg.js';
import { tableLines, type Column } from '../table.js';

type TriageOptions = FilterOptions & { db?: string; json?: boolean; kind: TriageKind; limit: number; model?: string; notAnalysed?: boolean; unconfirmed?: boolean };

const COLUMNS: Array<Column<TriageItem>> = [
  ['ID', 7, (i) => String(i.summary.id)],
  ['Patient', 16, (i) => i.summary.patient.label ?? '—'],
  ['File', 14, (i) => i.summary.fileName],
  ['Top class', 11, ({ summary: { analysis: a } }) => (a?.topClass ? `${a.topClass} ${(a.maxProbability ?? 0).toFixed(2)}` : '—')],
  ['Score', 6, (i) => i.score.toFixed(3)],
  ['Why', 0, (i) => i.reason],
];

export function formatTriage(t: TriageList): string {
  const lines = tableLines(COLUMNS, t.items);
  const total = t.total !== undefined ? ` of ${t.total}` : '';
  lines.push(t.items.length ? `${t.items.length}${total} studies` : 'no studies in this list');
  return lines.join('\n');
}

export function register(program: Command): void {
  const command = program
    .command('triage')
    .description('studies to read first: surrogate disagreement, highest uncertainty, or stored label against prediction')
    .requiredOption('--kind <kind>', TRIAGE_KINDS.join(', '), (v: string): TriageKind => {
      if (!(TRIAGE_KINDS as readonly string[]).includes(v)) throw new InvalidArgumentError(`choose ${TRIAGE_KINDS.join(', ')}`);
      return v as TriageKind;
    })
    .option('--db <file>', 'archive database (default: $ECG_TLC_DB, else archive.db in the user data folder)')
    .option('--limit <n>', 'studies listed (default 50)', integer(1, 1000), 50)
    .option('--json', 'print the list as JSON')
    .option('--model <id|dir>', 'with --kind label: the model whose classes the labels map to (default: the app\'s choice in Settings, else the shipped one)');
  addFilterOptions(command).action(function (this: Command, o: TriageOptions) {
    const query = filterQuery(this, o);
    const labels = o.kind === 'label' ? loadLabelMap(loadModelPackage(chosenModel({ model: o.model }).modelDir).manifest.classes.map((c) => c.id)) : undefined;
    onArchive(this, o.db, (archive) => {
      const list = triage(archive, o.kind, o.limit, query, labels);
      console.log(o.json ? JSON.stringify(list, null, 2) : formatTriage(list));
    });
  });
}
