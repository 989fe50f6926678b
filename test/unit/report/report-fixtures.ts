/**
 * Report inputs for tests. The explanation is constructed, not run: its clusters follow our own delineation of
 * the record (P, QRS onset, QRS end, ST-T, TP, plus a transition cluster near wave boundaries), on the grid the
 * shipped model uses (4096 input samples at 400 Hz, centre-padded: step 0 starts 0.12 s before the record), with
 * entropy rising towards boundaries. So the bands land where a reader can check them against the trace.
 */
import { delineate } from '../../../src-main/ecg/delineate.js';
import type { EcgRecord } from '../../../src-main/ecg/record.js';
import { NO_CLUSTER } from '../../../src-main/explain/assign.js';
import type { ClusterInfo } from '../../../src-main/explain/cluster-model.js';
import type { Explanation, ViewExplanation } from '../../../src-main/explain/explain-ecg.js';
import { clusterColour } from '../../../src-main/explain/palette.js';
import { proportions, summariseSteps } from '../../../src-main/explain/segments.js';
import type { ReportInput } from '../../../src-main/report/input.js';

export const CLASSES = ['NORM', 'MI', 'STTC', 'CD', 'HYP'];
export const MODEL = {
  id: 'tlc-resnet1d-small-v1',
  version: '1.0.0',
  sha256: 'de63cb1cc1f2cbbd506eb0663a1ecd3ccf937dde9c442a0d19d0d6a1133151ca',
  classes: [
    { id: 'NORM', name: 'Normal ECG' },
    { id: 'MI', name: 'Myocardial infarction' },
    { id: 'STTC', name: 'ST/T change' },
    { id: 'CD', name: 'Conduction disturbance' },
    { id: 'HYP', name: 'Hypertrophy' },
  ],
};

const INPUT_FS = 400;
const INPUT_SAMPLES = 4096;

type Wave = 'P' | 'QRS1' | 'QRS2' | 'T' | 'TP';

/** Per record sample: which wave our delineator puts it in, and its distance (s) to the nearest boundary. */
function waveMap(record: EcgRecord): { wave: Wave[]; edge: Float64Array } {
  const n = record.samples[0]!.length;
  const wave = new Array<Wave>(n).fill('TP');
  const bounds: number[] = [];
  for (const b of delineate(record).beats) {
    const mark = (on: number, off: number, w: Wave) => {
      for (let i = Math.max(0, on); i <= Math.min(n - 1, off); i++) wave[i] = w;
      bounds.push(on, off);
    };
    if (b.p) mark(b.p.on, b.p.off, 'P');
    if (b.t) mark(b.qrs.off + 1, b.t.off, 'T');
    mark(b.qrs.on, b.qrs.peak, 'QRS1');
    mark(b.qrs.peak + 1, b.qrs.off, 'QRS2');
  }
  bounds.sort((a, b) => a - b);
  const edge = new Float64Array(n);
  let j = 0;
  for (let i = 0; i < n; i++) {
    while (j + 1 < bounds.length && Math.abs(bounds[j + 1]! - i) <= Math.abs(bounds[j]! - i)) j++;
    edge[i] = bounds.length ? Math.abs(bounds[j]! - i) / record.fs : 1;
  }
  return { wave, edge };
}

type Alignment = [number, number, number, number];

