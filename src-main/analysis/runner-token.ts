/**
 * Who runs a job: `host:pid:instance`, written into jobs.runner when a queue claims it. A job left 'running' is
 * taken over (resumed) only when its runner is gone:
 *
 * | runner                          | gone when                                                  |
 * |---------------------------------|------------------------------------------------------------|
 * | this process                    | the queue instance that claimed it has stopped             |
 * | another process on this host    | that pid no longer exists (a crash, a SIGKILL, a quit)      |
 * | another host (a shared archive) | no heartbeat for STALE_AFTER_MS                            |
 */
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';

export const STALE_AFTER_MS = 5 * 60_000;

const live = new Set<string>();

export function newRunnerToken(): string {
  const token = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  live.add(token);
  return token;
}

/** The queue that owned `token` has stopped: its jobs may be taken over within this process. */
export function retireRunnerToken(token: string): void {
  live.delete(token);
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: the process exists but belongs to someone else
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function runnerGone(runner: string | undefined, heartbeatAt: string | undefined, now = Date.now()): boolean {
  if (!runner) return true;
  const parts = runner.split(':');
  parts.pop(); // the instance
  const pid = Number(parts.pop());
  const host = parts.join(':');
  if (host === hostname() && Number.isInteger(pid)) return pid === process.pid ? !live.has(runner) : !pidAlive(pid);
  const beat = heartbeatAt ? Date.parse(heartbeatAt) : NaN;
  return !Number.isFinite(beat) || now - beat > STALE_AFTER_MS;
}
