/**
 * A small explanation built by hand for the viewer's helpers: one view ('combined', 2 s of 0.1 s steps, padding
 * in the first step) with three clusters (carried by the view and by the legend), two classes, a surrogate and
 * Grad-CAM. Values are chosen so each
 * assertion can be checked by eye.
 */
import type { StudyExplanation } from '../../../src-main/api/contract/explanation.js';

const clusters = [
  { id: 0, name: 'P-dominant', colour: '#56B4E9', alignment: { P: 0.9, QRS: 0.02, T: 0.03, TP: 0.05 }, share: 0.2 },
  { id: 1, name: 'QRS-dominant', colour: '#E69F00', alignment: { P: 0, QRS: 0.72, T: 0.18, TP: 0.1 }, share: 0.3 },
  { id: 2, name: 'TP (baseline)', colour: '#009E73', share: 0.5 },
];

const labels = [-1, 0, 0, 1, 1, 1, 2, 2, 2, 2, 0, 0, 1, 1, 1, 2, 2, 2, 2, 2];

export function handExplanation(): StudyExplanation {
  return {
    explanation: {
      modelId: 'hand-made',
      clusterModelCreatedAt: '2025-01-01T00:00:00Z',
      classes: ['NORM', 'CD'],
      cnn: { probabilities: [0.3, 0.85], predicted: [false, true] },
      defaultView: 'combined',
      views: [
        {
          view: 'combined',
          k: 3,
          clusters: clusters.map((c) => ({ ...c })),
          stepSeconds: 0.1,
          offsetSeconds: 0,
          labels,
          entropy: labels.map((l, i) => (l < 0 ? null : (i % 5) / 10)),
          segments: [
            { cluster: 0, start: 0.1, end: 0.3, uncertainty: 0.15 },
            { cluster: 1, start: 0.3, end: 0.6, uncertainty: 0.2 },
            { cluster: 2, start: 0.6, end: 1.0, uncertainty: 0.1 },
            { cluster: 0, start: 1.0, end: 1.2, uncertainty: 0.05 },
            { cluster: 1, start: 1.2, end: 1.5, uncertainty: 0.3 },
            { cluster: 2, start: 1.5, end: 2.0, uncertainty: 0.2 },
          ],
          proportions: [4 / 19, 6 / 19, 9 / 19],
          meanUncertainty: 0.19,
        },
      ],
      surrogate: {
        probabilities: [0.25, 0.7],
        predicted: [false, true],
        agrees: true,
        labelAgreement: 1,
        drivers: [
          { class: 'NORM', global: [0.2, 0.3, 0.5], local: [0.01, -0.2, 0.05] },
          { class: 'CD', global: [0.1, 0.7, 0.2], local: [-0.02, 0.3, 0.04] },
        ],
      },
      gradCam: { stepSeconds: 0.4, offsetSeconds: 0, classes: [{ class: 'NORM', values: [0, 0.5, 1, 0.5, 0] }, { class: 'CD', values: [1, 0, 0, 0, 0] }] },
    },
    legend: [
      {
        view: 'combined',
        clusters: clusters.map((c) => ({ ...c })),
      },
    ],
  };
}
