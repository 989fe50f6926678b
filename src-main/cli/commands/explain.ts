/**
 * `ecg-tlc explain [--json] [--model ID] [--clusters DIR] (FILE | --db FILE --study ID)`: what the model concluded about one ECG and
 * why — CNN probabilities, the time-localized cluster segmentation with its uncertainty, the surrogate's agreement
 * and the clusters that drive each class, Grad-CAM, and our measured intervals.
 */
import { InvalidArgumentError, type Command } from 'commander';
import { resolve } from 'node:path';
import type { EcgRecord } from '../../ecg/record.js';
import { readEcgFile } from '../../formats/registry.js';
import { Analyzer, type RecordAnalysis } from '../../analysis/analyzer.js';
import { withLocalDrivers } from '../../explain/local-drivers.js';
import { openArchive } from '../../store/archive.js';
import { PROVIDER_REQUESTS, type ProviderRequest } from '../../model/providers.js';
import { databasePath } from '../data-dir.js';
import { resolveModelDir } from '../model-arg.js';

interface ExplainOptions {
  json?: boolean;
  model?: string;
  db?: string;
  study?: number;
  mc?: number;
  provider?: ProviderRequest;
  clusters?: string;
}

const pct = (v: number) => `${(v * 100).toFixed(1)} %`;
const ms = (v: number | undefined, unit = 'ms') => (v === undefined ? '—' : `${Math.round(v)} ${unit}`);

export function formatExplanation(a: RecordAnalysis, source: string): string {
  const lines: string[] = [`${source}`, `model ${a.modelId} ${a.modelVersion} (sha256 ${a.modelSha256.slice(0, 12)}…) on ${a.provider}`];
  lines.push('', 'CNN probabilities (advisory, unconfirmed):');
  a.classes.forEach((c, i) => lines.push(`  ${c.padEnd(5)} ${pct(a.probabilities[i]!).padStart(7)}${a.predicted[i] ? '  ← called' : ''}`));
  const iv = a.intervals;
  lines.push('', `Measured: HR ${ms(iv.hr, 'bpm')}, PR ${ms(iv.pr)}, QRS ${ms(iv.qrs)}, QT ${ms(iv.qt)}, QTc ${ms(iv.qtcBazett)} (Bazett) / ${ms(iv.qtcFridericia)} (Fridericia), axis ${iv.axis === undefined ? '—' : `${Math.round(iv.axis)}°`}`);
  const e = a.explanation;
  if (!e) {
    lines.push('', 'No cluster model for this model yet: fit one with `ecg-tlc fit`.');
    return lines.join('\n');
  }
  for (const v of e.views) {
    const main = v.view === e.defaultView;
    lines.push('', `${v.view}${main ? ' (default)' : ''}: K = ${v.k}, ${v.segments.length} segments, mean uncertainty ${v.meanUncertainty.toFixed(3)}`);
    if (!main) continue;
    v.clusters.forEach((c, k) => lines.push(`  ${String(k).padStart(2)} ${c.name.padEnd(22)} ${pct(v.proportions[k]!).padStart(7)} of this ECG`));
    lines.push('  segments (s): ' + v.segments.slice(0, 12).map((s) => `${s.start.toFixed(2)}–${s.end.toFixed(2)} #${s.cluster}`).join(', ') + (v.segments.length > 12 ? ', …' : ''));
  }
  if (e.surrogate) {
    const s = e.surrogate;
    lines.push('', `Surrogate forest ${s.agrees ? 'AGREES' : 'DISAGREES'} with the CNN (${pct(s.labelAgreement)} of classes).`);
    const names = e.views.find((v) => v.view === e.defaultView)!.clusters;
    s.drivers.forEach((d, c) => {
      const top = (d.local ?? []).map((v, k) => ({ v, k })).sort((x, y) => y.v - x.v).slice(0, 2).filter((x) => x.v > 0);
      const driven = !d.local ? 'not known (its surrogate is not installed)' : top.length ? top.map((x) => `${names[x.k]?.name ?? x.k} (+${x.v.toFixed(2)})`).join(', ') : 'no cluster above the reference';
      lines.push(`  ${d.class.padEnd(5)} surrogate ${pct(s.probabilities[c]!).padStart(7)}; driven here by ${driven}`);
    });
  }
  const cam = e.gradCam;
  lines.push('', 'Grad-CAM peak (s): ' + cam.classes.map((c) => {
    const i = c.values.indexOf(Math.max(...c.values));
    return `${c.class} ${(cam.offsetSeconds + (i + 0.5) * cam.stepSeconds).toFixed(2)}`;
  }).join(', '));
  return lines.join('\n');
}

export function register(program: Command): void {
  program
    .command('explain')
    .description('explain the model\'s conclusion about one ECG with time-localized clusters')
    .argument('[file]', 'ECG file to explain')
    .option('--json', 'print the full analysis as JSON')
    .option('--model <id|dir>', 'model package id or folder (default: the shipped model)')
    .option('--db <file>', 'read the study from this archive (with --study)')
    .option('--study <id>', 'study id in the archive', (v) => {
      const n = Number(v);
      if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('a study id is a positive whole number');
      return n;
    })
    .option('--mc <passes>', 'Monte-Carlo dropout passes for label-entropy uncertainty', (v) => Number.parseInt(v, 10))
    .option('--provider <p>', `execution provider: ${PROVIDER_REQUESTS.join(', ')}`)
    .option('--clusters <dir>', 'clusters.json + surrogate.json from `ecg-tlc fit --out DIR` (default: the model package\'s own)')
    .action(async (file: string | undefined, opts: ExplainOptions) => {
      if (!file === !(opts.db && opts.study)) throw new InvalidArgumentError('give either FILE or --db FILE --study ID');
      if (opts.provider && !PROVIDER_REQUESTS.includes(opts.provider)) throw new InvalidArgumentError(`--provider must be one of ${PROVIDER_REQUESTS.join(', ')}`);
      let record: EcgRecord;
      let source: string;
      if (file) {
        record = readEcgFile(file);
        source = file;
      } else {
        const archive = openArchive(databasePath(opts.db, process.env));
        try {
          const stored = archive.studies.get(opts.study!);
          if (!stored) throw new Error(`study ${opts.study} is not in ${opts.db}`);
          record = stored.record;
          source = `study ${opts.study} (${stored.summary.sourcePath})`;
        } finally {
          archive.close();
        }
      }
      const analyzer = await Analyzer.open({
        modelDir: resolveModelDir(opts.model),
        mcPasses: opts.mc ?? 0,
        ...(opts.provider ? { provider: opts.provider } : {}),
        ...(opts.clusters ? { clusterDir: resolve(opts.clusters) } : {}),
      });
      try {
        const [outcome] = await analyzer.analyze([record]);
        if (!outcome!.ok) throw new Error(`${source}: ${outcome!.error}`);
        const a = outcome!.analysis;
        const analysis = a.explanation ? { ...a, explanation: withLocalDrivers(a.explanation, analyzer.context) } : a;
        console.log(opts.json ? JSON.stringify(analysis) : formatExplanation(analysis, source));
      } finally {
        await analyzer.close();
      }
    });
}
