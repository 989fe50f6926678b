import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FormatError } from '../../../src-main/formats/errors.js';
import {
  decodeMitAnnotations,
  findWaveTriples,
  groupLudbWaves,
  loadLudbAnnotations,
  toEcgAnnotations,
} from '../../../src-main/formats/wfdb-annotations.js';
import { fixture, hasShared, sharedPath } from '../../helpers/shared.js';

/** MIT annotation words: [A, I] pairs → little-endian 16-bit words. */
function words(...pairs: Array<[number, number]>): number[] {
  return pairs.flatMap(([a, i]) => {
    const w = (a << 10) | (i & 0x3ff);
    return [w & 0xff, w >> 8];
  });
}

describe('MIT annotation format', () => {
  it('decodes SKIP, NUM, SUB, CHN and AUX as annot(5) defines them', () => {
    const bytes = Uint8Array.from([
      ...words([28, 5]), ...words([63, 3]), 0x28, 0x4e, 0x00, 0x00, // '+' at 5 with aux "(N" (+ NUL, padded)
      ...words([59, 0]), 0x01, 0x00, 0x00, 0x00, // SKIP 65536 (high word 1, low word 0)
      ...words([1, 10]), ...words([62, 2]), ...words([60, 0xff]), ...words([61, 3]), // N at 5+65536+10, chan 2, num −1, sub 3
      ...words([5, 20]), // V 20 later: chan and num carry over, subtype resets
      ...words([0, 0]),
    ]);
    const { annotations } = decodeMitAnnotations(bytes, 'x.atr');
    expect(annotations).toEqual([
      { sample: 5, code: 28, symbol: '+', subtype: 0, chan: 0, num: 0, aux: '(N' },
      { sample: 65551, code: 1, symbol: 'N', subtype: 3, chan: 2, num: -1 },
      { sample: 65571, code: 5, symbol: 'V', subtype: 0, chan: 2, num: -1 },
    ]);
  });

  it('drops the "## time resolution" definition note and reports the rate', () => {
    const note = '## time resolution: 500';
    const aux = [...new TextEncoder().encode(note), 0];
    const bytes = Uint8Array.from([...words([22, 0]), ...words([63, aux.length]), ...aux, ...words([1, 7]), ...words([0, 0])]);
    expect(decodeMitAnnotations(bytes, 'x.atr')).toEqual({ annotations: [{ sample: 7, code: 1, symbol: 'N', subtype: 0, chan: 0, num: 0 }], fs: 500 });
  });

  it('refuses text or SKIP intervals running past the end of the file', () => {
    expect(() => decodeMitAnnotations(Uint8Array.from([...words([1, 1]), ...words([63, 200]), 1, 2]), 'bad.atr')).toThrow(FormatError);
    expect(() => decodeMitAnnotations(Uint8Array.from(words([59, 0])), 'bad.atr')).toThrow(/bad\.atr: annotation SKIP/);
  });

  it('maps delineation triples to wave_on / wave_peak / wave_off and beats to beat', () => {
    const code: Record<string, number> = { '(': 39, ')': 40, p: 24, N: 1, t: 27 };
    const anns = ['(', 'p', ')', '(', 'N', ')', 'N', ')', '(', 't', ')'].map((symbol, i) => ({ sample: i * 10, code: code[symbol]!, symbol, subtype: 0, chan: 0, num: 0 }));
    expect(findWaveTriples(anns.map((a) => a.symbol)).map((t) => t.wave)).toEqual(['P', 'QRS', 'T']);
    const out = toEcgAnnotations(anns, { lead: 'V1', scale: 2 });
    expect(out.map((a) => `${a.type}:${a.label}`)).toEqual([
      'wave_on:P', 'wave_peak:P', 'wave_off:P', 'wave_on:QRS', 'wave_peak:QRS', 'wave_off:QRS', 'beat:N', 'wave_off:)', 'wave_on:T', 'wave_peak:T', 'wave_off:T',
    ]);
    expect(out[1]).toEqual({ sample: 20, type: 'wave_peak', label: 'P', lead: 'V1' });
    expect(groupLudbWaves(out)).toEqual([
      { lead: 'V1', wave: 'P', onset: 0, peak: 20, offset: 40 },
      { lead: 'V1', wave: 'QRS', onset: 60, peak: 80, offset: 100 },
      { lead: 'V1', wave: 'T', onset: 160, peak: 180, offset: 200 },
    ]);
  });
});

describe.skipIf(!hasShared('fixtures', 'wfdb'))('100.atr', () => {
  it('reads 2274 annotations starting with the rhythm "(N" at 18 and beats at 77, 370, 662', () => {
    const { annotations, fs } = decodeMitAnnotations(new Uint8Array(readFileSync(fixture('wfdb', '100.atr'))), '100.atr');
    expect(fs).toBeUndefined();
    expect(annotations.length).toBe(2274);
    expect(annotations.slice(0, 4).map((a) => [a.sample, a.symbol])).toEqual([[18, '+'], [77, 'N'], [370, 'N'], [662, 'N']]);
  });
});

describe.skipIf(!hasShared('data', 'ludb', 'data'))('LUDB per-lead annotations', () => {
  it('loads the 12 lead files of record 1 into complete P, QRS and T waves', () => {
    const { annotations, waves } = loadLudbAnnotations(sharedPath('data', 'ludb', 'data', '1.hea'));
    expect(new Set(annotations.map((a) => a.lead)).size).toBe(12);
    expect(new Set(waves.map((w) => w.wave))).toEqual(new Set(['P', 'QRS', 'T']));
    for (const w of waves) expect(w.onset < w.peak && w.peak < w.offset && w.offset < 5000).toBe(true);
    // 1.ii begins ( 644, N 662, ) 682, ( 776, t 843, ) 878 (decoded independently with a 15-line Python reader)
    const ii = waves.filter((w) => w.lead === 'II').slice(0, 2);
    expect(ii).toEqual([
      { lead: 'II', wave: 'QRS', onset: 644, peak: 662, offset: 682 },
      { lead: 'II', wave: 'T', onset: 776, peak: 843, offset: 878 },
    ]);
    expect(loadLudbAnnotations(sharedPath('data', 'ludb', 'data', '1')).waves).toEqual(waves);
  });

  it('says so when a record has no per-lead files', () => {
    expect(() => loadLudbAnnotations(fixture('wfdb', '100.hea'))).toThrow(/no LUDB per-lead annotation files/);
  });
});
