/**
 * `ecg-tlc convert FILE --to csv|wfdb -o OUT`: any readable ECG file to CSV (time_s plus one mV column per lead)
 * or to a WFDB format-16 record (.hea + .dat). The writers are pure (src-main/formats/writers); the file I/O is
 * here. OUT for WFDB is the record path with or without `.hea`; the record name is its base name.
 * Exit codes: 0 written, 1 the input could not be read or the output not written, 2 usage.
 */
import { Option, type Command } from 'commander';
import { closeSync, existsSync, openSync, renameSync, writeFileSync, writeSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import type { EcgRecord } from '../../ecg/record.js';
import { FormatError } from '../../formats/errors.js';
import { readEcgFile } from '../../formats/registry.js';
import { csvChunks } from '../../formats/writers/csv-writer.js';
import { writeWfdb } from '../../formats/writers/wfdb-writer.js';
import { fsOption, readOptions } from '../fs-option.js';

interface ConvertOptions {
  to: 'csv' | 'wfdb';
  output: string;
  force?: boolean;
  fs?: number;
}

const WFDB_NAME = /^[A-Za-z0-9_-]+$/;

/** The files a conversion writes, checked before anything is read. */
function outputFiles(opts: ConvertOptions, usage: (msg: string) => never): { files: string[]; recordName?: string } {
  if (opts.to === 'csv') return { files: [opts.output] };
  const ext = extname(opts.output).toLowerCase();
  if (ext !== '' && ext !== '.hea') usage(`for --to wfdb, -o names the record (e.g. out/rec or out/rec.hea), not a ${ext} file`);
  const recordName = basename(opts.output, extname(opts.output) === '' ? '' : extname(opts.output));
  if (!WFDB_NAME.test(recordName)) usage(`WFDB record name "${recordName}" may hold only letters, digits, "_" and "-"`);
  const dir = dirname(opts.output);
  return { files: [join(dir, `${recordName}.hea`), join(dir, `${recordName}.dat`)], recordName };
}

/** Written beside the target and renamed into place, so a failed conversion never leaves half a file. */
function writeAtomically(path: string, write: (fd: number) => void): void {
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  const fd = openSync(tmp, 'w');
  try {
    write(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
}

function writeCsvFile(record: EcgRecord, path: string): void {
  writeAtomically(path, (fd) => {
    for (const chunk of csvChunks(record)) writeSync(fd, chunk);
  });
}

function writeWfdbFiles(record: EcgRecord, header: string, dat: string, recordName: string): string[] {
  const result = writeWfdb(record, recordName);
  // The signal file first: a header never names a .dat that is not there yet.
  writeAtomically(dat, (fd) => writeFileSync(fd, result.dat));
  writeAtomically(header, (fd) => writeFileSync(fd, result.header));
  return result.warnings;
}

export function register(program: Command): void {
  program
    .command('convert')
    .description('convert an ECG file to CSV (mV per lead) or to a WFDB format-16 record')
    .argument('<file>', 'the ECG file to read')
    .addOption(new Option('--to <format>', 'output format').choices(['csv', 'wfdb']).makeOptionMandatory())
    .requiredOption('-o, --output <path>', 'output: a .csv file, or a WFDB record path (with or without .hea)')
    .option('--force', 'overwrite existing output files')
    .addOption(fsOption())
    .action((file: string, opts: ConvertOptions, cmd: Command) => {
      const usage = (msg: string): never => cmd.error(`ecg-tlc convert: ${msg}`, { exitCode: 2, code: 'ecg-tlc.usage' });
      const { files, recordName } = outputFiles(opts, usage);
      const existing = files.filter((f) => existsSync(f));
      if (existing.length && !opts.force) usage(`${existing.join(' and ')} already exist${existing.length === 1 ? 's' : ''}; add --force to overwrite`);
      if (!existsSync(dirname(files[0]!))) usage(`the output folder ${dirname(files[0]!)} does not exist`);
      let record: EcgRecord;
      try {
        record = readEcgFile(file, readOptions(opts.fs));
      } catch (e) {
        if (!(e instanceof FormatError)) throw e;
        console.error(`${file}: cannot read: ${e.reason}${e.offset !== undefined ? ` (at byte ${e.offset})` : ''}`);
        process.exitCode = 1;
        return;
      }
      if (opts.to === 'csv') {
        writeCsvFile(record, files[0]!);
      } else {
        for (const w of writeWfdbFiles(record, files[0]!, files[1]!, recordName!)) console.error(`warning: ${w}`);
      }
      const n = record.samples[0]?.length ?? 0;
      console.log(`${file} → ${files.join(' + ')}: ${record.leads.length} leads × ${n} samples at ${record.fs} Hz`);
    });
}
