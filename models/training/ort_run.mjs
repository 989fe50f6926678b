// Runs an ONNX graph with onnxruntime-node for the Python export check (Debian's python3 has no onnxruntime).
// usage: node ort_run.mjs MODEL INPUT.f32 BATCH OUTDIR [PASSES]
// INPUT.f32 holds BATCH × 12 × 4096 little-endian float32; each output goes to OUTDIR/<name>[.<pass>].f32 and the
// shapes to OUTDIR/shapes.json. PASSES > 1 runs the same input again in the same session (Monte-Carlo graph).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ort from 'onnxruntime-node';

const [model, input, batchText, outDir, passesText] = process.argv.slice(2);
const batch = Number(batchText);
const passes = Number(passesText ?? '1');
const bytes = readFileSync(input);
const data = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
if (data.length !== batch * 12 * 4096) throw new Error(`${input}: ${data.length} floats, expected ${batch * 12 * 4096}`);
const session = await ort.InferenceSession.create(model, { executionProviders: ['cpu'], intraOpNumThreads: 2 });
const shapes = {};
for (let pass = 0; pass < passes; pass++) {
  const out = await session.run({ [session.inputNames[0]]: new ort.Tensor('float32', data, [batch, 12, 4096]) });
  for (const name of session.outputNames) {
    const t = out[name];
    shapes[name] = t.dims;
    const suffix = passes > 1 ? `.${pass}` : '';
    writeFileSync(join(outDir, `${name}${suffix}.f32`), Buffer.from(t.data.buffer, t.data.byteOffset, t.data.byteLength));
  }
}
writeFileSync(join(outDir, 'shapes.json'), JSON.stringify(shapes));
