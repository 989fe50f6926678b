/**
 * Fitting at scale (`npm run bench -- fit-scale [--quick]`): `ecg-tlc fit` (fitReference: both passes with the
 * model on onnxruntime's CPU provider, batch 32, K = 8, nothing written) on 20,000 distinct ECGs derived from the
 * real LUDB and CinC records (bench/lib/derived-ecgs.ts; 2,000 with --quick). Reported per stage, as a ratio of
 * the same-run baseline: the bare onnxruntime call on the same ECGs, one pass (inputs prepared outside the
 * timing). Also: throughput, peak RSS against the RSS before the fit, what a K sweep (6..14) adds, and the
 * surrogate's trainer against ml-random-forest on the same rows (the library is quadratic in rows, so on a subset).
 */
import { fitReference } from '../src-main/analysis/fit-reference.js';
import { DEFAULT_FOREST, Surrogate } from '../src-main/explain/surrogate.js';
import { defaultModelDir } from '../src-main/model/default-model.js';
import { loadModelPackage } from '../src-main/model/manifest.js';
import { prepareRecord, stackInputs } from '../src-main/model/prepare.js';
import { ModelSession } from '../src-main/model/session.js';
import { librarySurrogate } from './lib/library-surrogate.js';
import { DERIVATION, derivationSpan, derivedEcgs, realRecords } from './lib/derived-ecgs.js';
import { isQuick, Report } from './lib/result.js';

const quick = isQuick();
const N = quick ? 2000 : 20_000;
const K = 8;
const SWEEP_ECGS = 1000;
const LIBRARY_ROWS = quick ? 250 : 500;
const BATCH = 32;

const report = new Report('fit-scale', `ecg-tlc fit on ${N} real-derived ECGs (K = ${K}, CPU), per stage vs bare onnxruntime on the same ECGs`);
const MiB = 2 ** 20;
const rss = () => process.memoryUsage().rss / MiB;
const peakRss = () => (process.resourceUsage().maxRSS * 1024) / MiB;

const records = realRecords();
const modelDir = defaultModelDir();
const span = derivationSpan(records, N);
report.note(`${N} windows of ${records.length} real records (variants 0–${span.variants - 1}, at most ${span.maxTrimSeconds.toFixed(2)} s trimmed): ${DERIVATION}`);

/** A line on stderr per stage and every 15 s, as a non-terminal `ecg-tlc fit` prints. */
function progressLog(label: string) {
  let stage = '';
  let last = 0;
  return (s: string, done: number, total?: number) => {
    const now = performance.now();
    if (s === stage && now - last < 15_000) return;
    stage = s;
    last = now;
    console.error(`  [${label}] ${s}: ${done}${total ? `/${total}` : ''}  RSS ${rss().toFixed(0)} MiB`);
  };
}

const pkg = loadModelPackage(modelDir);

/** Seconds in the bare onnxruntime call over the N ECGs, batch 32 (inputs prepared outside the timing). */
async function bareInference(): Promise<number> {
  const session = await ModelSession.open(pkg, { provider: 'cpu' });
  let seconds = 0;
  try {
    let batch: ReturnType<typeof prepareRecord>[] = [];
    const run = async () => {
      const tensor = stackInputs(batch, pkg.manifest.input);
      const t0 = performance.now();
      await session.runTensor(tensor, batch.length);
      seconds += (performance.now() - t0) / 1000;
      batch = [];
    };
    for (const r of derivedEcgs(records, N)) {
      batch.push(prepareRecord(r, pkg.manifest.input));
      if (batch.length === BATCH) await run();
    }
    if (batch.length) await run();
  } finally {
    await session.close();
  }
  return seconds;
}

// ---- the fit, as `ecg-tlc fit --k 8` runs it, between two baseline runs (the machine is shared: the lower counts)
const bareBefore = await bareInference();
const rssBefore = rss();
const started = performance.now();
const fit = await fitReference({
  modelDir,
  records: () => derivedEcgs(records, N),
  count: N,
  description: `bench: ${N} real-derived ECGs`,
  k: K,
  outDir: null,
  onProgress: progressLog(`fit ${N}`),
});
const fitSeconds = (performance.now() - started) / 1000;
const fitPeak = peakRss();
const t = fit.report.timing;
const [s1, s2] = fit.sourceTiming;
const bareAfter = await bareInference();
const bare = Math.min(bareBefore, bareAfter);
report.note(`bare onnxruntime over the ${N} ECGs: ${bareBefore.toFixed(1)} s before the fit, ${bareAfter.toFixed(1)} s after; the lower is the baseline`);

