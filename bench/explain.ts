/**
 * Explanation cost (`npm run bench -- explain`): what the time-localized clusters, uncertainty, surrogate forest
 * and Grad-CAM add to the bare onnxruntime run of the same ECGs (goal: at most 15 %), and the whole analysis
 * (preparation, inference, explanation, our delineation) against the same baseline. Fixed inputs: 32 real ECGs
 * (LUDB 1–16, CinC tuijalei first 16) read before timing; batch 32, CPU provider; medians over repeats.
 * The explanation is timed as the Analyzer runs it: the batch's cluster assignment and Grad-CAM on onnxruntime (scorer.ts),
 * then each ECG's summary (segments, proportions, surrogate prediction and agreement, global drivers, Grad-CAM);
 * the same summary with the assignment in JavaScript is reported beside it. The per-ECG drivers (counterfactuals
 * per cluster) are computed when a study is shown, not in the batch; their cost per study is reported apart.
 *
 * The full analysis is timed with the Analyzer's defaults (half the cores to onnxruntime's intra-op threads, the
 * other half to delineation workers that run while inference does; analyzer.ts) and, in the same run and
 * interleaved with it, with delineation in the Analyzer's thread and with onnxruntime's own thread choice.
 */
import { availableParallelism } from 'node:os';
import { Analyzer, defaultThreads, type AnalyzerOptions } from '../src-main/analysis/analyzer.js';
import { delineate } from '../src-main/ecg/delineate.js';
import { explainEcg } from '../src-main/explain/explain-ecg.js';
import { channelWeights } from '../src-main/explain/gradcam.js';
import { withLocalDrivers } from '../src-main/explain/local-drivers.js';
import { ClusterScorer } from '../src-main/explain/scorer.js';
import { defaultModelDir } from '../src-main/model/default-model.js';
import { prepareRecord, stackInputs } from '../src-main/model/prepare.js';
import { ModelSession } from '../src-main/model/session.js';
import { isQuick, Report } from './lib/result.js';
import { fixedEcgs, medianMsPer } from './lib/fixed-ecgs.js';

const report = new Report('explain', 'explanation and full analysis vs the bare onnxruntime run (batch 32, per ECG)');
const repeats = isQuick() ? 5 : 15;
// the same warm-up for every measure: V8 optimises the explanation's loops after a few hundred ECGs
const WARMUPS = 10;

const records = fixedEcgs();

// BENCH_MODEL_DIR: time another package (e.g. a full-width network) through the same pipeline
const modelDir = process.env.BENCH_MODEL_DIR ?? defaultModelDir();
const analyzer = await Analyzer.open({ modelDir, delineationWorkers: 0 });
const ctx = analyzer.context;
if (!ctx) throw new Error('the default model has no clusters.json: run `npm run model:explain` first');
const pkg = analyzer.pkg;
const spec = pkg.manifest.input;
const session = await ModelSession.open(pkg, { provider: 'cpu' });
const prepared = records.map((r) => prepareRecord(r, spec));
const tensor = stackInputs(prepared, spec);
const { results, blocks } = await session.runBatch(prepared);
const scorer = await ClusterScorer.open(ctx.clusters, pkg.manifest.outputs.blocks, undefined, { alphas: channelWeights(ctx.head) });
const outputs = results.map((r, i) => ({
  probabilities: r.probabilities, blocks: r.blocks, inputMask: prepared[i]!.mask, inputFs: spec.fs, inputOffsetSeconds: prepared[i]!.offsetSeconds,
}));

const median = (fn: () => unknown) => medianMsPer(records.length, repeats, async () => fn(), WARMUPS);

