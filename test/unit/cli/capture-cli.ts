/**
 * Runs `ecg-tlc` commands in-process through the real composition root (src-main/cli/main.ts, every command
 * registered, its exit-code rules: 0 ran, 1 failed, 2 usage) and captures what they print. process.exitCode is
 * reset after each run so one test's failure code does not leak into the next.
 */
import { vi } from 'vitest';
import { main } from '../../../src-main/cli/main.js';

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
