import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STANDARD_LEADS } from '../../../src-main/ecg/leads.js';
import { loadHead } from '../../../src-main/model/head.js';
import { loadModelPackage } from '../../../src-main/model/manifest.js';
import type { PreparedInput } from '../../../src-main/model/prepare.js';
import { knownProviders, providerCandidates } from '../../../src-main/model/providers.js';
import { activate, ModelSession } from '../../../src-main/model/session.js';
import { loadVectors, maxAbsDiff, MODEL_DIR, vectorArray } from './vectors.js';

const pkg = loadModelPackage(MODEL_DIR);
const vectors = loadVectors();
const inputs: PreparedInput[] = vectors.cases.map((c) => {
  const mask = new Uint8Array(4096);
  mask.fill(1, c.validStart, c.validEnd);
  return { data: vectorArray(c, 'prepared'), mask, validStart: c.validStart, validEnd: c.validEnd, offsetSeconds: 0, resampledLength: 0 };
});
let session: ModelSession;
beforeAll(async () => {
  session = await ModelSession.open(pkg, { provider: 'cpu', threads: 1 });
});
afterAll(() => session.close());

describe('ModelSession (onnxruntime-node) vs PyTorch reference outputs', () => {
  it('reports the CPU provider when CPU is asked for', () => {
    expect(session.provider).toBe('cpu');
    expect(session.fallbacks).toEqual([]);
  });

  it('matches logits, probabilities and the three block activations within 1e-4, batched', async () => {
    const results = await session.run(inputs, 2); // batches of 2 and 1: dynamic batch both ways
    expect(results).toHaveLength(vectors.cases.length);
    vectors.cases.forEach((c, i) => {
      const r = results[i]!;
      expect(maxAbsDiff(r.logits, vectorArray(c, 'logits'))).toBeLessThanOrEqual(vectors.tolerance.outputs);
      expect(maxAbsDiff(r.probabilities, c.probabilities)).toBeLessThanOrEqual(vectors.tolerance.outputs);
      expect(r.blocks.map((b) => b.output)).toEqual(pkg.manifest.outputs.blocks.map((b) => b.output));
      for (const b of r.blocks) {
        expect([b.channels, b.length]).toEqual(c.shapes[b.output]);
        expect(maxAbsDiff(b.data, vectorArray(c, b.output))).toBeLessThanOrEqual(vectors.tolerance.outputs);
      }
    });
  });

  it('gives each ECG the same result alone as inside a batch', async () => {
    const [alone] = await session.run([inputs[1]!]);
    const batched = await session.run(inputs, 32);
    expect(maxAbsDiff(alone!.logits, batched[1]!.logits)).toBeLessThanOrEqual(1e-5);
  });

  it('recomputes the logits from head.json and the last block (the basis of gradient-free Grad-CAM)', async () => {
    const head = loadHead(pkg);
    const [r] = await session.run([inputs[0]!]);
    const last = r!.blocks.find((b) => b.output === head.block)!;
    const features = head.channels * head.steps;
    const logits = Array.from({ length: head.classes }, (_, c) => {
      let s = head.bias[c]!;
      for (let j = 0; j < features; j++) s += head.weights[c * features + j]! * last.data[j]!;
      return s;
    });
    expect(maxAbsDiff(logits, r!.logits)).toBeLessThanOrEqual(1e-4);
  });
});

describe('Monte-Carlo graph', () => {
  it('varies between passes and differs from the inference graph', async () => {
    const mc = await ModelSession.open(pkg, { graph: 'mc', threads: 1 });
    try {
      expect(mc.graph).toBe('mc');
      const logits: Float32Array[] = [];
      for (let i = 0; i < 3; i++) logits.push((await mc.run([inputs[0]!]))[0]!.logits);
      const [ref] = await session.run([inputs[0]!]);
      expect(maxAbsDiff(logits[0]!, logits[1]!)).toBeGreaterThan(1e-4);
      expect(maxAbsDiff(logits[1]!, logits[2]!)).toBeGreaterThan(1e-4);
      for (const l of logits) expect(maxAbsDiff(l, ref!.logits)).toBeGreaterThan(1e-4);
    } finally {
      await mc.close();
    }
  });

  it('draws the same sequence of masks in every fresh session (seeded mask nodes)', async () => {
    const passes = async () => {
      const mc = await ModelSession.open(pkg, { graph: 'mc', threads: 1 });
      try {
        return [(await mc.run([inputs[0]!]))[0]!.logits, (await mc.run([inputs[0]!]))[0]!.logits];
      } finally {
        await mc.close();
      }
    };
    const [a, b] = [await passes(), await passes()];
    expect(maxAbsDiff(a[0]!, b[0]!)).toBe(0);
    expect(maxAbsDiff(a[1]!, b[1]!)).toBe(0);
  });
});

describe('execution providers', () => {
  it('tries the platform accelerator first only when asked', () => {
    expect(providerCandidates('cpu', 'linux')).toEqual(['cpu']);
    expect(providerCandidates('auto', 'linux')).toEqual(['cuda', 'cpu']);
    expect(providerCandidates('auto', 'win32')).toEqual(['dml', 'cpu']);
    expect(providerCandidates('auto', 'darwin')).toEqual(['coreml', 'cpu']);
    expect(providerCandidates('dml', 'linux')).toEqual(['dml', 'cpu']);
  });

  it('falls back to CPU and says why when the asked-for provider cannot open', async () => {
    const asked = process.platform === 'linux' ? 'coreml' : 'cuda';
    const s = await ModelSession.open(pkg, { provider: asked as 'coreml' | 'cuda', threads: 1 });
    try {
      expect(s.provider).toBe('cpu');
      expect(s.fallbacks.map((f) => f.provider)).toEqual([asked]);
      expect(s.fallbacks[0]!.error.length).toBeGreaterThan(0);
    } finally {
      await s.close();
    }
    expect(knownProviders()).toContain('cpu');
  });
});

describe('activate', () => {
  it('applies sigmoid per class and softmax across classes', () => {
    expect(Array.from(activate(Float32Array.of(0, Math.log(3)), 'sigmoid'))).toEqual([0.5, 0.75]);
    const s = activate(Float32Array.of(1, 1, 1, 1), 'softmax');
    s.forEach((v) => expect(v).toBeCloseTo(0.25, 7));
  });
  it('has a lead for every standard lead in the manifest', () => {
    expect(pkg.manifest.input.leads).toEqual([...STANDARD_LEADS]);
  });
});
