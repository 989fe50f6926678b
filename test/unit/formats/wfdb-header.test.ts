import { describe, expect, it } from 'vitest';
import { FormatError } from '../../../src-main/formats/errors.js';
import {
  decodeHeaderText,
  looksLikeWfdbHeader,
  parseRecordLine,
  parseSignalLine,
  parseWfdbHeader,
  parseWfdbDate,
  parseWfdbTime,
} from '../../../src-main/formats/wfdb-header.js';

describe('WFDB record line', () => {
  it('reads name, signals, rate, length', () => {
    expect(parseRecordLine('100 2 360 650000', 'x')).toEqual({ name: '100', signals: 2, fs: 360, length: 650000 });
  });

  it('reads segments, counter frequency and base counter, time and date', () => {
    expect(parseRecordLine('041s/2 7 125/1000(-3.5) 2000 8:26:04 26/10/1994', 'x')).toEqual({
      name: '041s', segments: 2, signals: 7, fs: 125, counterFrequency: 1000, baseCounter: -3.5, length: 2000,
      baseTime: '08:26:04', baseDate: '1994-10-26',
    });
    expect(parseRecordLine('mixedsignals 6 62.4725/999.56 14400', 'x')).toMatchObject({ fs: 62.4725, counterFrequency: 999.56 });
  });

  it('accepts the CinC 2020 "DD-Mon-YYYY HH:MM:SS" order and a name ending in .mat', () => {
    expect(parseRecordLine('E00015.mat 12 500 5000 05-May-2020 14:50:55', 'x')).toMatchObject({
      name: 'E00015.mat', baseDate: '2020-05-05', baseTime: '14:50:55',
    });
  });

  it('leaves omitted fields undefined (100-no-len: no length)', () => {
    const r = parseRecordLine('100-no-len 2 360', 'x');
    expect(r.length).toBeUndefined();
    expect(parseRecordLine('rec 1', 'x').fs).toBeUndefined();
  });

  it('keeps tokens that are neither a time nor a date without failing', () => {
    expect(parseRecordLine('r 1 250 10 12:00:00 31/02/2020', 'x').unparsed).toEqual(['31/02/2020']);
  });

  it('refuses malformed and hostile counts with a FormatError naming the file', () => {
    expect(() => parseRecordLine('rec x 250', 'bad.hea')).toThrow(/bad\.hea: header signal count "x"/);
    expect(() => parseRecordLine('rec 100000 250', 'bad.hea')).toThrow(FormatError);
    expect(() => parseRecordLine('rec/9999999 1 250', 'bad.hea')).toThrow(/segments/);
    expect(() => parseRecordLine('rec 1 0', 'bad.hea')).toThrow(/sampling frequency/);
    expect(() => parseRecordLine('rec 1 250 99999999999999999999', 'bad.hea')).toThrow(/out of range/);
  });
});

describe('WFDB signal line', () => {
  it('reads every field of a MIT-BIH line (baseline defaults later to ADC zero)', () => {
    expect(parseSignalLine('100.dat 212 200 11 1024 995 -22131 0 MLII', 'x')).toEqual({
      file: '100.dat', format: 212, gain: 200, adcResolution: 11, adcZero: 1024, initValue: 995, checksum: -22131, blockSize: 0, description: 'MLII',
    });
  });

  it('reads gain(baseline)/units as LUDB writes it', () => {
    expect(parseSignalLine('1.dat 16 1716(6)/mV 0 0 -120 -32198 0 i', 'x')).toMatchObject({ gain: 1716, baseline: 6, units: 'mV', adcResolution: 0, description: 'i' });
  });

  it('reads samples per frame, skew and byte offset, and keeps spaces in the description', () => {
    expect(parseSignalLine('03700181.dat 212x4 2963.77/mV 12 0 67 -11266 0 MCL1 ', 'x')).toMatchObject({ format: 212, samplesPerFrame: 4, gain: 2963.77 });
    expect(parseSignalLine('test01_00s.dat 16:3 100/mV 16 0 -8 941 0 ECG 2', 'x')).toMatchObject({ skew: 3, description: 'ECG 2' });
    expect(parseSignalLine('HR00001.mat 16x1+24 1000.0(0)/mv 16 0 -115 13047 0 I', 'x')).toMatchObject({ samplesPerFrame: 1, byteOffset: 24, gain: 1000, baseline: 0, units: 'mv' });
    expect(parseSignalLine('a103l.mat 16+24 1.052e+04/mV 16 0 9127 -301 0 V', 'x')).toMatchObject({ byteOffset: 24, gain: 10520 });
  });

  it('allows a line with only file and format, and the null file "~"', () => {
    expect(parseSignalLine('~ 0', 'x')).toEqual({ file: '~', format: 0 });
  });

  it('refuses malformed fields', () => {
    expect(() => parseSignalLine('a.dat 16q 200', 'bad.hea')).toThrow(/signal format "16q"/);
    expect(() => parseSignalLine('a.dat 16 abc', 'bad.hea')).toThrow(/ADC gain "abc"/);
    expect(() => parseSignalLine('a.dat 16 200 11 zero', 'bad.hea')).toThrow(/ADC zero/);
    expect(() => parseSignalLine('a.dat 16x0 200', 'bad.hea')).toThrow(/samples per frame/);
  });
});

describe('WFDB header', () => {
  it('collects comments anywhere and skips blank lines (100.hea has both)', () => {
    const h = parseWfdbHeader('# unnecessary comment\n100 2 360 650000\n100.dat 212 200 11 1024 995 -22131 0 MLII\n\n100.dat 212 200 11 1024 1011 20052 0 V5\n# 69 M 1085 1629 x1\n', 'x');
    expect(h.kind).toBe('single');
    expect(h.comments).toEqual(['unnecessary comment', '69 M 1085 1629 x1']);
    if (h.kind === 'single') expect(h.signals.map((s) => s.description)).toEqual(['MLII', 'V5']);
  });

  it('reads segment lines of a multi-segment header', () => {
    const h = parseWfdbHeader('041s/2 7 125 2000 8:26:04 26/10/1994\r\n041s01 1000\r\n~ 1000\r\n', 'x');
    expect(h).toMatchObject({ kind: 'multi', segments: [{ name: '041s01', length: 1000 }, { name: '~', length: 1000 }] });
  });

  it('refuses a header with fewer signal lines than it declares, or none at all', () => {
    expect(() => parseWfdbHeader('r 3 250 10\nr.dat 16\n', 'short.hea')).toThrow(/declares 3 signals but has 1/);
    expect(() => parseWfdbHeader('# only comments\n', 'empty.hea')).toThrow(/no record line/);
  });

  it('decodes Latin-1 headers (test_generator_2 writes ° as 0xB0) and recognises record lines', () => {
    expect(decodeHeaderText(new Uint8Array([0x32, 0x2f, 0xb0]))).toBe('2/°');
    expect(looksLikeWfdbHeader('# c\n100 2 360 650000\n')).toBe(true);
    expect(looksLikeWfdbHeader('time,I,II\n0,1,2\n')).toBe(false);
  });

  it('parses dates and times strictly', () => {
    expect(parseWfdbDate('15/08/1994')).toBe('1994-08-15');
    expect(parseWfdbDate('29/02/2021')).toBeUndefined();
    expect(parseWfdbTime('8:26:04')).toBe('08:26:04');
    expect(parseWfdbTime('12:44:02.25')).toBe('12:44:02.25');
    expect(parseWfdbTime('25:00:00')).toBeUndefined();
  });
});
