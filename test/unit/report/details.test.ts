/** Page 2's numbers: Grad-CAM mass per cluster and the lists of driving clusters. */
import { describe, expect, it } from 'vitest';
import type { ViewExplanation } from '../../../src-main/explain/explain-ecg.js';
import { camMassByCluster, topClusters } from '../../../src-main/report/details.js';

const view: ViewExplanation = {
  view: 'combined',
  k: 2,
  clusters: [
    { id: 0, name: 'QRS-dominant', colour: '#E69F00', share: 0.2 },
    { id: 1, name: 'T-wave', colour: '#0072B2', share: 0.8 },
  ],
  stepSeconds: 0.1,
  offsetSeconds: -0.1,
  labels: [-1, 0, 0, 1, 1, -1],
  entropy: [null, 0.1, 0.2, 0.3, 0.4, null],
  segments: [],
  proportions: [0.5, 0.5],
  meanUncertainty: 0.25,
};

describe('Grad-CAM against the clusters', () => {
  it('gives each Grad-CAM step to the cluster under its midpoint; padding and non-positive values count for nothing', () => {
    // Grad-CAM steps of 0.2 s from -0.1 s: midpoints 0.0, 0.2, 0.4, 0.6 s → view steps 1, 3, 5 (padding), 7 (beyond)
    expect(camMassByCluster([1, 3, 5, 7], { stepSeconds: 0.2, offsetSeconds: -0.1 }, view)).toEqual([0.25, 0.75]);
    expect(camMassByCluster([0, -2, 5], { stepSeconds: 0.2, offsetSeconds: -0.1 }, view)).toEqual([0, 0]);
  });

  it('lists the largest clusters by name, signed ones by magnitude, and says none when all are zero', () => {
    expect(topClusters([0.25, 0.75], view.clusters, 3)).toBe('T-wave 75 %, QRS-dominant 25 %');
    expect(topClusters([0.05, -0.2], view.clusters, 1, true)).toBe('T-wave \u22120.20');
    expect(topClusters([0, 0], view.clusters, 3)).toBe('none');
    expect(topClusters([0.5, 0.5, 0.1], view.clusters, 3)).toBe('QRS-dominant 50 %, T-wave 50 %, cluster 2 10 %');
  });
});
