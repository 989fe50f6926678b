/**
 * `ecg-tlc` command line: the composition root for CLI use. Each command lives in its own file under
 * commands/ and exports `register(program)`; this file only wires them up.
 * Exit codes: 0 the command ran (a batch with listed failures included), 1 nothing could be done, 2 usage error.
 */
import { Command, CommanderError } from 'commander';
import { register as registerInspect } from './commands/inspect.js';
import { register as registerConvert } from './commands/convert.js';
import { register as registerImport } from './commands/import.js';
import { register as registerList } from './commands/list.js';
import { register as registerServe } from './commands/serve.js';
import { register as registerAnalyze } from './commands/analyze.js';
import { register as registerFit } from './commands/fit.js';
import { register as registerExplain } from './commands/explain.js';
import { register as registerExport } from './commands/export.js';
import { register as registerCohort } from './commands/cohort.js';
import { register as registerTriage } from './commands/triage.js';
import { register as registerOverread } from './commands/overread.js';
import { register as registerJobs } from './commands/jobs.js';
import { appVersion, findAppRoot } from '../api/services/app-root.js';

export function buildProgram(): Command {
  const program = new Command('ecg-tlc')
    .description('ECG TLC Workstation: read, archive, analyse and explain ECGs')
    .version(appVersion(findAppRoot()))
    .exitOverride()
    .showHelpAfterError();
  registerInspect(program);
  registerConvert(program);
  registerImport(program);
  registerList(program);
  registerServe(program);
  registerAnalyze(program);
  registerFit(program);
  registerExplain(program);
  registerExport(program);
  registerCohort(program);
  registerTriage(program);
  registerOverread(program);
  registerJobs(program);
  return program;
}

export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  // main() may run several times in one process (tests): a previous command's exit code must not leak
  process.exitCode = undefined;
  try {
    await program.parseAsync(argv, { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (e) {
    if (e instanceof CommanderError) {
      // help and version end here too, with exit code 0
      return e.exitCode === 0 ? 0 : 2;
    }
    console.error(`ecg-tlc: ${e instanceof Error ? e.message : String(e)}`);
    return 1;
  }
}
