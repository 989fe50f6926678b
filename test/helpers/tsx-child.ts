/**
 * A TypeScript script run in a child process (node --import tsx, from the repository root), for the tests that
 * kill a worker or act on it from outside while it works: SIGKILL mid-batch, a cancel from another process.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { REPO_ROOT } from './shared.js';

export interface ChildEnd {
  code: number | null;
  signal: NodeJS.Signals | null;
  out: string;
  err: string;
}

/** When the child has got far enough (`reached`, given its stdout so far), what to do to it (`then`), once. */
export interface ChildTrigger {
  reached: (out: string) => boolean;
  then: (child: ChildProcess) => void | Promise<void>;
  /** also ask `reached` every this many ms, for progress the child shows elsewhere (rows in a database) */
  pollMs?: number;
}

/**
 * Runs `script ARGS…` to its end and resolves with its exit and output, after `trigger.then` (if it fired) has
 * settled; a `then` that throws rejects.
 */
export function runTsxChild(script: string, args: readonly string[], trigger?: ChildTrigger): Promise<ChildEnd> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let acted: Promise<void> = Promise.resolve();
    let fired = false;
    const check = () => {
      if (fired || !trigger?.reached(out)) return;
      fired = true;
      acted = Promise.resolve().then(() => trigger.then(child));
      acted.catch(() => {}); // reported when the child ends
    };
    const poll = trigger?.pollMs ? setInterval(check, trigger.pollMs) : undefined;
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      check();
    });
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    // 'close', not 'exit': by then the output is all read
    child.on('close', (code, signal) => {
      clearInterval(poll);
      acted.then(() => resolve({ code, signal, out, err }), reject);
    });
  });
}