const base = `bare onnxruntime, one pass over the ${N} ECGs`;
report.add(base, bare, 's');
const total = report.compare(`fit total (${N} ECGs, K = ${K})`, fitSeconds, 's', base);
total.goal = quick ? '≤ 1 min' : '≤ 10 min on 2 cores';
total.ok = fitSeconds <= (quick ? 60 : 600);
report.compare('  inference, both passes (session.run: stack, run, split outputs)', s1.inference + s2.inference, 's', base);
const reading = t.pass1.sourceSeconds + t.pass2.sourceSeconds - [s1, s2].reduce((sum, s) => sum + s.prepare + s.inference + s.waves, 0);
report.compare('  reading the windows (views of records in memory)', reading, 's', base);
report.compare('  model input preparation, both passes', s1.prepare + s2.prepare, 's', base);
report.compare('  wave codes for naming (annotations or delineator), pass 2', s2.waves, 's', base);
report.compare('  pass 1 own work: channel statistics, step pool', t.pass1.seconds - t.pass1.sourceSeconds, 's', base);
report.compare(`  k-means on the pools (4 views, K = ${K})`, t.kmeans, 's', base);
report.compare('  pass 2 own work: assignment, proportions, overlaps', t.pass2.seconds - t.pass2.sourceSeconds, 's', base);
report.compare('  surrogate forests (5 classes × 100 trees)', t.surrogate, 's', base);
report.add('throughput', N / fitSeconds, 'ECG/s');
report.add('RSS before the fit (records, modules)', rssBefore, 'MiB');
const peak = report.compare('peak RSS during the fit', fitPeak, 'MiB', 'RSS before the fit (records, modules)');
peak.goal = '≤ 1.5 GiB';
peak.ok = fitPeak <= 1536;
report.add('surrogate training agreement (all classes right)', fit.report.surrogateTrainingAgreement, 'share');
report.note(`pools: ${fit.report.pooled.map((p) => `${p.view} ${p.kept}/${p.offered}`).join(', ')} steps kept/offered; skipped ${fit.skipped.length}; waves from annotations ${fit.waveSources.annotations}, delineator ${fit.waveSources.delineator}`);

// ---- what a K sweep adds: it fits on ≤ 8,000-row subsamples of each pool, so its cost does not grow with N
const sweepN = Math.min(N, SWEEP_ECGS);
const sweep = await fitReference({
  modelDir,
  records: () => derivedEcgs(records, sweepN),
  count: sweepN,
  description: `bench: ${sweepN} real-derived ECGs, K sweep`,
  kRange: [6, 14],
  outDir: null,
  onProgress: progressLog(`sweep ${sweepN}`),
});
report.compare('K sweep 6..14 (4 views, on ≤ 8,000 pooled steps each)', sweep.report.timing.sweep, 's', base);
report.note(`K sweep on ${sweepN} ECGs chose ${sweep.report.views.map((v) => `${v.view} K=${v.k}`).join(', ')}`);

// ---- the surrogate's trainer (Surrogate.fit, forest-train.ts) against ml-random-forest on the same rows, the rest held out
const { x, y } = fit.surrogateTable;
const trainX = x.slice(0, LIBRARY_ROWS);
const trainY = y.slice(0, LIBRARY_ROWS);
const heldX = x.slice(LIBRARY_ROWS);
const heldY = y.slice(LIBRARY_ROWS);
const agreement = (s: Surrogate, rows: number[][], labels: Uint8Array[]) =>
  s.predict(rows).filter((row, i) => row.every((p, c) => (p ? 1 : 0) === labels[i]![c])).length / rows.length;
let t0 = performance.now();
const library = librarySurrogate(trainX, trainY, pkg.manifest.classes.map((c) => c.id), DEFAULT_FOREST);
const librarySeconds = (performance.now() - t0) / 1000;
t0 = performance.now();
const ours = Surrogate.fit(trainX, trainY, pkg.manifest.classes.map((c) => c.id), DEFAULT_FOREST);
const oursSeconds = (performance.now() - t0) / 1000;
report.add(`surrogate training on ${LIBRARY_ROWS} rows: ml-random-forest`, librarySeconds, 's');
report.compare(`surrogate training on ${LIBRARY_ROWS} rows: ours`, oursSeconds, 's', `surrogate training on ${LIBRARY_ROWS} rows: ml-random-forest`);
report.add(`held-out agreement (${heldX.length} rows), ml-random-forest on ${LIBRARY_ROWS}`, agreement(library, heldX, heldY), 'share');
report.add(`held-out agreement (${heldX.length} rows), ours on ${LIBRARY_ROWS}`, agreement(ours, heldX, heldY), 'share');
report.note(
  `training agreement on the ${LIBRARY_ROWS} rows: ml-random-forest ${agreement(library, trainX, trainY).toFixed(3)}, ours ${agreement(ours, trainX, trainY).toFixed(3)}; ` +
    `ours on all ${N} rows ${fit.report.surrogateTrainingAgreement.toFixed(3)}`,
);
report.finish();
