/**
 * What a scenario reports: metrics, each optionally compared with a baseline measured in the same run and with
 * a goal. bench/run.mjs runs each scenario in its own process, reads this from the file named by
 * $BENCH_RESULT and prints one table for all of them.
 */
import { writeFileSync } from 'node:fs';

export interface Metric {
  name: string;
  value: number;
  unit: string;
  /** the same-run baseline this metric is compared with: ratio = value / baseline value */
  baseline?: { name: string; ratio: number };
  /** the target, in words (e.g. '≥ 0.5× parse only'), and whether this run met it */
  goal?: string;
  ok?: boolean;
}

export interface ScenarioResult {
  scenario: string;
  title: string;
  quick: boolean;
  seconds: number;
  metrics: Metric[];
  notes: string[];
}

export function isQuick(): boolean {
  return process.argv.includes('--quick');
}

/** Collects metrics; `compare` records a metric against one recorded earlier under `baselineName`. */
export class Report {
  private readonly started = performance.now();
  readonly metrics: Metric[] = [];
  readonly notes: string[] = [];

  constructor(
    readonly scenario: string,
    readonly title: string,
  ) {}

  add(name: string, value: number, unit: string): Metric {
    const m: Metric = { name, value, unit };
    this.metrics.push(m);
    return m;
  }

  compare(name: string, value: number, unit: string, baselineName: string): Metric {
    const base = this.metrics.find((m) => m.name === baselineName);
    if (!base) throw new Error(`baseline "${baselineName}" must be added before "${name}"`);
    const m = this.add(name, value, unit);
    m.baseline = { name: baselineName, ratio: value / base.value };
    return m;
  }

  note(text: string): void {
    this.notes.push(text);
    console.error(`  ${text}`);
  }

  /** Writes the result where the runner reads it ($BENCH_RESULT), or prints it when run by hand. */
  finish(): ScenarioResult {
    const result: ScenarioResult = {
      scenario: this.scenario,
      title: this.title,
      quick: isQuick(),
      seconds: (performance.now() - this.started) / 1000,
      metrics: this.metrics,
      notes: this.notes,
    };
    const out = process.env.BENCH_RESULT;
    if (out) writeFileSync(out, JSON.stringify(result, null, 2));
    else console.log(JSON.stringify(result, null, 2));
    return result;
  }
}

/** Median wall time in ms of `runs` calls after `warmup` unmeasured ones. */
export function medianMs(fn: () => unknown, runs = 7, warmup = 2): number {
  for (let i = 0; i < warmup; i++) fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    fn();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}
