/**
 * PhysioNet/CinC 2020–2021 layout: every record in fixtures/cinc and data/cinc (204 twelve-lead ECGs from six
 * sources), plus MATLAB Level 5 signal files as scipy writes them (the shared sets are all Level 4).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { einthovenResidualMicrovolts } from '../../../src-main/ecg/derived.js';
import { STANDARD_LEADS } from '../../../src-main/ecg/leads.js';
import type { EcgRecord } from '../../../src-main/ecg/record.js';
import { cincReader } from '../../../src-main/formats/cinc.js';
import { memoryFileSource } from '../../../src-main/formats/file-source.js';
import { readMatMatrix } from '../../../src-main/formats/mat-file.js';
import { detectReader, readEcgFile } from '../../../src-main/formats/registry.js';
import { fixture, hasShared, sharedPath } from '../../helpers/shared.js';

/** Einthoven/Goldberger tolerance: 4 quantisation steps (the worst seen is 3.5, in Chapman-Shaoxing records). */
const TOLERANCE_STEPS = 4;

function headerFacts(text: string) {
  const dx = /^#\s*Dx:\s*(.*)$/im.exec(text)?.[1] ?? '';
  const codes = [...new Set(dx.split(',').map((c) => c.trim()).filter(Boolean))];
  return {
    statements: codes.map((c) => `SNOMED:${c}`),
    age: /^#\s*Age:\s*(\d+)\s*$/im.exec(text)?.[1],
    sex: /^#\s*Sex:\s*(\w)/im.exec(text)?.[1]?.toUpperCase(),
  };
}

function checkRecord(path: string, r: EcgRecord): void {
  const text = readFileSync(path, 'latin1');
  expect(r.source.format, path).toBe('cinc');
  expect(r.leads, path).toEqual([...STANDARD_LEADS]);
  expect(r.derived, path).toBeUndefined();
  expect(r.checks!.filter((c) => c.status !== 'ok'), path).toEqual([]);
  expect(r.checks!.length, path).toBe(24);
  const facts = headerFacts(text);
  expect(r.statements, path).toEqual(facts.statements);
  expect(r.patient.age, path).toBe(facts.age === undefined ? undefined : Number(facts.age));
  if (facts.sex === 'M' || facts.sex === 'F') expect(r.patient.sex, path).toBe(facts.sex);
  const step = Math.max(...r.digital!.map((d) => 1000 / d!.gain)); // µV per ADC unit
  const residual = einthovenResidualMicrovolts(r)!;
  expect(residual, path).toBeLessThanOrEqual(TOLERANCE_STEPS * step + 1e-3);
}

describe.skipIf(!hasShared('fixtures', 'cinc'))('CinC fixtures (fixtures/cinc: Georgia, PTB-XL, Chapman-Shaoxing)', () => {
  it('reads all 60 with verified checksums, Dx statements, age, sex, and Einthoven within 4 steps', () => {
    const dir = fixture('cinc');
    const heads = readdirSync(dir).filter((f) => f.endsWith('.hea'));
    expect(heads.length).toBe(60);
    for (const f of heads) {
      const r = readEcgFile(join(dir, f));
      checkRecord(join(dir, f), r);
      expect([r.fs, r.samples[0]!.length]).toEqual([500, 5000]);
    }
  });

  it('HR00001 (PTB-XL ecg_id 1): Dx 251146004,426783006, 56-year-old woman, first samples in mV', () => {
    const r = readEcgFile(fixture('cinc', 'HR00001.hea'));
    expect(r.statements).toEqual(['SNOMED:251146004', 'SNOMED:426783006']);
    expect(r.patient).toEqual({ age: 56, sex: 'F' });
    expect(Array.from(r.samples[0]!.slice(0, 1))).toEqual([Math.fround(-0.115)]);
    expect(r.digital![0]).toMatchObject({ gain: 1000, baseline: 0 });
    expect(detectReader(new Uint8Array(readFileSync(fixture('cinc', 'HR00001.hea'))), 'HR00001.hea')?.id).toBe('cinc');
  });

  it('opens HR00001.mat through its header as a CinC record', () => {
    const r = readEcgFile(fixture('cinc', 'HR00001.mat'));
    expect([r.source.format, r.source.path]).toEqual(['cinc', fixture('cinc', 'HR00001.hea')]);
    expect(r.statements).toEqual(['SNOMED:251146004', 'SNOMED:426783006']);
  });
});

