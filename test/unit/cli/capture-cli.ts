/**
 * Runs the inspect, convert and serve commands in-process and captures what they print and their exit code,
 * with cli/main.ts's exit-code rules (0 ran, 1 failed, 2 usage). process.exitCode is reset after each run so
 * one test's failure code does not leak into the next.
 *
 * Not main() itself: its version() reads package.json three folders above the module, which is right for
 * dist/src-main/cli/main.js and wrong for the source file vitest loads.
 */
import { Command, CommanderError } from 'commander';
import { vi } from 'vitest';
import { register as registerConvert } from '../../../src-main/cli/commands/convert.js';
import { register as registerInspect } from '../../../src-main/cli/commands/inspect.js';
import { register as registerServe } from '../../../src-main/cli/commands/serve.js';

async function main(argv: string[]): Promise<number> {
  const program = new Command('ecg-tlc').exitOverride();
  for (const register of [registerInspect, registerConvert, registerServe]) register(program);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 2;
    console.error(`ecg-tlc: ${e instanceof Error ? e.message : String(e)}`);
    return 1;
  }
}

export interface CliRun {
  code: number;
  out: string;
  err: string;
}

export interface Capture {
  out: string[];
  err: string[];
  restore(): void;
}

export function capture(): Capture {
  const out: string[] = [];
  const err: string[] = [];
  const spies = [
    vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void out.push(a.join(' '))),
    vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void err.push(a.join(' '))),
    vi.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => (out.push(String(s)), true)),
    vi.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => (err.push(String(s)), true)),
  ];
  return { out, err, restore: () => spies.forEach((s) => s.mockRestore()) };
}

/** Starts a command; `output` fills while it runs (for long-running commands such as serve). */
export function startCli(...args: string[]): { output: Capture; done: Promise<CliRun> } {
  const c = capture();
  const done = main(args)
    .then((code) => ({ code, out: c.out.join('\n'), err: c.err.join('\n') }))
    .finally(() => {
      c.restore();
      process.exitCode = undefined;
    });
  return { output: c, done };
}

export function runCli(...args: string[]): Promise<CliRun> {
  return startCli(...args).done;
}
