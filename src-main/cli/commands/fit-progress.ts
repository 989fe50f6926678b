/**
 * Progress of `ecg-tlc fit` on stderr: per stage (explain/fit.ts FIT_STAGES) its name, done/total in the stage's
 * unit, the rate since the stage began and the time left at that rate. A terminal gets a bar (cli-progress),
 * redrawn in place; anything else (a log file, CI) gets a plain line when a stage starts, every `everyMs` while it
 * runs, and when it ends, so a long fit leaves a readable trail instead of carriage returns.
 */
import { SingleBar } from 'cli-progress';
import { FIT_STAGES } from '../../explain/fit.js';

/** What each stage counts. */
const UNITS: Record<string, { unit: string; rate: string }> = {
  [FIT_STAGES.pass1]: { unit: 'ECGs', rate: 'ECG/s' },
  [FIT_STAGES.pass2]: { unit: 'ECGs', rate: 'ECG/s' },
  [FIT_STAGES.sweep]: { unit: 'fits', rate: 'fits/s' },
  [FIT_STAGES.kmeans]: { unit: 'views', rate: 'views/s' },
  [FIT_STAGES.surrogate]: { unit: 'classes', rate: 'classes/s' },
};

export interface ProgressStream {
  isTTY?: boolean;
  write(text: string): unknown;
}

export interface FitProgressOptions {
  stream: ProgressStream;
  /** milliseconds between lines when the stream is not a terminal */
  everyMs?: number;
  now?: () => number;
}

export interface FitProgress {
  update(stage: string, done: number, total?: number): void;
  stop(): void;
}

export function formatEta(seconds: number | undefined): string {
  if (seconds === undefined || !Number.isFinite(seconds)) return '?';
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return h ? `${h}h${String(m).padStart(2, '0')}m` : m ? `${m}m${String(s % 60).padStart(2, '0')}s` : `${s}s`;
}

interface Stat {
  stage: string;
  done: number;
  total: number | undefined;
  unit: string;
  rate: string;
  eta: string;
}

export function fitProgress(options: FitProgressOptions): FitProgress {
  const now = options.now ?? (() => performance.now());
  const everyMs = options.everyMs ?? 5000;
  const tty = options.stream.isTTY === true;
  let stage = '';
  let stageStart = 0;
  let lastLine = -Infinity;
  let bar: SingleBar | undefined;

  const stat = (s: string, done: number, total: number | undefined): Stat => {
    const u = UNITS[s] ?? { unit: '', rate: '/s' };
    const elapsed = (now() - stageStart) / 1000;
    const perSecond = elapsed > 0 && done > 0 ? done / elapsed : undefined;
    return {
      stage: s,
      done,
      total,
      unit: u.unit,
      rate: perSecond === undefined ? `? ${u.rate}` : `${perSecond.toFixed(perSecond >= 10 ? 0 : 1)} ${u.rate}`,
      eta: formatEta(total !== undefined && perSecond ? (total - done) / perSecond : done === total ? 0 : undefined),
    };
  };
  const line = (p: Stat) =>
    `fit: ${p.stage} ${p.done}${p.total !== undefined ? `/${p.total}` : ''} ${p.unit}, ${p.rate}, ETA ${p.eta}\n`;

  const stopBar = () => {
    bar?.stop();
    bar = undefined;
  };

  return {
    update(s, done, total) {
      const started = s !== stage;
      if (started) {
        stopBar();
        stage = s;
        stageStart = now();
      }
      const p = stat(s, done, total);
      if (!tty) {
        if (started || done === total || now() - lastLine >= everyMs) {
          options.stream.write(line(p));
          lastLine = now();
        }
        return;
      }
      const payload = { stage: p.stage, unit: p.unit, rate: p.rate, etaText: p.eta };
      if (!bar) {
        bar = new SingleBar({ stream: options.stream as NodeJS.WritableStream, format: '{stage} {bar} {value}/{total} {unit} | {rate} | ETA {etaText}', hideCursor: true, barsize: 24 });
        bar.start(total ?? done, done, payload);
      } else {
        if (total !== undefined) bar.setTotal(total);
        bar.update(done, payload);
      }
    },
    stop: stopBar,
  };
}
