/**
 * test_generator_2 exists twice in the fixtures: edf/test_generator_2.edf and wfdb/test_generator_2.* (the
 * WFDB copy wfdb-python's edf2mit made). Two independent readers must give the same signals.
 */
import { describe, expect, it } from 'vitest';
import { readEcgFile } from '../../../src-main/formats/registry.js';
import { fixture, hasShared } from '../../helpers/shared.js';

describe.skipIf(!hasShared('fixtures', 'edf') || !hasShared('fixtures', 'wfdb'))('test_generator_2: EDF and WFDB twins', () => {
  const edf = readEcgFile(fixture('edf', 'test_generator_2.edf'));
  const wfdb = readEcgFile(fixture('wfdb', 'test_generator_2.hea'));

  it('have the same rate, length, start and annotations', () => {
    expect([edf.fs, edf.samples[0]!.length, edf.startTime]).toEqual([wfdb.fs, wfdb.samples[0]!.length, wfdb.startTime]);
    expect(edf.annotations).toEqual(wfdb.annotations);
  });

  it('give the same integers for every voltage lead, and mV within half a step (EDF baseline −0.5, WFDB 0)', () => {
    // both set the two signals in degrees aside, with the same label, unit, rate and reason
    expect(wfdb.leads).toEqual(edf.leads);
    const others = (r: typeof edf) => (r.source.details as { otherSignals: Array<Record<string, unknown>> }).otherSignals.map((o) => [o.label, o.unit, o.fs, o.reason]);
    expect(others(wfdb)).toEqual(others(edf));
    expect(others(wfdb)).toHaveLength(2);
    const differing: string[] = [];
    let worstSteps = 0;
    edf.leads.forEach((lead, k) => {
      const j = wfdb.leads.indexOf(lead);
      const a = edf.digital![k]!, b = wfdb.digital![j]!;
      expect(a.gain).toBeCloseTo(b.gain, 9);
      let same = a.values.length === b.values.length;
      for (let t = 0; same && t < a.values.length; t++) same = a.values[t] === b.values[t];
      if (!same) differing.push(lead);
      const x = edf.samples[k]!, y = wfdb.samples[j]!;
      for (let t = 0; t < x.length; t++) worstSteps = Math.max(worstSteps, Math.abs(x[t]! - y[t]!) * a.gain);
    });
    expect(edf.leads).toHaveLength(9);
    expect(differing).toEqual([]);
    expect(worstSteps).toBeLessThanOrEqual(0.5 + 1e-3);
  });
});
