/**
 * Model inference (`npm run bench -- model`, or `npx tsx bench/model.ts [--quick]` alone). Fixed inputs: 32 real
 * ECGs (LUDB 1–16 and the first 16 CinC records of ../shared/data/cinc/tuijalei: 500 Hz, 10–15 s), read into
 * memory before anything is timed; the shipped model on the CPU provider. For batch 1 and batch 32, per ECG:
 *   full = prepareRecord (lead order, resampling to 400 Hz, padding) + ModelSession.run (stack, run, split outputs)
 *   bare = the onnxruntime call alone (InferenceSession.run) on the same, already stacked tensors (baseline)
 * Medians over repeats after a warm-up, both on the same session in the same process.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { EcgRecord } from '../src-main/ecg/record.js';
import { readEcgFile } from '../src-main/formats/registry.js';
import { defaultModelDir } from '../src-main/model/default-model.js';
import { loadModelPackage } from '../src-main/model/manifest.js';
import { prepareRecord, stackInputs } from '../src-main/model/prepare.js';
import { ModelSession } from '../src-main/model/session.js';
import { isQuick, Report } from './lib/result.js';
import { sharedDir } from './lib/shared.js';

const report = new Report('model', 'model inference: preparation + onnxruntime vs the bare onnxruntime call');
const repeats = isQuick() ? 3 : 9;

const ludb = Array.from({ length: 16 }, (_, i) => join(sharedDir('data', 'ludb', 'data'), `${i + 1}.hea`));
const cincDir = sharedDir('data', 'cinc', 'tuijalei');
const cinc = readdirSync(cincDir).filter((f) => f.endsWith('.hea')).sort().slice(0, 16).map((f) => join(cincDir, f));
const records: EcgRecord[] = [...ludb, ...cinc].map((f) => readEcgFile(f));

const pkg = loadModelPackage(defaultModelDir());
const spec = pkg.manifest.input;
const session = await ModelSession.open(pkg, { provider: 'cpu' });

async function medianMsPerEcg(fn: () => Promise<void>): Promise<number> {
  await fn(); // warm-up: the first runs allocate onnxruntime's arenas
  const times: number[] = [];
  for (let r = 0; r < repeats; r++) {
    const t = performance.now();
    await fn();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]! / records.length;
}

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
