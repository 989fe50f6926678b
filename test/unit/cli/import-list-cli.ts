/**
 * Runs `ecg-tlc import` and `ecg-tlc list` in-process with cli/main.ts's exit-code rules (0 ran, 1 failed,
 * 2 usage), capturing output with capture-cli.ts's capture(). Each run gets the environment given (ECG_TLC_DB
 * and XDG_DATA_HOME cleared unless set), so no test touches the user's real archive.
 */
import { Command, CommanderError } from 'commander';
import { register as registerImport } from '../../../src-main/cli/commands/import.js';
import { register as registerList } from '../../../src-main/cli/commands/list.js';
import { capture, type CliRun } from './capture-cli.js';

export async function runImportList(args: string[], env: Record<string, string | undefined> = {}): Promise<CliRun> {
  const saved = { ECG_TLC_DB: process.env.ECG_TLC_DB, ECG_TLC_DATA_DIR: process.env.ECG_TLC_DATA_DIR, XDG_DATA_HOME: process.env.XDG_DATA_HOME, HOME: process.env.HOME };
  // the data folder comes from what `env` says alone (the test setup's $ECG_TLC_DATA_DIR would override $XDG_DATA_HOME)
  for (const [k, v] of Object.entries({ ECG_TLC_DB: undefined, ECG_TLC_DATA_DIR: undefined, XDG_DATA_HOME: undefined, ...env })) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  const c = capture();
  let code: number;
  try {
    const program = new Command('ecg-tlc').exitOverride();
    registerImport(program);
    registerList(program);
    await program.parseAsync(args, { from: 'user' });
    code = typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (e) {
    if (!(e instanceof CommanderError)) throw e;
    code = e.exitCode === 0 ? 0 : 2;
  } finally {
    c.restore();
    process.exitCode = undefined;
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
  return { code, out: c.out.join('\n'), err: c.err.join('\n') };
}
