/**
 * The Analyzer with delineation workers gives the outcomes it gives delineating in its own thread, on real LUDB
 * and CinC records and a record the model cannot take; and the default split of the cores.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Analyzer, defaultDelineationWorkers, defaultThreads, type AnalysisOutcome } from '../../../src-main/analysis/analyzer.js';
import { delineate } from '../../../src-main/ecg/delineate.js';
import type { EcgRecord } from '../../../src-main/ecg/record.js';
import { readEcgFile } from '../../../src-main/formats/registry.js';
import { defaultModelDir } from '../../../src-main/model/default-model.js';
import { fixture, hasShared, sharedPath } from '../../helpers/shared.js';

describe.skipIf(!hasShared('data', 'ludb') || !hasShared('fixtures', 'cinc'))('Analyzer delineation workers', () => {
  let records: EcgRecord[];
  let inWorkers: Analyzer;
  let inThread: Analyzer;
  beforeAll(async () => {
    const ludb = [7, 8, 9, 10].map((n) => sharedPath('data', 'ludb', 'data', `${n}.hea`));
    const cinc = ['HR00002', 'E07501', 'JS20002'].map((n) => fixture('cinc', `${n}.hea`));
    records = [...ludb, ...cinc].map((f) => readEcgFile(f));
    const one = records[1]!;
    // lead I alone: the model needs all twelve, so this record fails before delineation
    records.splice(2, 0, { ...one, leads: ['I'], samples: [one.samples[0]!] });
    [inWorkers, inThread] = await Promise.all([
      Analyzer.open({ modelDir: defaultModelDir(), threads: 1, delineationWorkers: 1 }),
      Analyzer.open({ modelDir: defaultModelDir(), threads: 1, delineationWorkers: 0 }),
    ]);
  });
  afterAll(async () => {
    await inWorkers?.close();
    await inThread?.close();
  });

  it('gives what delineating in its own thread gives, batch after batch', async () => {
    expect(inWorkers.delineationWorkers).toBe(1);
    expect(inThread.delineationWorkers).toBe(0);
    const expected = await inThread.analyze(records);
    expect(expected.map((o) => o.ok)).toEqual([true, true, false, true, true, true, true, true]);
    for (let round = 0; round < 2; round++) expect(await inWorkers.analyze(records)).toEqual(expected);
    const ok = (o: AnalysisOutcome) => (o.ok ? o.analysis : undefined);
    records.forEach((r, i) => {
      const a = ok(expected[i]!);
      if (!a) return;
      const d = delineate(r);
      expect([a.beats, a.intervals]).toEqual([d.beats, d.intervals]);
    });
  });

  it('splits the cores between onnxruntime and delineation, at least one each', () => {
    const split = (cores: number) => [defaultThreads(cores), defaultDelineationWorkers(defaultThreads(cores), cores)];
    expect([1, 2, 4, 16, 64].map(split)).toEqual([[1, 1], [1, 1], [2, 2], [8, 8], [32, 8]]);
    // onnxruntime's own thread choice (0) takes about every core
    expect(defaultDelineationWorkers(0, 8)).toBe(1);
  });
});
