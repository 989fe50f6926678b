/**
 * `ecg-tlc cohort --db FILE [--json] [--group-by predicted|topClass|label] [filters]`: the cohort view on the
 * command line: per class the studies, the surrogate's agreement, the uncertainty (median and quartiles) and
 * the median proportion of each cluster; then the overall agreement and the uncertainty histogram. --json prints
 * the API's CohortStats (study ids per class included). Exit 1 without an archive, 2 on usage errors.
 */
import { InvalidArgumentError, type Command } from 'commander';
import { cohortStats, type CohortGrouping, type CohortStats } from '../../analysis/cohort-stats.js';
import { loadLabelMap } from '../../analysis/label-map.js';
import { loadModelPackage } from '../../model/manifest.js';
import { onArchive } from '../archive-command.js';
import { addFilterOptions, filterQuery, integer, type FilterOptions } from '../filter-options.js';
import { resolveModelDir } from '../model-arg.js';

type CohortOptions = FilterOptions & { db?: string; json?: boolean; groupBy: CohortGrouping; bins: number; model?: string; notAnalysed?: boolean; unconfirmed?: boolean };

const GROUPINGS: CohortGrouping[] = ['predicted', 'topClass', 'label'];
const pct = (v: number | undefined) => (v === undefined ? '—' : `${(v * 100).toFixed(0)} %`);
const fixed = (v: number | undefined, d = 3) => (v === undefined ? '—' : v.toFixed(d));

export function formatCohort(c: CohortStats): string {
  const cm = c.clusterModel;
  const clusterNames = cm ? Array.from({ length: cm.k }, (_, i) => cm.clusters[i]?.name ?? `cluster ${i}`) : [];
  const lines = [`${c.selected} studies selected, ${c.analysed} analysed; grouped by ${c.groupBy === 'predicted' ? 'called classes' : c.groupBy === 'topClass' ? 'top class' : 'stored label'}`];
  if (cm) lines.push(`Cluster model ${cm.key} (view ${cm.view}, K = ${cm.k}) on ${cm.studies} studies${cm.excluded ? `; ${cm.excluded} analysed with another cluster model left out of the proportions` : ''}`);
  const head = ['Class'.padEnd(6), 'Studies'.padStart(7), 'Agrees'.padStart(7), 'Uncertainty median [q1–q3]'.padEnd(27), ...clusterNames.map((_, i) => `c${i}`.padStart(6))];
  lines.push('', head.join('  '));
  for (const k of c.classes) {
    const u = k.uncertainty;
    lines.push([
      k.class.padEnd(6),
      String(k.count).padStart(7),
      pct(k.surrogate.rate).padStart(7),
      (u ? `${fixed(u.median)} [${fixed(u.q1)}–${fixed(u.q3)}]` : '—').padEnd(27),
      ...k.proportions.map((b) => fixed(b?.median, 3).padStart(6)),
    ].join('  '));
  }
  lines.push(`${'none'.padEnd(6)}  ${String(c.unassigned.count).padStart(7)}  (no class${c.groupBy === 'label' ? ': no label the tables map' : ' called'})`);
  if (cm) lines.push('', 'Cluster proportion medians per class; clusters:', ...clusterNames.map((n, i) => `  c${i} ${n}`));
  const s = c.surrogate;
  lines.push('', `Surrogate agrees with the CNN on every class for ${s.agreeing} of ${s.n} studies (${pct(s.rate)}); mean share of classes agreed ${fixed(s.meanLabelAgreement)}`);
  const h = c.uncertainty.histogram;
  const most = Math.max(1, ...h.map((b) => b.count));
  lines.push(`Uncertainty (mean normalised entropy) of ${c.uncertainty.n} studies:`);
  for (const b of h) lines.push(`  ${b.from.toFixed(2)}–${b.to.toFixed(2)} ${'█'.repeat(Math.round((b.count / most) * 40)).padEnd(40)} ${b.count}`);
  return lines.join('\n');
}

export function register(program: Command): void {
  const command = program
    .command('cohort')
    .description('cohort statistics of the analysed studies: per class counts, cluster proportions, surrogate agreement, uncertainty')
    .option('--db <file>', 'archive database (default: $ECG_TLC_DB, else archive.db in the user data folder)')
    .option('--json', 'print the statistics as JSON (with the study ids behind each class)')
    .option('--group-by <how>', 'predicted (every called class), topClass, or label (the stored label)', (v: string): CohortGrouping => {
      if (!GROUPINGS.includes(v as CohortGrouping)) throw new InvalidArgumentError(`choose ${GROUPINGS.join(', ')}`);
      return v as CohortGrouping;
    }, 'predicted')
    .option('--bins <n>', 'uncertainty histogram bins', integer(2, 100), 10)
    .option('--model <id|dir>', 'with --group-by label: the model whose classes the labels map to (default: the shipped one)');
  addFilterOptions(command).action(function (this: Command, o: CohortOptions) {
    const query = filterQuery(this, o);
    const labels = o.groupBy === 'label' ? loadLabelMap(loadModelPackage(resolveModelDir(o.model)).manifest.classes.map((c) => c.id)) : undefined;
    onArchive(this, o.db, (archive) => {
      const stats = cohortStats(archive, query, { groupBy: o.groupBy, bins: o.bins, ...(labels ? { labels } : {}) });
      console.log(o.json ? JSON.stringify(stats, null, 2) : formatCohort(stats));
    });
  });
}
