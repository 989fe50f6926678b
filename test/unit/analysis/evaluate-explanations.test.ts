/**
 * The held-out diagnostics of the surrogate (evaluate-explanations.ts) on inputs whose answers are worked out by
 * hand: logit margins, agreement per margin bin, the all-confident subset, label stability and the shifted
 * windows; then evaluateSplit on a few real held-out-style records with the shipped model.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Analyzer } from '../../../src-main/analysis/analyzer.js';
import {
  agreementByMargin, confidentAgreement, evaluateSplit, labelStability, logitMargin, shiftedWindows, type SplitMetrics,
} from '../../../src-main/analysis/evaluate-explanations.js';
import type { EcgRecord } from '../../../src-main/ecg/record.js';
import { thresholdsOf } from '../../../src-main/explain/context.js';
import { readEcgFile } from '../../../src-main/formats/registry.js';
import { defaultModelDir } from '../../../src-main/model/default-model.js';
import { hasShared, sharedPath } from '../../helpers/shared.js';

const T = true;
const F = false;

describe('logitMargin', () => {
  it('is the distance in logits from the threshold, either side', () => {
    // logit(0.5) = 0; logit(1/(1+e^-2)) = 2
    expect(logitMargin(1 / (1 + Math.exp(-2)), 0.5)).toBeCloseTo(2, 12);
    expect(logitMargin(1 / (1 + Math.exp(1.5)), 0.5)).toBeCloseTo(1.5, 12);
    // p = 0.8, t = 0.2: ln 4 − ln ¼ = ln 16
    expect(logitMargin(0.8, 0.2)).toBeCloseTo(Math.log(16), 12);
    expect(logitMargin(0.3, 0.3)).toBe(0);
  });

  it('stays finite at probabilities of exactly 0 and 1', () => {
    expect(logitMargin(1, 0.5)).toBeCloseTo(Math.log((1 - 1e-6) / 1e-6), 9);
    expect(logitMargin(0, 0.5)).toBeCloseTo(Math.log((1 - 1e-6) / 1e-6), 9);
  });
});

describe('agreementByMargin', () => {
  // 3 records × 2 classes; margins land in every bin, edges included in the upper bin
  const margins = [[0.1, 0.5], [0.99, 1], [2, 7.5]];
  const agree = [[F, T], [T, F], [T, T]];

  it('counts each label in the bin [from, to) of its margin', () => {
    expect(agreementByMargin(margins, agree)).toEqual([
      { from: 0, to: 0.5, labels: 1, agreeing: 0, agreement: 0 },
      { from: 0.5, to: 1, labels: 2, agreeing: 2, agreement: 1 },
      { from: 1, to: 2, labels: 1, agreeing: 0, agreement: 0 },
      { from: 2, labels: 2, agreeing: 2, agreement: 1 },
    ]);
  });

  it('leaves the share out of an empty bin and takes other edges', () => {
    expect(agreementByMargin([[3, 4]], [[T, F]], [0, 1])).toEqual([
      { from: 0, to: 1, labels: 0, agreeing: 0 },
      { from: 1, labels: 2, agreeing: 1, agreement: 0.5 },
    ]);
  });
});

describe('confidentAgreement', () => {
  it('keeps only records whose every label is at least minMargin from the threshold', () => {
    const margins = [[1, 3, 2], [0.9, 5, 5], [4, 1.2, 1], [6, 6, 6]];
    const agree = [[T, T, T], [T, T, T], [T, F, T], [T, T, T]];
    // records 0, 2, 3 qualify (record 1 has 0.9); exact 2 of 3, labels 8 of 9
    expect(confidentAgreement(margins, agree)).toEqual({ minMargin: 1, records: 3, agreement: 2 / 3, labelAgreement: 8 / 9 });
    // at 2 logits only record 3
    expect(confidentAgreement(margins, agree, 2)).toEqual({ minMargin: 2, records: 1, agreement: 1, labelAgreement: 1 });
    expect(confidentAgreement(margins, agree, 10)).toEqual({ minMargin: 10, records: 0 });
  });
});

describe('labelStability', () => {
  it('counts records with any label changed and each class apart', () => {
    const base = [[T, F, F], [F, F, T], [T, T, F], [F, F, F]];
    const cut = [[T, F, F], [T, F, F], [T, F, F], [F, F, F]];
    // record 1 changes classes a and c, record 2 class b
    expect(labelStability(['a', 'b', 'c'], base, cut, 0.75, 1)).toEqual({
      shiftSeconds: 0.75,
      records: 4,
      notCompared: 1,
      changed: 2,
      share: 0.5,
      perClass: [{ class: 'a', changed: 1, share: 0.25 }, { class: 'b', changed: 1, share: 0.25 }, { class: 'c', changed: 1, share: 0.25 }],
    });
    expect(labelStability(['a'], [], [])).toEqual({ shiftSeconds: 0.75, records: 0, notCompared: 0, changed: 0, perClass: [{ class: 'a', changed: 0 }] });
  });
});

describe('shiftedWindows', () => {
  const fs = 100;
  const ramp = (n: number) => Float32Array.from({ length: n }, (_, i) => i);
  const record = (seconds: number) => ({
    fs, leads: ['I', 'II'], samples: [ramp(seconds * fs), ramp(seconds * fs)], annotations: [{ sample: 3 }],
  }) as unknown as EcgRecord;

  it('cuts 0.75 s steps off the start while at least 6 s remain, dropping the annotations', () => {
    const w = [...shiftedWindows(record(8), 5)];
    // 8 s: cuts of 0.75 and 1.5 s leave ≥ 6 s, 2.25 s would leave 5.75
    expect(w.map((r) => [r.samples[0]!.length, r.samples[1]![0]])).toEqual([[800, 0], [725, 75], [650, 150]]);
    expect(w[1]!.annotations).toEqual([]);
    expect(w[0]!.annotations).toHaveLength(1);
  });

  it('gives the record alone when it is too short for one cut', () => {
    expect([...shiftedWindows(record(6.5), 2)]).toHaveLength(1);
  });
});

// Six LUDB records, the second cut to 6.5 s so it has no shifted copy, in batches of 4 so the cut copies of one
// batch follow its whole records: the figures equal those worked out from the CNN's and surrogate's own outputs.
describe.skipIf(!hasShared('data', 'ludb'))('evaluateSplit on real records', () => {
  let analyzer: Analyzer;
  let records: EcgRecord[];
  let m: SplitMetrics;
  beforeAll(async () => {
    analyzer = await Analyzer.open({ modelDir: defaultModelDir(), threads: 1, delineationWorkers: 0 });
    records = [1, 2, 3, 4, 5, 6].map((i) => readEcgFile(sharedPath('data', 'ludb', 'data', `${i}.hea`)));
    const short = records[1]!;
    records[1] = { ...short, samples: short.samples.map((s) => s.subarray(0, Math.round(6.5 * short.fs))) };
    m = await evaluateSplit(analyzer, records.map((record) => ({ record, labels: [1, 0, 0, 0, 0] })), 4);
  }, 60_000);
  afterAll(async () => analyzer?.close());

  it('bins every label by the CNN margin and the bins add up to the overall agreement', async () => {
    expect(m.records).toBe(6);
    const whole = (await analyzer.analyze(records)).map((o) => (o.ok ? o.analysis : undefined)!);
    const t = thresholdsOf(analyzer.pkg);
    const margins = whole.map((a) => a.probabilities.map((p, c) => logitMargin(p, t[c]!)));
    const agree = whole.map((a) => a.predicted.map((v, c) => v === a.explanation!.surrogate!.predicted[c]));
    expect(m.agreementByMargin).toEqual(agreementByMargin(margins, agree));
    expect(m.confident).toEqual(confidentAgreement(margins, agree));
    const agreeing = m.agreementByMargin.reduce((n, b) => n + b.agreeing, 0);
    expect(m.agreementByMargin.reduce((n, b) => n + b.labels, 0)).toBe(30);
    expect(agreeing / 30).toBeCloseTo(m.labelAgreement, 12);
  });

  it('compares each long-enough record with its start cut, class by class', async () => {
    const kept = records.filter((_, i) => i !== 1);
    const pred = (rs: EcgRecord[]) => analyzer.analyze(rs).then((os) => os.map((o) => (o.ok ? o.analysis.predicted : [])));
    const base = await pred(kept);
    const cut = await pred(kept.map((r) => [...shiftedWindows(r, 2)][1]!));
    expect(m.cnnStability).toEqual(labelStability(analyzer.pkg.manifest.classes.map((c) => c.id), base, cut, 0.75, 1));
    expect(m.cnnStability.records).toBe(5);
  });
});
