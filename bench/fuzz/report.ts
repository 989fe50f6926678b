/** Per-format fuzz tallies, the table the runner prints, and findings grouped by kind and message. */
import type { FindingKind, Outcome } from './check.js';

export interface Finding {
  index: number;
  kind: FindingKind;
  message: string;
  seedName?: string;
  mutations?: string[];
}

const OTHER: ReadonlySet<FindingKind> = new Set(['crash', 'sniff', 'wrong-file', 'invalid-record']);

export class FormatStats {
  cases = 0;
  accepted = 0;
  rejected = 0;
  namedCompanion = 0;
  slowestMs = 0;
  slowestIndex = -1;
  peakRss = 0;
  /** largest growth of heap + array buffers across one parse */
  maxAllocated = 0;
  seconds = 0;
  readonly findings: Finding[] = [];
  /** rejection reasons with numbers blanked → count: how deep the mutations get */
  readonly reasons = new Map<string, number>();

  constructor(
    readonly format: string,
    readonly seed: number,
  ) {}

  add(index: number, o: Outcome, rss: number, seedName?: string, mutations?: string[]): void {
    this.cases++;
    this.peakRss = Math.max(this.peakRss, rss);
    this.maxAllocated = Math.max(this.maxAllocated, o.allocated);
    if (o.ms > this.slowestMs) {
      this.slowestMs = o.ms;
      this.slowestIndex = index;
    }
    if (o.verdict === 'accepted') this.accepted++;
    else if (o.verdict === 'rejected') {
      this.rejected++;
      if (o.namedCompanion) this.namedCompanion++;
      const key = blank(o.message ?? '').slice(0, 160);
      this.reasons.set(key, (this.reasons.get(key) ?? 0) + 1);
    } else this.addFinding(index, o.kind!, o.message ?? '', seedName, mutations, 0, false);
  }

  /** A finding; `counted` false when add() already counted the case. */
  addFinding(index: number, kind: FindingKind, message: string, seedName?: string, mutations?: string[], ms = 0, counted = true): void {
    if (counted) this.cases++;
    if (ms > this.slowestMs) {
      this.slowestMs = ms;
      this.slowestIndex = index;
    }
    this.findings.push({ index, kind, message, seedName, mutations });
  }

  count(kinds: (k: FindingKind) => boolean): number {
    return this.findings.filter((f) => kinds(f.kind)).length;
  }
}

const blank = (text: string) => text.replace(/\d+/g, 'N').replace(/"[^"]*"/g, '"…"');
const mib = (b: number) => (b / 1024 ** 2).toFixed(0);

export function printTable(all: readonly FormatStats[]): void {
  const head = ['format', 'cases', 'accepted', 'rejected (FormatError)', 'of which name a companion', 'other errors', 'hangs', 'memory', 'slowest ms (case)', 'largest allocation MiB', 'peak RSS MiB', 'seconds'];
  const rows = all.map((s) => [
    s.format, String(s.cases), String(s.accepted), String(s.rejected), String(s.namedCompanion),
    String(s.count((k) => OTHER.has(k))), String(s.count((k) => k === 'hang')), String(s.count((k) => k === 'memory')),
    `${s.slowestMs.toFixed(0)} (#${s.slowestIndex})`, mib(s.maxAllocated), mib(s.peakRss), s.seconds.toFixed(0),
  ]);
  console.log(`| ${head.join(' | ')} |\n|${head.map(() => '---').join('|')}|`);
  for (const r of rows) console.log(`| ${r.join(' | ')} |`);
}

/** Findings grouped by format, kind and message with numbers blanked; the first case of each group reruns it. */
export function printFindings(all: readonly FormatStats[]): void {
  for (const s of all) {
    const groups = new Map<string, Finding[]>();
    for (const f of s.findings) {
      const key = `${f.kind}: ${blank(f.message)}`;
      groups.set(key, [...(groups.get(key) ?? []), f]);
    }
    for (const [key, fs] of groups) {
      const f = fs[0]!;
      console.log(`\n[${s.format}] ${fs.length}× ${key.slice(0, 300)}`);
      console.log(`  e.g. npx tsx bench/fuzz/run.ts --format ${s.format} --seed ${s.seed} --case ${f.index}   (${f.seedName ?? '?'})`);
      console.log(`  ${f.message.slice(0, 300)}`);
      for (const m of f.mutations ?? []) console.log(`    ${m.slice(0, 200)}`);
    }
  }
}

/** The most frequent rejection reasons per format. */
export function printReasons(all: readonly FormatStats[], top: number): void {
  for (const s of all) {
    console.log(`\n[${s.format}] ${s.reasons.size} distinct rejection reasons; the ${top} most frequent:`);
    for (const [reason, n] of [...s.reasons].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`  ${String(n).padStart(6)}  ${reason}`);
  }
}
