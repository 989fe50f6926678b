/**
 * Our pipeline against a PyTorch eager reference of the same weights (`npm run bench -- torch-reference`; goal: the
 * reference takes ≥ 3× our time). Fixed inputs: 32 real ECGs (LUDB 1–16, CinC tuijalei first 16) read before
 * timing; batch 32, CPU, per ECG, medians over repeats after a warm-up.
 *
 * | figure        | what is timed                                                                             |
 * |---------------|-------------------------------------------------------------------------------------------|
 * | ours          | prepareRecord (leads, resampling, padding) + ModelSession.run, onnxruntime-node           |
 * | bare          | onnxruntime-node on the prepared tensor alone (the like-for-like figure for the reference)  |
 * | analysis      | Analyzer.analyze: the above + explanation + delineation (what the workstation really runs) |
 * | PyTorch eager | bench/torch_eager.py: models/training/net.py, eval, no_grad, on our prepared tensor only  |
 *
 * The reference gets the tensor we prepared (through a temp file), so both run exactly the same numbers and its
 * time leaves preparation out; its outputs must equal onnxruntime's within 1e-4 or the scenario fails. Without
 * Debian's python3-torch the scenario notes why and records no figure.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Analyzer } from '../src-main/analysis/analyzer.js';
import type { EcgRecord } from '../src-main/ecg/record.js';
import { defaultModelDir } from '../src-main/model/default-model.js';
import { loadModelPackage } from '../src-main/model/manifest.js';
import { prepareRecord, stackInputs } from '../src-main/model/prepare.js';
import { ModelSession } from '../src-main/model/session.js';
import { fixedEcgs, medianMsPer } from './lib/fixed-ecgs.js';
import { isQuick, Report } from './lib/result.js';

const AGREEMENT_TOLERANCE = 1e-4;
const BATCH = 32;
/** Debian's python3-torch installs for the system interpreter, not for a pyenv shim first on PATH. */
const PYTHON = process.env.BENCH_PYTHON ?? (existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3');

interface TorchRun {
  skip?: string;
  torch: string;
  threads: number;
  interopThreads: number;
  cpuCount: number;
  mkldnn: boolean;
  outputs: string[];
  msPerEcg: number;
  repeats: number;
  warmup: number;
}

const report = new Report('torch-reference', 'our pipeline vs a PyTorch eager reference of the same weights (batch 32, per ECG)');
const repeats = isQuick() ? 3 : 9;
const script = join(dirname(fileURLToPath(import.meta.url)), 'torch_eager.py');

const records: EcgRecord[] = fixedEcgs();

// BENCH_MODEL_DIR: time another package (e.g. a full-width network) through the same pipeline
const modelDir = process.env.BENCH_MODEL_DIR ?? defaultModelDir();
const pkg = loadModelPackage(modelDir);
const spec = pkg.manifest.input;
const session = await ModelSession.open(pkg, { provider: 'cpu' });
const tensor = stackInputs(records.map((r) => prepareRecord(r, spec)), spec);

const medianMsPerEcg = (fn: () => Promise<unknown>) => medianMsPer(records.length, repeats, fn);

/** Runs the reference on `tensor`; its outputs land in `dir`. undefined (with a note) when torch is not there. */
function runTorch(dir: string): TorchRun | undefined {
  const input = join(dir, 'input.f32');
  writeFileSync(input, new Uint8Array(tensor.buffer, tensor.byteOffset, tensor.byteLength)); // x86/ARM: little-endian
  const run = spawnSync(PYTHON, [script, modelDir, input, String(records.length), String(BATCH), String(repeats), dir], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 1 << 20,
  });
  if (run.error) {
    report.note(`PyTorch reference skipped: cannot start ${PYTHON} (${run.error.message})`);
    return undefined;
  }
  if (run.status !== 0) throw new Error(`${PYTHON} ${script} exited with ${run.status ?? run.signal}`);
  const out = JSON.parse(run.stdout.trim().split('\n').at(-1)!) as TorchRun;
  if (out.skip) {
    report.note(`PyTorch reference skipped: ${out.skip} (Debian: apt-get install python3-torch python3-onnx)`);
    return undefined;
  }
  return out;
}

/** Largest |torch − onnxruntime| over every output the reference wrote; throws above the tolerance. */
async function worstDisagreement(dir: string, names: readonly string[]): Promise<number> {
  const ort = await session.runTensor(tensor, records.length);
  let worst = 0;
  for (const name of names) {
    const ours = ort[name]!.data as Float32Array;
    const bytes = readFileSync(join(dir, `${name}.f32`));
    const theirs = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
    if (theirs.length !== ours.length) throw new Error(`${name}: PyTorch wrote ${theirs.length} values, onnxruntime gives ${ours.length}`);
    let d = 0;
    for (let i = 0; i < ours.length; i++) d = Math.max(d, Math.abs(ours[i]! - theirs[i]!));
    if (!(d <= AGREEMENT_TOLERANCE)) throw new Error(`${name}: PyTorch and onnxruntime disagree by ${d} (> ${AGREEMENT_TOLERANCE})`);
    worst = Math.max(worst, d);
  }
  return worst;
}

const dir = mkdtempSync(join(tmpdir(), 'ecg-torch-reference-'));
const analyzer = await Analyzer.open({ modelDir });
try {
  const ours = 'ours: prepare + run (onnxruntime-node)';
  report.add(ours, await medianMsPerEcg(() => session.run(records.map((r) => prepareRecord(r, spec)), BATCH)), 'ms/ECG');
  const bare = 'bare onnxruntime (the prepared tensor)';
  report.add(bare, await medianMsPerEcg(() => session.runTensor(tensor, records.length)), 'ms/ECG');
  report.compare('ours: full analysis (Analyzer.analyze)', await medianMsPerEcg(() => analyzer.analyze(records)), 'ms/ECG', ours);
  const torch = runTorch(dir);
  if (torch) {
    const worst = await worstDisagreement(dir, torch.outputs);
    const m = report.compare('PyTorch eager (same weights, prepared input)', torch.msPerEcg, 'ms/ECG', ours);
    m.goal = '≥ 3×';
    m.ok = m.baseline!.ratio >= 3;
    // like for like: both sides from the same prepared tensor, preparation left out of both
    report.compare('  PyTorch eager vs bare onnxruntime on the same tensor', torch.msPerEcg, 'ms/ECG', bare);
    report.note(
      `torch ${torch.torch}: ${torch.threads} intra-op / ${torch.interopThreads} inter-op threads (os.cpu_count ${torch.cpuCount}), ` +
        `mkldnn ${torch.mkldnn ? 'on' : 'off'}, median of ${torch.repeats} after ${torch.warmup} warm-up; ` +
        `onnxruntime-node default intra-op threads, ${availableParallelism()} CPUs; ` +
        `max |torch − onnxruntime| ${worst.toExponential(2)} over ${torch.outputs.join(', ')}`,
    );
  }
  report.note(`${pkg.manifest.id} ${pkg.manifest.version}, ${records.length} ECGs, batch ${BATCH}, median of ${repeats}`);
} finally {
  await session.close();
  await analyzer.close();
  rmSync(dir, { recursive: true, force: true });
}
report.finish();
