/**
 * The contract's explanation schema mirrors src-main/explain: a real explainEcg result (fitted on synthetic
 * activations, as test/unit/explain/fit.test.ts does) parses, its type is assignable to the contract's, and
 * the renderer's lookup tells absent, invalid and present apart.
 */
import { describe, expect, it } from 'vitest';
import { Explanation as ExplanationSchema, StudyExplanation, type Explanation } from '../../../src-main/api/contract/explanation.js';
import type { Explanation as ExplainOutput } from '../../../src-main/explain/explain-ecg.js';
import { explainEcg } from '../../../src-main/explain/explain-ecg.js';
import type { ClusterInfo } from '../../../src-main/explain/cluster-model.js';
import { fitClusterModel, type ReferenceEcg } from '../../../src-main/explain/fit.js';
import { mulberry32 } from '../../../src-main/explain/rng.js';
import { explanationIn } from '../../../src-renderer/lib/explain/study-explanation.js';
import { handExplanation } from './explanation-fixture.js';

// Compile-time: what explainEcg returns is what the contract describes, and a cluster's legend facts fit the legend entry.
const asContract = (e: ExplainOutput): Explanation => e;
const asLegend = (c: ClusterInfo): StudyExplanation['legend'][number]['clusters'][number] => c;

const N = 2048;
function reference(i: number): ReferenceEcg {
  const rng = mulberry32(i + 1);
  const codes = Uint8Array.from({ length: N }, (_, n) => (((n + i * 37) % 400) < 40 ? 2 : ((n + i * 37) % 400) < 160 ? 3 : 4));
  const blocks = [64, 32, 16].map((length) => {
    const data = new Float32Array(4 * length);
    for (let t = 0; t < length; t++) for (let k = 0; k < 4; k++) data[k * length + t] = (codes[Math.floor(((t + 0.5) * N) / length)] === k + 1 ? 3 : 0) + rng() * 0.2;
    return { channels: 4, length, data };
  });
  return {
    outputs: { probabilities: Float32Array.from([i % 2 ? 0.9 : 0.1, 0.3]), blocks, inputMask: new Uint8Array(N).fill(1), inputFs: 400, inputOffsetSeconds: 0 },
    waves: { codes, fs: 400 },
  };
}

describe('explanation contract', () => {
  it('accepts a real explainEcg result with its cluster legend', async () => {
    const options = {
      modelId: 'synthetic', modelSha256: '0'.repeat(64), blockNames: ['a', 'b', 'c'], classes: ['A', 'B'], thresholds: [0.5, 0.5],
      k: 3, seed: 1, description: 'synthetic', alignmentSource: 'synthetic', forest: { nEstimators: 5, seed: 1, maxDepth: 4 },
    };
    const { clusters, surrogate } = await fitClusterModel(async function* () {
      for (let i = 0; i < 12; i++) yield reference(i);
    }, options);
    const head = { classes: 2, channels: 4, steps: 16, weights: Float32Array.from({ length: 128 }, (_, i) => ((i % 5) - 2) / 10) };
    const e = explainEcg({ modelId: 'synthetic', classes: ['A', 'B'], thresholds: [0.5, 0.5], head, clusters, surrogate }, reference(50).outputs);
    const wire = JSON.parse(JSON.stringify({ explanation: asContract(e), legend: clusters.views.map((v) => ({ view: v.view, clusters: v.clusters.map(asLegend) })) }));
    const parsed = StudyExplanation.safeParse(wire);
    expect(parsed.success, parsed.error?.message).toBe(true);
    expect(ExplanationSchema.parse(wire.explanation).views.map((v) => v.view)).toEqual(clusters.views.map((v) => v.view));
  });

  it('finds the explanation on a getStudy result, or says why not', () => {
    expect(explanationIn({ summary: {} })).toEqual({ state: 'absent' });
    expect(explanationIn(null)).toEqual({ state: 'absent' });
    const good = explanationIn({ explanation: handExplanation() });
    expect(good.state).toBe('present');
    const broken = handExplanation();
    (broken.legend[0]!.clusters[0] as { colour: string }).colour = 'red';
    const bad = explanationIn({ explanation: broken });
    expect(bad).toEqual({ state: 'invalid', reason: expect.stringContaining('legend.0.clusters.0.colour') });
  });

  it('also takes a bare Explanation, whose views carry their own clusters, and builds the legend from them', () => {
    const bare = explanationIn({ explanation: handExplanation().explanation });
    expect(bare.state).toBe('present');
    if (bare.state !== 'present') return;
    expect(bare.value.legend).toEqual([{ view: 'combined', clusters: handExplanation().explanation.views[0]!.clusters }]);
    const broken = handExplanation().explanation;
    broken.views[0]!.labels[3] = -2;
    expect(explanationIn({ explanation: broken })).toEqual({ state: 'invalid', reason: expect.stringContaining('views.0.labels.3') });
  });
});