describe.skipIf(!hasShared('data', 'cinc', 'manifest.csv'))('CinC data set (data/cinc, 144 records)', () => {
  it('matches manifest.csv (rate, length, Dx codes) for every record, Einthoven within 4 steps', () => {
    const rows = readFileSync(sharedPath('data', 'cinc', 'manifest.csv'), 'utf8').trim().split(/\r?\n/).slice(1);
    expect(rows.length).toBe(144);
    for (const row of rows) {
      const [record, , fs, n, leads, dx] = row.split(',');
      const path = sharedPath('data', 'cinc', `${record}.hea`);
      const r = readEcgFile(path);
      checkRecord(path, r);
      expect([r.fs, r.samples[0]!.length, r.leads.length], record).toEqual([Number(fs), Number(n), Number(leads)]);
      expect(new Set(r.statements), record).toEqual(new Set(dx!.split(';').map((c) => `SNOMED:${c}`)));
    }
  });

  it('reads CinC 2020 headers that put the date first and name the record "E00015.mat"', () => {
    const r = readEcgFile(sharedPath('data', 'cinc', 'awwong1', 'E00015.hea'));
    expect(r.startTime).toBe('2020-05-05T14:50:55');
    expect(r.id).toBe('E00015.mat');
    expect(r.statements).toEqual(['SNOMED:251146004', 'SNOMED:284470004']); // the header lists 284470004 twice
  });
});

/*
 * scipy 1.17.1: savemat(f, {'fs': [[500.0]], 'val': HR00001 val[:, :20] as int16}, do_compression=False | True)
 * — two variables, so the reader must skip 'fs' (a double) to find 'val'; the compressed file wraps each in
 * miCOMPRESSED (zlib) elements that are not 8-byte aligned.
 */
const V5_RAW =
  'TUFUTEFCIDUuMCBNQVQtZmlsZSBQbGF0Zm9ybTogcG9zaXgsIENyZWF0ZWQgb246IE1vbiBOb3YgMjMgMjI6MjE6NTYgMjAyNgAAAAAAAAAAAA' +
  'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAABSU0OAAAAOAAAAAYAAAAIAAAABgAAAAAAAAAFAAAACAAAAAEAAAAB' +
  'AAAAAQACAGZzAAAJAAAACAAAAAAAAAAAQH9ADgAAABACAAAGAAAACAAAAAoAAAAAAAAABQAAAAgAAAAMAAAAFAAAAAEAAwB2YWwAAwAAAOABAA' +
  'CN/87/QQBSAKb/BwC//9j/+//d/93/tf+N/87/QQBSAKb/BwC//9j/+//d/93/tf+N/87/QQBSAKb/BwC//9j/+//d/93/tf+N/87/QQBSAKb/' +
  'BwC//9j/+//d/93/tf+N/87/QQBSAKb/BwC//9j/+//d/93/tf+N/87/QQBSAKb/BwC//9j/+//d/93/tf+N/87/QQBSAKb/BwC//9z/+//h/9' +
  '3/tf+L/83/QgBTAKT/BwDC/93/+//i/+D/uP+T/9D/PQBOAKv/BgDF/93/+//i/+P/u/+U/9P/QABMAKr/CQDE/93/+v/i/+L/uv9+/9P/VQBX' +
  'AJX/FADE/93/9v/i/+L/uv+B/9P/UgBWAJj/EgDI/93/9v/m/+L/uv+H/9b/TwBRAJz/EgDK/9z/9//n/+X/vf+I/9n/UABPAJz/FQDI/9//9P' +
  '/n/+j/wP+I/9j/UABQAJz/FADK/+L/8f/n/+f/v/+I/9j/UABQAJz/FADO/+L/8f/n/+f/v/+Q/9z/TABJAKP/FADO/+L/8f/n/+v/v/+T/97/' +
  'SwBHAKX/FADN/+L/8v/q/+z/wv+R/9z/SwBJAKT/FADQ/+L/7//t/+z/xf+T/97/SwBHAKT/FADT/+L/7P/s/+z/xP8=';
