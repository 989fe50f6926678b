/**
 * summariseSteps (the one-pass summary the analysis uses) against the plain separate passes it replaced (kept here
 * as the oracle): run-length segments, proportions and the mean over labels and entropy with the padding masked,
 * on seeded random steps with runs, padding at both ends and inside, and all-padding.
 */
import { describe, expect, it } from 'vitest';
import { NO_CLUSTER } from '../../../src-main/explain/assign.js';
import { mulberry32 } from '../../../src-main/explain/rng.js';
import { proportions, summariseSteps, type GridTiming, type Segment } from '../../../src-main/explain/segments.js';

const round = (v: number, d: number) => Math.round(v * 10 ** d) / 10 ** d;

/** The runs of equal labels, padding (NO_CLUSTER) left out, each with the mean entropy of its steps. */
function toSegments(labels: Uint16Array, entropy: Float32Array, timing: GridTiming): Segment[] {
  const out: Segment[] = [];
  for (let t = 0; t < labels.length; ) {
    const c = labels[t]!;
    let u = t;
    let h = 0;
    while (u < labels.length && labels[u] === c) h += entropy[u++]!;
    if (c !== NO_CLUSTER) out.push({ cluster: c, start: timing.offsetSeconds + t * timing.stepSeconds, end: timing.offsetSeconds + u * timing.stepSeconds, uncertainty: h / (u - t) });
    t = u;
  }
  return out;
}

/** Mean over the steps that are not NaN (padding). */
function meanFinite(values: Float32Array): number {
  let s = 0;
  let n = 0;
  for (const v of values) if (!Number.isNaN(v)) (s += v), n++;
  return n ? s / n : NaN;
}

function steps(seed: number, L: number, k: number, padFrom: number, padTo: number) {
  const rand = mulberry32(seed);
  const labels = new Int32Array(L);
  const entropy = new Float32Array(L);
  const mask = new Uint8Array(L);
  let c = 0;
  for (let t = 0; t < L; t++) {
    if (rand() < 0.2) c = Math.floor(rand() * k);
    labels[t] = c; // the scorer labels padding too
    entropy[t] = rand();
    mask[t] = t >= padFrom && t < padTo && rand() > 0.03 ? 1 : 0;
  }
  return { labels, entropy, mask };
}

describe('summariseSteps', () => {
  it('equals the separate passes over the masked steps', () => {
    let segments = 0;
    for (let seed = 1; seed <= 40; seed++) {
      const L = [16, 64, 256][seed % 3]!;
      const k = 3 + (seed % 7);
      const { labels, entropy, mask } = steps(seed, L, k, seed % 5, L - (seed % 11));
      const timing = { stepSeconds: 10 / L, offsetSeconds: -0.12 * (seed % 3) };
      const s = summariseSteps(labels, entropy, mask, k, timing);
      // the old path: padding set to NO_CLUSTER / NaN first
      const ml = Uint16Array.from(labels, (l, t) => (mask[t] ? l : NO_CLUSTER));
      const me = Float32Array.from(entropy, (h, t) => (mask[t] ? h : NaN));
      expect(s.labels).toEqual(Array.from(ml, (l) => (l === NO_CLUSTER ? -1 : l)));
      expect(s.entropy).toEqual(Array.from(me, (h) => (Number.isNaN(h) ? null : round(h, 4))));
      expect(s.segments).toEqual(toSegments(ml, me, timing).map((g) => ({ cluster: g.cluster, start: round(g.start, 5), end: round(g.end, 5), uncertainty: round(g.uncertainty, 4) })));
      expect(s.proportions).toEqual(Array.from(proportions(ml, k), (v) => round(v, 6)));
      expect(s.meanUncertainty).toBe(round(meanFinite(me), 4));
      segments += s.segments.length;
    }
    expect(segments).toBeGreaterThan(40 * 5); // runs broken by label changes and by padding inside
  });

  it('all padding: no segments, zero proportions, NaN mean uncertainty', () => {
    const s = summariseSteps(new Int32Array(8).fill(2), new Float32Array(8).fill(0.5), new Uint8Array(8), 4, { stepSeconds: 0.1, offsetSeconds: 0 });
    expect(s).toEqual({ labels: new Array(8).fill(-1), entropy: new Array(8).fill(null), segments: [], proportions: [0, 0, 0, 0], meanUncertainty: NaN });
  });
});