try {
  const bare = await median(() => session.runTensor(tensor, records.length));
  const scoring = await median(() => scorer.run(blocks, records.length));
  report.add('bare onnxruntime', bare, 'ms/ECG');
  const explain = await median(async () => {
    const scored = await scorer.run(blocks, records.length);
    outputs.forEach((o, i) => explainEcg(ctx, o, scored[i]!));
  });
  const m = report.compare('bare + explanation (clusters, entropy, surrogate, Grad-CAM)', bare + explain, 'ms/ECG', 'bare onnxruntime');
  m.goal = '≤ 1.15×';
  m.ok = m.baseline!.ratio <= 1.15;
  report.compare('explanation alone', explain, 'ms/ECG', 'bare onnxruntime');
  report.compare('  of which cluster assignment and Grad-CAM (onnxruntime scorer)', scoring, 'ms/ECG', 'bare onnxruntime');
  // not in the batch: computed from the stored explanation when a study is shown or exported (local-drivers.ts)
  const explained = outputs.map((o) => explainEcg(ctx, o));
  report.compare('per-ECG drivers, on showing a study (not in the batch)', await median(() => explained.forEach((e) => withLocalDrivers(e, ctx))), 'ms/ECG', 'bare onnxruntime');
  report.compare('explanation with the assignment in JavaScript', await median(() => outputs.forEach((o) => explainEcg(ctx, o))), 'ms/ECG', 'bare onnxruntime');
  report.compare('delineation and intervals (src-main/ecg)', await median(() => records.forEach((r) => delineate(r))), 'ms/ECG', 'bare onnxruntime');
  const [full] = await fullAnalysis();
  full!.goal = '≤ 1.15× (issue 7)';
  full!.ok = full!.baseline!.ratio <= 1.15;
  report.note(`cluster model: ${ctx.clusters.views.map((v) => `${v.view} K=${v.k} dim ${v.dim}`).join(', ')}; surrogate ${ctx.surrogate ? 'on' : 'off'}`);
} finally {
  await session.close();
  await scorer.close();
  await analyzer.close();
}
report.finish();

/**
 * Analyzer.analyze with its defaults and two same-run comparisons, interleaved round by round so that the load of
 * a shared machine falls on all of them alike; the median of the rounds' medians.
 */
async function fullAnalysis() {
  const threads = defaultThreads();
  const variants: Array<[string, Partial<AnalyzerOptions>]> = [
    ['full analysis (Analyzer.analyze)', {}],
    ['full analysis, delineation in the Analyzer\'s thread', { delineationWorkers: 0 }],
    ['full analysis, onnxruntime\'s own thread count, delineation in its thread', { threads: 0, delineationWorkers: 0 }],
  ];
  const opened = await Promise.all(variants.map(([, o]) => Analyzer.open({ modelDir, ...o })));
  try {
    const runs = [...opened.map((a) => () => a.analyze(records)), () => session.runTensor(tensor, records.length)];
    const rounds: number[][] = runs.map(() => []);
    for (let r = 0; r < 3; r++) {
      for (const [i, run] of runs.entries()) rounds[i]!.push(await medianMsPer(records.length, Math.ceil(repeats / 3), run, r ? 2 : WARMUPS));
    }
    const medians = rounds.map(middle);
    const bare = medians.pop()!;
    const [full, inThread, ortThreads] = medians as [number, number, number];
    report.note(`full analysis: ${availableParallelism()} cores; defaults ${threads} onnxruntime thread(s) + ${opened[0]!.delineationWorkers} delineation worker(s)`);
    report.note(
      `full analysis in the same rounds as a bare run (${bare.toFixed(2)} ms/ECG): ${(full / bare).toFixed(2)}× with workers, ` +
        `${(inThread / bare).toFixed(2)}× delineating in the Analyzer's thread, ${(ortThreads / bare).toFixed(2)}× with onnxruntime's own thread count`,
    );
    if (availableParallelism() <= 2) {
      report.note(
        'on 2 cores onnxruntime (1 intra-op thread) and the delineation worker hold one core each, shared with any other process: ' +
          'the overlap gains only what a core left idle gives, and delineation alone takes longer than the bare run',
      );
    }
    return variants.map(([name], i) => report.compare(name, medians[i]!, 'ms/ECG', 'bare onnxruntime'));
  } finally {
    for (const a of opened) await a.close();
  }
}

function middle(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}
