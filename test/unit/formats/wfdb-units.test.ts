/**
 * The WFDB voltage rule (wfdb-assemble.ts), on real fixture signal files under rewritten headers in a temp dir:
 * only voltages are leads, on every path (single header, .mat through the WFDB and CinC readers, variable-layout
 * multi-segment, mixed samples per frame), and a record with no voltage is refused as the EDF reader refuses one.
 */
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EcgRecord } from '../../../src-main/ecg/record.js';
import { readEcgFile } from '../../../src-main/formats/registry.js';
import { fixture, hasShared } from '../../helpers/shared.js';
import { expectFormatError, setAside } from './record-helpers.js';

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'ecg-tlc-wfdb-units-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Copies fixture files (paths under fixtures/wfdb) into the temp dir and writes `header` beside them. */
function record(headerName: string, header: string, files: string[]): string {
  for (const f of files) copyFileSync(fixture('wfdb', f), join(tmp, f.split('/').pop()!));
  writeFileSync(join(tmp, headerName), header);
  return join(tmp, headerName);
}

const signalLines = (name: string) => readFileSync(fixture('wfdb', name), 'latin1').split(/\r?\n/).filter((l) => l.trim() && !l.startsWith('#'));

describe.skipIf(!hasShared('fixtures', 'wfdb'))('WFDB: only voltage signals are leads', () => {
  it('refuses mixedsignals’ ABP, Pleth and Resp on their own: no voltage, the file and the units named', () => {
    const lines = signalLines('mixedsignals.hea');
    const path = record('aux.hea', ['aux 3 62.4725/999.56 14400', ...lines.slice(4)].join('\n') + '\n', ['mixedsignals_p.dat', 'mixedsignals_r.dat']);
    const e = expectFormatError(() => readEcgFile(path), path, 'no signal is a voltage (units: "mmHg", "NU", "Ohm"), so there is no ECG lead to read');
    expect(e.message).toBe(`${path}: ${e.reason}`);
  });

  it('refuses a .mat record with no voltage, through the WFDB reader, the .mat opened directly, and the CinC reader', () => {
    const lines = signalLines('a103l.hea');
    const noVolts = [lines[0], lines[1]!.replace('/mV', '/mmHg'), lines[2]!.replace('/mV', '/mmHg'), lines[3]].join('\n') + '\n';
    const hea = record('a103l.hea', noVolts, ['a103l.mat']);
    const reason = 'no signal is a voltage (units: "mmHg", "mmHg", "NU"), so there is no ECG lead to read';
    expectFormatError(() => readEcgFile(hea), hea, reason);
    expectFormatError(() => readEcgFile(join(tmp, 'a103l.mat')), hea, reason);
    const cinc = record('c103l.hea', noVolts.replace(/^a103l 3/, 'c103l 3') + '# Age: 60\n# Dx: 426783006\n', []);
    expectFormatError(() => readEcgFile(cinc), cinc, reason);
    // the same header with its voltages intact reads as CinC, PLETH set aside
    const ok = readEcgFile(record('d103l.hea', [...lines, '# Age: 60', '# Dx: 426783006'].join('\n').replace(/^a103l 3/, 'd103l 3') + '\n', []));
    expect([ok.source.format, ok.leads, setAside(ok).map((o) => o.label)]).toEqual(['cinc', ['II', 'V'], ['PLETH']]);
  });

  it('takes the rate from the leads only: 03700181 with MCL1 (212x4) relabelled mmHg reads at 125 Hz', () => {
    const text = readFileSync(fixture('wfdb', '03700181.hea'), 'latin1');
    const path = record('03700181.hea', text.replace('2963.77/mV', '2963.77/mmHg').replace('12.84(-1605)/mmHg', '12.84(-1605)/mV'), ['03700181.dat']);
    const r = readEcgFile(path);
    const orig = readEcgFile(fixture('wfdb', '03700181.hea'));
    expect([r.fs, r.leads, r.samples[0]!.length]).toEqual([125, ['ABP', 'RESP'], 75000]);
    expect(setAside(r)).toEqual([{ label: 'MCL1', unit: 'mmHg', fs: 500, reason: 'not a voltage (unit "mmHg")', file: '03700181.dat', format: 212 }]);
    const a = r.digital![1]!.values, b = orig.digital![orig.leads.indexOf('RESP')]!.values;
    for (let k = 0; k < a.length; k++) if (a[k] !== b[4 * k]) throw new Error(`RESP differs at frame ${k}`);
    expect(r.samples[0]![0]).toBeCloseTo((-943 + 1605) / 12.84, 4);
    expect(r.checks!.every((c) => c.status === 'ok')).toBe(true);
  });

  describe('variable-layout multi-segment records over 041s01 and 041s02', () => {
    const files = ['multi-segment/041s/041s01.hea', 'multi-segment/041s/041s01.dat', 'multi-segment/041s/041s02.hea', 'multi-segment/041s/041s02.dat'];

    it('sets aside a signal that any segment gives in mmHg, though the layout says mV', () => {
      record('lay.hea', 'lay 2 125 0\n~ 0 2000 12 0 0 0 0 III\n~ 0 20(-1600)/mV 12 0 0 0 0 ABP\n', files);
      const r = readEcgFile(record('v.hea', 'v/3 2 125 2000\nlay 0\n041s01 1000\n041s02 1000\n', []));
      const s1 = readEcgFile(join(tmp, '041s01.hea')), s2 = readEcgFile(join(tmp, '041s02.hea'));
      expect([r.fs, r.leads]).toEqual([500, ['III']]);
      const iii = (x: EcgRecord) => x.digital![x.leads.indexOf('III')]!.values;
      expect(Array.from(iii(r))).toEqual([...iii(s1), ...iii(s2)]);
      expect(setAside(r).map((o) => [o.label, o.unit, o.fs])).toEqual([['ABP', 'mmHg', 125]]);
      expect(r.checks!.filter((c) => c.name.endsWith(':ABP')).map((c) => c.status)).toEqual(['ok', 'ok']);
    });

    it('refuses a layout whose every signal is in mmHg, naming the record header', () => {
      record('lay2.hea', 'lay2 2 125 0\n~ 0 20(-1600)/mmHg 12 0 0 0 0 ABP\n~ 0 80(-1600)/mmHg 12 0 0 0 0 PAP\n', files);
      const path = record('p.hea', 'p/3 2 125 2000\nlay2 0\n041s01 1000\n041s02 1000\n', []);
      expectFormatError(() => readEcgFile(path), path, 'no signal is a voltage (units: "mmHg", "mmHg"), so there is no ECG lead to read');
    });
  });
});
