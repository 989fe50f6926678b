/**
 * `ecg-tlc export --pdf OUT.pdf (FILE | --db DB --study ID) [report options]`: one study → a PDF report.
 * `ecg-tlc export --pdf-dir DIR [--db DB] [filters] [report options]`: every study the filters select, one PDF
 * each, with a progress bar on stderr (when it is a terminal) and a summary on stdout.
 * A stored study prints its latest analysis; --analyze runs the model (and the cluster explanation, when the model
 * package has a cluster model) at export time instead, without storing the result.
 * De-identified exports (--deidentify) use a per-install salt: --salt-file, else `pseudonym-salt` in the data
 * folder, created with 32 random bytes on first use (keep it: a new salt gives every patient a new pseudonym).
 * Exit 0 when the report(s) were written (a batch with listed failures included), 1 when none could be, 2 on
 * usage errors.
 */
import { InvalidArgumentError, type Command } from 'commander';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { GAINS, SPEEDS, type Paper } from '../../report/paper.js';
import { renderReport } from '../../report/render.js';
import { addFilterOptions, filterQuery } from '../filter-options.js';
import { exportBatch } from './export-batch.js';
import { fileReportInput, openExisting, studyReportInput, withSources } from './export-inputs.js';
import { reportOptionsFrom, SALT_FILE_NAME, type ExportOptions } from './export-options.js';

async function exportOne(o: ExportOptions, file: string | undefined): Promise<void> {
  const options = reportOptionsFrom(o);
  const input = await withSources(o, async (sources) => {
    if (file) return fileReportInput(file, sources);
    const archive = openExisting(o.db);
    try {
      return await studyReportInput(archive, o.study!, sources);
    } finally {
      archive.close();
    }
  });
  const r = await renderReport(input, options);
  mkdirSync(dirname(o.pdf!), { recursive: true });
  writeFileSync(o.pdf!, r.pdf);
  console.log(`Wrote ${o.pdf} (${r.pages} page${r.pages > 1 ? 's' : ''}, ${(r.pdf.length / 1024).toFixed(0)} KiB${r.printed.deidentified ? `, de-identified as ${r.printed.deidentified.pseudonym ?? 'no pseudonym'}` : ''})`);
}

function oneOf<T extends number>(values: readonly T[], unit: string) {
  return (v: string): T => {
    const n = Number(v) as T;
    if (!values.includes(n)) throw new InvalidArgumentError(`choose ${values.join(', ')} ${unit}`);
    return n;
  };
}

function hertz(v: string): number {
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0 || n > 1000) throw new InvalidArgumentError('expected a frequency in Hz, above 0');
  return n;
}

export function register(program: Command): void {
  const command = program
    .command('export')
    .description('write PDF reports: one study (FILE or --db with --study) or a filtered batch (--pdf-dir)')
    .argument('[file]', 'ECG file to report on (instead of --db/--study)')
    .option('--pdf <out.pdf>', 'write one report to this file')
    .option('--pdf-dir <dir>', 'write one report per selected study into this folder')
    .option('--db <file>', 'archive database (default: $ECG_TLC_DB, else archive.db in the user data folder)')
    .option('--study <id>', 'study id in the archive', (v: string) => {
      if (!/^\d+$/.test(v)) throw new InvalidArgumentError('expected a study id (a whole number)');
      return Number(v);
    })
    .option('--paper <size>', 'a4 or letter (default: the report paper chosen in Settings, else A4)', (v: string): Paper => {
      const p = v.toLowerCase();
      if (p !== 'a4' && p !== 'letter') throw new InvalidArgumentError('choose a4 or letter');
      return p === 'a4' ? 'A4' : 'Letter';
    })
    .option('--speed <mm/s>', `paper speed: ${SPEEDS.join(', ')}`, oneOf(SPEEDS, 'mm/s'), 25)
    .option('--gain <mm/mV>', `gain: ${GAINS.join(', ')}`, oneOf(GAINS, 'mm/mV'), 10)
    .option('--highpass <Hz>', 'high-pass filter the traces (e.g. 0.5)', hertz)
    .option('--lowpass <Hz>', 'low-pass filter the traces (e.g. 40)', hertz)
    .option('--notch <Hz>', 'notch filter (50 or 60)', hertz)
    .option('--deidentify', 'remove names, IDs, birth date, free text, serials; print a pseudonym (DICOM PS3.15 basic profile)')
    .option('--retain-dates', 'with --deidentify: keep acquisition and overread dates')
    .option('--salt-file <file>', `per-install pseudonym salt (default: ${SALT_FILE_NAME} in the data folder, created on first use)`)
    .option('--details', 'add page 2: segmentation per block, Grad-CAM against the clusters, surrogate drivers')
    .option('--rhythm-lead <lead>', 'lead of the rhythm strip', 'II')
    .option('--analyze', 'run the model now (and the cluster explanation when the package has a cluster model); not stored')
    .option('--model <id|dir>', 'with --analyze: model package id or folder (default: the shipped model)')
    .option('--explanation <file>', 'explanation JSON to draw ({explanation, legend} as the API sends it, or a bare explanation)')
    .option('--created <iso>', 'CreationDate written into the PDF (default: acquisition time)', (v: string) => {
      const d = new Date(v);
      if (Number.isNaN(d.getTime())) throw new InvalidArgumentError('expected an ISO date-time');
      return d;
    })
  // --pdf-dir selects studies with the worklist's filters, exactly as `ecg-tlc list` does
  addFilterOptions(command).action(async function (this: Command, file: string | undefined, o: ExportOptions) {
      if (!!o.pdf === !!o.pdfDir) this.error('error: give either --pdf OUT.pdf or --pdf-dir DIR', { exitCode: 2 });
      if (o.pdf && !file === (o.study === undefined)) this.error('error: --pdf needs either an ECG FILE or --db with --study ID', { exitCode: 2 });
      if (o.pdfDir && (file || o.study !== undefined)) this.error('error: --pdf-dir exports the studies the filters select; leave out FILE and --study', { exitCode: 2 });
      if (o.retainDates && !o.deidentify) this.error('error: --retain-dates only applies with --deidentify', { exitCode: 2 });
      if (o.model && !o.analyze) this.error('error: --model only applies with --analyze', { exitCode: 2 });
      if (o.pdf) {
        await exportOne(o, file);
        process.exitCode = 0;
        return;
      }
      const s = await exportBatch(o, filterQuery(this, o));
      console.log(`Wrote ${s.written.length} report${s.written.length === 1 ? '' : 's'} to ${o.pdfDir}${s.failures.length ? `; ${s.failures.length} failed:` : ''}`);
      for (const f of s.failures) console.log(`  study ${f.studyId}: ${f.reason}`);
      process.exitCode = s.written.length || !s.failures.length ? 0 : 1;
    });
}
