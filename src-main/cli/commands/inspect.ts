/**
 * `ecg-tlc inspect [--json] FILE…`: what each file holds, as the app's inspectFile reports it (the same
 * summarizeRecord), one block per file. A file that cannot be read is reported with its FormatError and the
 * command exits 1; the other files are still inspected.
 */
import type { Command } from 'commander';
import type { FileSummary } from '../../api/contract/files.js';
import { isIntegrityCheck, summarizeRecord } from '../../api/handlers/files.js';
import { FormatError } from '../../formats/errors.js';
import { readEcgFile } from '../../formats/registry.js';
import type { ReadOptions } from '../../formats/types.js';
import { fsOption, readOptions } from '../fs-option.js';

type Outcome = { file: string; ok: true; summary: FileSummary } | { file: string; ok: false; error: { reason: string; offset?: number } };

function inspectOne(file: string, options?: ReadOptions): Outcome {
  try {
    return { file, ok: true, summary: summarizeRecord(readEcgFile(file, options)) };
  } catch (e) {
    if (e instanceof FormatError) return { file, ok: false, error: { reason: e.reason, ...(e.offset !== undefined ? { offset: e.offset } : {}) } };
    return { file, ok: false, error: { reason: e instanceof Error ? e.message : String(e) } };
  }
}

const dash = '—';
const round = (x: number, digits: number) => Number(x.toFixed(digits)).toString();

function fields(o: object | undefined): string {
  const parts = Object.entries(o ?? {}).filter(([, v]) => v !== undefined).map(([k, v]) => `${k} ${String(v)}`);
  return parts.length ? parts.join(', ') : dash;
}

function checksumLine(s: FileSummary): string {
  const sums = s.checks.filter((c) => isIntegrityCheck(c.name));
  const failed = sums.filter((c) => c.status === 'mismatch').map((c) => c.name.replace(/^checksum:/, '') || c.name);
  const ok = sums.filter((c) => c.status === 'ok').length;
  if (s.checksum === 'mismatch') return `MISMATCH in ${failed.join(', ')} (${ok} of ${sums.length} ok)`;
  if (s.checksum === 'ok') return `ok (${ok} of ${sums.length})`;
  return 'absent (the file stores none)';
}

/**
 * Signals a reader read but did not make leads (EDF, WFDB: not voltages, or at another rate), as
 * source.details.otherSignals lists them: `label (fs Hz): reason`; undefined when the file has none.
 */
function setAsideLine(s: FileSummary): string | undefined {
  const others = s.details?.otherSignals;
  if (!Array.isArray(others) || others.length === 0) return undefined;
  const one = (o: { label?: unknown; fs?: unknown; reason?: unknown }) =>
    `${String(o.label)}${typeof o.fs === 'number' ? ` (${round(o.fs, 3)} Hz)` : ''}: ${String(o.reason ?? 'not a lead')}`;
  return `${others.length}: ${others.map((o) => one(o as Record<string, unknown>)).join('; ')}`;
}

export function formatSummary(s: FileSummary): string {
  const derived = s.leads.some((l) => l.derived);
  const leads = s.leads.map((l) => (l.derived ? `${l.name}*` : l.name)).join(', ');
  const aside = setAsideLine(s);
  const rows: Array<[string, string]> = [
    ['format', `${s.formatName} (${s.format})`],
    ['leads', `${s.leads.length}: ${leads}${derived ? '   (* derived from I and II)' : ''}`],
    ...(aside ? [['set aside', aside] as [string, string]] : []),
    ['sampling', `${round(s.fs, 3)} Hz`],
    ['samples', `${s.samples} per lead`],
    ['duration', `${round(s.durationS, 3)} s`],
    ['acquired', s.startTime ?? dash],
    ['patient', fields(s.patient)],
    ['device', fields(s.device)],
    ['checksum', checksumLine(s)],
    ['einthoven', s.einthovenResidualUv !== undefined ? `max residual ${round(s.einthovenResidualUv, 1)} µV` : 'not applicable (I, II and a stored limb lead needed)'],
    ['statements', String(s.statementCount)],
    ['annotations', String(s.annotationCount)],
    ['sha256', s.sha256],
  ];
  return [s.path, ...rows.map(([k, v]) => `  ${k.padEnd(12)}${v}`)].join('\n');
}

export function register(program: Command): void {
  program
    .command('inspect')
    .description('read ECG files and show format, leads, sampling, patient, device and self-checks')
    .argument('<files...>', 'ECG files (WFDB/CinC .hea, HL7 aECG / MUSE / Philips .xml, DICOM, SCP-ECG, EDF, CSV)')
    .option('--json', 'print one JSON array, an object per file')
    .addOption(fsOption())
    .action((files: string[], opts: { json?: boolean; fs?: number }) => {
      const outcomes = files.map((f) => inspectOne(f, readOptions(opts.fs)));
      if (opts.json) {
        const out = outcomes.map((o) => (o.ok ? { file: o.file, ok: true, ...o.summary } : o));
        console.log(JSON.stringify(out, null, 2));
      } else {
        for (const o of outcomes) {
          if (o.ok) console.log(`${formatSummary(o.summary)}\n`);
          else console.error(`${o.file}: cannot read: ${o.error.reason}${o.error.offset !== undefined ? ` (at byte ${o.error.offset})` : ''}\n`);
        }
      }
      const failed = outcomes.filter((o) => !o.ok).length;
      if (failed) {
        if (!opts.json && files.length > 1) console.error(`${failed} of ${files.length} files could not be read`);
        process.exitCode = 1;
      }
    });
}
