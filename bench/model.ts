/**
 * Model inference (`npm run bench -- model`, or `npx tsx bench/model.ts [--quick]` alone). Fixed inputs: 32 real
 * ECGs (LUDB 1–16 and the first 16 CinC records of ../shared/data/cinc/tuijalei: 500 Hz, 10–15 s), read into
 * memory before anything is timed; the shipped model on the CPU provider. For batch 1 and batch 32, per ECG:
 *   full = prepareRecord (lead order, resampling to 400 Hz, padding) + ModelSession.run (stack, run, split outputs)
 *   bare = the onnxruntime call alone (InferenceSession.run) on the same, already stacked tensors (baseline)
 * Medians over repeats after a warm-up, both on the same session in the same process.
 */
import { defaultModelDir } from '../src-main/model/default-model.js';
import { loadModelPackage } from '../src-main/model/manifest.js';
import { prepareRecord, stackInputs } from '../src-main/model/prepare.js';
import { ModelSession } from '../src-main/model/session.js';
import { isQuick, Report } from './lib/result.js';
import { fixedEcgs, medianMsPer } from './lib/fixed-ecgs.js';

const report = new Report('model', 'model inference: preparation + onnxruntime vs the bare onnxruntime call');
const repeats = isQuick() ? 3 : 9;

const records = fixedEcgs();

const pkg = loadModelPackage(defaultModelDir());
const spec = pkg.manifest.input;
const session = await ModelSession.open(pkg, { provider: 'cpu' });

const medianMsPerEcg = (fn: () => Promise<void>) => medianMsPer(records.length, repeats, fn);

try {
  for (const batch of [1, 32]) {
    const chunks: Array<{ data: Float32Array; n: number }> = [];
    for (let s = 0; s < records.length; s += batch) {
      const part = records.slice(s, s + batch).map((r) => prepareRecord(r, spec));
      chunks.push({ data: stackInputs(part, spec), n: part.length });
    }
    const bareName = `bare onnxruntime, batch ${batch}`;
    report.add(bareName, await medianMsPerEcg(async () => {
      for (const c of chunks) await session.runTensor(c.data, c.n);
    }), 'ms/ECG');
    report.compare(`full (prepare + run), batch ${batch}`, await medianMsPerEcg(async () => {
      for (let s = 0; s < records.length; s += batch) await session.run(records.slice(s, s + batch).map((r) => prepareRecord(r, spec)), batch);
    }), 'ms/ECG', bareName);
  }
  report.note(`${pkg.manifest.id} ${pkg.manifest.version}, provider ${session.provider}, ${records.length} ECGs, median of ${repeats}`);
} finally {
  await session.close();
}
report.finish();