function constructView(record: EcgRecord, name: string, strideSamples: number, clusterOf: (w: Wave, edge: number) => number, legend: Array<[string, Alignment]>): ViewExplanation {
  const { wave, edge } = waveMap(record);
  const k = legend.length;
  const gridLength = INPUT_SAMPLES / strideSamples;
  const stepSeconds = strideSamples / INPUT_FS;
  const offsetSeconds = -((INPUT_SAMPLES / INPUT_FS - wave.length / record.fs) / 2);
  const labels = new Uint16Array(gridLength);
  const entropy = new Float32Array(gridLength);
  for (let t = 0; t < gridLength; t++) {
    const mid = offsetSeconds + (t + 0.5) * stepSeconds;
    const i = Math.round(mid * record.fs);
    if (i < 0 || i >= wave.length) {
      labels[t] = NO_CLUSTER;
      entropy[t] = NaN;
      continue;
    }
    labels[t] = clusterOf(wave[i]!, edge[i]!);
    entropy[t] = Math.min(1, 0.12 + 0.75 * Math.exp(-edge[i]! / 0.02));
  }
  const timing = { stepSeconds, offsetSeconds };
  const shares = Array.from(proportions(labels, k));
  const summary = summariseSteps(labels, entropy, Uint8Array.from(labels, (l) => (l === NO_CLUSTER ? 0 : 1)), k, timing);
  return {
    view: name,
    k,
    clusters: legend.map(([clusterName, [P, QRS, T, TP]], id): ClusterInfo => ({
      id,
      name: clusterName,
      colour: clusterColour(id),
      alignment: { P, QRS, T, TP },
      share: Number((shares[id]! * 0.9 + 0.02).toFixed(4)),
    })),
    stepSeconds,
    offsetSeconds,
    labels: Array.from(labels, (l) => (l === NO_CLUSTER ? -1 : l)),
    entropy: Array.from(entropy, (v) => (Number.isNaN(v) ? null : Number(v.toFixed(4)))),
    segments: summary.segments,
    proportions: shares,
    meanUncertainty: summary.meanUncertainty,
  };
}

const COMBINED: Record<Wave, number> = { P: 0, QRS1: 1, QRS2: 2, T: 3, TP: 4 };
const COMBINED_LEGEND: Array<[string, Alignment]> = [
  ['P-wave', [0.82, 0.04, 0.02, 0.12]],
  ['QRS onset', [0.03, 0.9, 0.02, 0.05]],
  ['QRS terminal', [0.01, 0.86, 0.1, 0.03]],
  ['ST-T', [0.01, 0.05, 0.88, 0.06]],
  ['TP baseline', [0.08, 0.01, 0.06, 0.85]],
  ['transition', [0.2, 0.3, 0.25, 0.25]],
];
export const COMBINED_NAMES = COMBINED_LEGEND.map(([n]) => n);

export function constructedExplanation(record: EcgRecord): { explanation: Explanation } {
  const combined = constructView(record, 'combined', 16, (w, e) => (e < 0.012 ? 5 : COMBINED[w]), COMBINED_LEGEND);
  const coarse = constructView(record, 'block3', 64, (w) => (w === 'QRS1' || w === 'QRS2' ? 0 : w === 'T' ? 1 : 2), [
    ['QRS', [0.05, 0.85, 0.05, 0.05]],
    ['T-wave', [0.02, 0.1, 0.8, 0.08]],
    ['baseline', [0.2, 0.02, 0.08, 0.7]],
  ]);
  const gradSteps = INPUT_SAMPLES / 256;
  const probabilities = [0.912, 0.041, 0.083, 0.127, 0.035];
  return {
    explanation: {
      modelId: MODEL.id,
      clusterModelCreatedAt: '2026-11-23T22:30:00Z',
      classes: CLASSES,
      cnn: { probabilities, predicted: probabilities.map((p) => p >= 0.5) },
      defaultView: 'combined',
      views: [coarse, combined],
      surrogate: {
        probabilities: [0.86, 0.08, 0.11, 0.2, 0.06],
        predicted: [true, false, false, false, false],
        agrees: true,
        labelAgreement: 1,
        drivers: CLASSES.map((c, i) => ({
          class: c,
          global: [0.1, 0.3, 0.2, 0.25, 0.1, 0.05].map((v, k) => Number(((v + 0.03 * ((i + k) % 3)) / 1.09).toFixed(4))),
          local: [0.01, -0.04, 0.02, 0.05, -0.01, 0].map((v) => (i === 0 ? v : -v)),
        })),
      },
      gradCam: {
        stepSeconds: 256 / INPUT_FS,
        offsetSeconds: combined.offsetSeconds,
        classes: CLASSES.map((c, i) => ({ class: c, values: Array.from({ length: gradSteps }, (_, t) => Number((0.5 + 0.5 * Math.sin((t + i) * 0.9)).toFixed(4))) })),
      },
    },
  };
}

export function baseInput(record: EcgRecord, extra: Partial<ReportInput> = {}): ReportInput {
  return {
    record,
    measurements: delineate(record).intervals,
    measurementSource: 'ECG TLC delineator (median over beats)',
    model: MODEL,
    overread: { status: 'unconfirmed' },
    softwareVersion: '0.1.0',
    ...extra,
  };
}
