/**
 * Explanation cost (`npm run bench -- explain`): what the time-localized clusters, uncertainty, surrogate forest
 * and Grad-CAM add to the bare onnxruntime run of the same ECGs (goal: at most 15 %), and the whole analysis
 * (preparation, inference, explanation, our delineation) against the same baseline. Fixed inputs: 32 real ECGs
 * (LUDB 1–16, CinC tuijalei first 16) read before timing; batch 32, CPU provider; medians over repeats.
 * The explanation is timed as the Analyzer runs it: the batch's cluster assignment on onnxruntime (scorer.ts),
 * then each ECG's summary (segments, proportions, surrogate, drivers, Grad-CAM); the same summary with the
 * assignment in JavaScript is reported beside it.
 */
import { Analyzer } from '../src-main/analysis/analyzer.js';
import { delineate } from '../src-main/ecg/delineate.js';
import { explainEcg } from '../src-main/explain/explain-ecg.js';
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

const analyzer = await Analyzer.open({ modelDir: defaultModelDir() });
const ctx = analyzer.context;
if (!ctx) throw new Error('the default model has no clusters.json: run `npm run model:explain` first');
const pkg = analyzer.pkg;
const spec = pkg.manifest.input;
const session = await ModelSession.open(pkg, { provider: 'cpu' });
const prepared = records.map((r) => prepareRecord(r, spec));
const tensor = stackInputs(prepared, spec);
const { results, blocks } = await session.runBatch(prepared);
const scorer = await ClusterScorer.open(ctx.clusters, pkg.manifest.outputs.blocks);
const outputs = results.map((r, i) => ({
  probabilities: r.probabilities, blocks: r.blocks, inputMask: prepared[i]!.mask, inputFs: spec.fs, inputOffsetSeconds: prepared[i]!.offsetSeconds,
}));

const median = (fn: () => unknown) => medianMsPer(records.length, repeats, async () => fn(), WARMUPS);

try {
  const bare = await median(() => session.runTensor(tensor, records.length));
  const scoring = await median(() => scorer.run(blocks, records.length));
  report.add('bare onnxruntime', bare, 'ms/ECG');
  const explain = await median(async () => {
    const views = await scorer.run(blocks, records.length);
    outputs.forEach((o, i) => explainEcg(ctx, o, { views: views[i]! }));
  });
  const m = report.compare('bare + explanation (clusters, entropy, surrogate, Grad-CAM)', bare + explain, 'ms/ECG', 'bare onnxruntime');
  m.goal = '≤ 1.15×';
  m.ok = m.baseline!.ratio <= 1.15;
  report.compare('explanation alone', explain, 'ms/ECG', 'bare onnxruntime');
  report.compare('  of which cluster assignment (onnxruntime scorer)', scoring, 'ms/ECG', 'bare onnxruntime');
  report.compare('explanation with the assignment in JavaScript', await median(() => outputs.forEach((o) => explainEcg(ctx, o))), 'ms/ECG', 'bare onnxruntime');
  report.compare('delineation and intervals (src-main/ecg)', await median(() => records.forEach((r) => delineate(r))), 'ms/ECG', 'bare onnxruntime');
  const full = report.compare('full analysis (Analyzer.analyze)', await median(() => analyzer.analyze(records)), 'ms/ECG', 'bare onnxruntime');
  full.goal = '≤ 1.15× (issue 7)';
  full.ok = full.baseline!.ratio <= 1.15;
  report.note(`cluster model: ${ctx.clusters.views.map((v) => `${v.view} K=${v.k} dim ${v.dim}`).join(', ')}; surrogate ${ctx.surrogate ? 'on' : 'off'}`);
} finally {
  await session.close();
  await scorer.close();
  await analyzer.close();
}
report.finish();
