/**
 * Import throughput on 10-s 12-lead records: altered copies of the CinC fixtures (5,000; 500 with --quick).
 * Baseline: parse only (read + parse each record through the registry, one thread), measured in the same run.
 * Measured: the importer (walk, hash, de-duplicate, parse, encode, store one transaction per file) as shipped
 * (parse workers only beyond 2 cores; WAL synced once a second, so a power cut loses at most a second of the
 * batch), then with one parse worker thread, then with the WAL synced at every file (synchronous=full), to show
 * what each choice costs.
 *
 * The copies sit in folders of 1,000 (250 with --quick), each imported as one batch; the baseline and every variant take turns folder by
 * folder, so a machine whose load changes during the run (2 shared cores) weighs on all of them alike.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { readEcgFile } from '../src-main/formats/registry.js';
import { openArchive, type Archive } from '../src-main/store/archive.js';
import { importPaths } from '../src-main/store/importer.js';
import { makeCincCopies } from './lib/cinc-copies.js';
import { Report, isQuick } from './lib/result.js';
import { fixturesDir } from './lib/shared.js';

const report = new Report('import', 'import of 10-s 12-lead CinC records');
const count = isQuick() ? 500 : 5000;
const input = makeCincCopies(fixturesDir('cinc'), count, isQuick() ? 250 : 1000);
report.note(`${count} altered copies of the CinC fixtures in ${input.folders.length} folders; ${availableParallelism()} cores`);
const work = mkdtempSync(join(tmpdir(), 'ecg-bench-import-'));

const VARIANTS = [
  { name: 'parse + store', synchronous: 'normal', workers: undefined },
  { name: 'parse + store, 1 parse worker thread', synchronous: 'normal', workers: 1 },
  { name: 'parse + store, WAL synced at every file', synchronous: 'full', workers: undefined },
] as const;

interface Lane {
  name: string;
  seconds: number;
  run(folder: { dir: string; headers: string[] }): Promise<void>;
}

const archives: Archive[] = [];
try {
  // Warm the page cache and the JIT so the first lane is not charged for either.
  for (const h of input.folders[0]!.headers.slice(0, 100)) readEcgFile(h);

  const lanes: Lane[] = [
    {
      name: 'parse only',
      seconds: 0,
      async run(folder) {
        for (const h of folder.headers) if (readEcgFile(h).samples.length !== 12) throw new Error(`${h}: not 12 leads`);
      },
    },
  ];
  let parseWorkers = 0;
  for (const v of VARIANTS) {
    const archive = openArchive(join(work, `${archives.length}.db`), { synchronous: v.synchronous });
    archives.push(archive);
    lanes.push({
      name: v.name,
      seconds: 0,
      async run(folder) {
        const s = await importPaths(archive.studies, [folder.dir], { actor: 'bench', ...(v.workers !== undefined ? { workers: v.workers } : {}) });
        if (s.imported !== folder.headers.length) throw new Error(`${v.name}: imported ${s.imported} of ${folder.headers.length}: ${JSON.stringify(s.failures.slice(0, 3))}`);
        if (v === VARIANTS[0]) parseWorkers = s.parseWorkers;
      },
    });
  }
  for (const [i, folder] of input.folders.entries()) {
    for (let k = 0; k < lanes.length; k++) {
      const lane = lanes[(i + k) % lanes.length]!;
      const t = performance.now();
      await lane.run(folder);
      lane.seconds += (performance.now() - t) / 1000;
    }
  }
  report.add('parse only', count / lanes[0]!.seconds, 'records/s');
  for (const lane of lanes.slice(1)) {
    const m = report.compare(lane.name, count / lane.seconds, 'records/s', 'parse only');
    if (lane === lanes[1]) {
      m.goal = '≥ 0.5× parse only';
      m.ok = m.baseline!.ratio >= 0.5;
    }
  }
  report.note(`the importer used ${parseWorkers} parse worker thread(s)`);
  const dbBytes = statSync(archives[0]!.db.name).size;
  report.add('archive size per record', dbBytes / count / 1024, 'KiB');
  report.add('archive size / raw int16 size', dbBytes / (count * 12 * 5000 * 2), 'ratio');
} finally {
  for (const a of archives) a.close();
  input.cleanup();
  rmSync(work, { recursive: true, force: true });
}
report.finish();