const V5_ZLIB =
  'TUFUTEFCIDUuMCBNQVQtZmlsZSBQbGF0Zm9ybTogcG9zaXgsIENyZWF0ZWQgb246IE1vbiBOb3YgMjMgMjI6MjE6NTYgMjAyNgAAAAAAAAAAAA' +
  'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAABSU0PAAAAJwAAAHic42NgYLAAYjYg5oDSIMAK5TPCMRNDWjEDAydU' +
  'HAwc6h0AKscCVg8AAAARAQAAeJzNzk0rxFEcxfEzZDwkSePlKGwkMmOEtb21pbKipGgoCzsPC9ZKpNFESc00pUR5GCNGjESizOLr+Js03oH769' +
  'zb/XS63SZJzVVS2Ged06CfVVO+NzoRJ6RqjY2MepdyIWmGDB2Ka41aJTmlxIVnk//h5/brwKdJ06kBrdhTlhJ5cmyRIEub+rRBWAdlv2GHeY5p' +
  'V6/Wqde+/dOeZ5tx+6CGtUAk8PeyT9jjGtIiLToM/C7wSU6Iql9L9iP/54MCt+wyxRkxRe2t7l/xZr9nz35qj9kj7ud5sRdI/vFMhc/6zV51a7' +
  'nCH+0JLulRl1btafsrDxRJMed+j/sr9qz9mSf7wW//24/txWD2+QLd2VEQ';

describe.skipIf(!hasShared('fixtures', 'cinc'))('MATLAB Level 5 signal files (scipy)', () => {
  const b64 = (s: string) => new Uint8Array(Buffer.from(s, 'base64'));
  /** HR00001's header cut to its first 20 samples: no byte offset, checksums over those 20 samples. */
  function shortHeader(v4: EcgRecord): string {
    const lines = readFileSync(fixture('cinc', 'HR00001.hea'), 'latin1').split(/\r?\n/);
    const signals = lines.slice(1, 13).map((l, j) => {
      const sum = v4.digital![j]!.values.slice(0, 20).reduce((a, v) => a + v, 0);
      return l.replace('HR00001.mat 16x1+24', 'HRv5.mat 16').replace(/ (-?\d+) (-?\d+) 0 (\S+)$/, ` $1 ${sum} 0 $3`);
    });
    return ['HRv5 12 500 20', ...signals, ...lines.slice(13)].join('\n');
  }

  for (const [label, data] of [['uncompressed', V5_RAW], ['miCOMPRESSED', V5_ZLIB]] as const) {
    it(`reads ${label} 'val' (12×20 int16) to the same samples as the Level 4 file`, () => {
      const m = readMatMatrix(b64(data), 'HRv5.mat');
      expect([m.version, m.name, m.rows, m.cols, m.className]).toEqual([5, 'val', 12, 20, 'int16']);
      const v4 = readEcgFile(fixture('cinc', 'HR00001.hea'));
      const r = cincReader.parse(memoryFileSource('HRv5.hea', new TextEncoder().encode(shortHeader(v4)), { 'HRv5.mat': b64(data) }));
      expect(r.checks!.length).toBe(24);
      expect(r.checks!.every((c) => c.status === 'ok')).toBe(true);
      for (let j = 0; j < 12; j++) expect(Array.from(r.digital![j]!.values)).toEqual(Array.from(v4.digital![j]!.values.slice(0, 20)));
      expect(r.statements).toEqual(['SNOMED:251146004', 'SNOMED:426783006']);
    });
  }
});
