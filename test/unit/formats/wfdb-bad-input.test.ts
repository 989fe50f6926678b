/**
 * Bad and hostile WFDB input: every failure is a FormatError that names the offending file, and nothing is
 * allocated from a length or count before it is checked against LIMITS and the bytes actually present.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FormatError } from '../../../src-main/formats/errors.js';
import { memoryFileSource } from '../../../src-main/formats/file-source.js';
import { cincReader } from '../../../src-main/formats/cinc.js';
import { wfdbReader } from '../../../src-main/formats/wfdb.js';
import { fixture, hasShared } from '../../helpers/shared.js';

const enc = (s: string) => new TextEncoder().encode(s);

function formatError(fn: () => unknown): FormatError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(FormatError);
    return e as FormatError;
  }
  throw new Error('expected a FormatError');
}
const parse = (path: string, header: string, siblings: Record<string, Uint8Array> = {}) =>
  wfdbReader.parse(memoryFileSource(path, enc(header), siblings));

describe.skipIf(!hasShared('fixtures', 'wfdb'))('WFDB bad input with real files', () => {
  const hea = readFileSync(fixture('wfdb', '100.hea'), 'latin1');
  const dat = new Uint8Array(readFileSync(fixture('wfdb', '100.dat')));

  it('a truncated .dat is a FormatError naming the .dat and both frame counts', () => {
    const e = formatError(() => parse('rec/100.hea', hea, { '100.dat': dat.subarray(0, 1000) }));
    expect(e.file).toBe('rec/100.dat');
    expect(e.reason).toMatch(/truncated: the header needs 650000 frames, the file holds 333/);
  });

  it('a missing signal file is a FormatError naming it', () => {
    const e = formatError(() => parse('rec/100.hea', hea));
    expect(e.file).toBe('rec/100.dat');
    expect(e.reason).toMatch(/missing/);
  });

  it('a .dat opened without its header, or not described by it, asks for the .hea', () => {
    expect(formatError(() => wfdbReader.parse(memoryFileSource('x/100.dat', dat))).reason).toMatch(/header 100\.hea is not beside it/);
    const other = enc('100 1 360 10\nother.dat 16\n');
    expect(formatError(() => wfdbReader.parse(memoryFileSource('x/100.dat', dat, { '100.hea': other }))).reason).toMatch(/open the record's \.hea/);
  });
});

describe('WFDB hostile headers', () => {
  it('corrupt headers are FormatErrors naming the header', () => {
    for (const text of ['hello world\n', '\u0000\u0001binary', 'r 2 250 10\nr.dat 16\n', 'r 1 250 10\nr.dat sixteen\n', '']) {
      expect(formatError(() => parse('bad.hea', text)).file).toBe('bad.hea');
    }
  });

  it('huge lengths, counts and samples per frame are refused before anything is allocated', () => {
    const small = { 'r.dat': new Uint8Array(8) };
    expect(formatError(() => parse('h.hea', 'r 1 250 4000000000\nr.dat 16\n', small)).reason).toMatch(/exceeds 86400000 samples per signal/);
    expect(formatError(() => parse('h.hea', 'r 1 250 1000\nr.dat 16x999999\n', small)).reason).toMatch(/exceeds/);
    expect(formatError(() => parse('h.hea', 'r 1 250 86400000\nr.dat 16\n', small)).reason).toMatch(/truncated/);
    expect(formatError(() => parse('h.hea', 'r 100000 250 10\n')).reason).toMatch(/100000 signals/);
    expect(formatError(() => parse('h.hea', 'r/100000000 1 250 10\n')).reason).toMatch(/segments/);
    expect(formatError(() => parse('h.hea', 'r 1 250 10\nr.dat 16+99999999\n', small)).reason).toMatch(/byte offset 99999999 is past the end/);
    expect(formatError(() => parse('h.hea', 'r 1 250 10\nr.dat 999\n', small)).reason).toMatch(/format 999, which is not supported/);
  });

  it('a segment list that nests multi-segment headers is refused', () => {
    const e = formatError(() => parse('m.hea', 'm/1 1 250 10\ninner 10\n', { 'inner.hea': enc('inner/1 1 250 10\nx 10\n') }));
    expect(e.file).toBe('inner.hea');
  });

  it('hostile MAT and FLAC containers are FormatErrors naming the signal file', () => {
    const v4 = new Uint8Array(24);
    new DataView(v4.buffer).setInt32(0, 30, true);
    new DataView(v4.buffer).setInt32(4, 100000, true);
    new DataView(v4.buffer).setInt32(8, 100000, true);
    new DataView(v4.buffer).setInt32(16, 4, true);
    expect(formatError(() => parse('c/h.hea', 'h 1 500 10\nh.mat 16+24 1000/mV 16 0\n', { 'h.mat': v4 })).file).toBe('c/h.mat');
    const flac = new Uint8Array(42);
    flac.set(enc('fLaC'));
    flac.set([0x80, 0, 0, 34], 4); // last metadata block: STREAMINFO, 34 bytes, all zero → 0 samples is fine…
    flac.fill(0xff, 8 + 13, 8 + 18); // …but claim 2^36 − 1 samples per channel
    expect(formatError(() => parse('f.hea', 'f 1 250 10\nf.dat 516\n', { 'f.dat': flac })).reason).toMatch(/FLAC stream declares/);
  });

  it('sniffing never throws and claims nothing it should not', () => {
    const junk = [new Uint8Array(0), new Uint8Array(70000).fill(0xff), enc('MATLAB 5.0'), enc('r 1 250\n#Dx: 1'), Uint8Array.from({ length: 512 }, (_, i) => (i * 37) & 0xff)];
    for (const bytes of junk) {
      for (const name of ['x.hea', 'x.dat', 'x.mat', 'x.csv', 'x']) {
        expect(() => wfdbReader.sniff(bytes, name)).not.toThrow();
        expect(() => cincReader.sniff(bytes, name)).not.toThrow();
      }
    }
    expect(wfdbReader.sniff(enc('time,I\n0,1\n'), 'x.hea')).toBe(false);
    expect(wfdbReader.sniff(enc('100 2 360 650000\n'), 'x.csv')).toBe(false);
    expect(cincReader.sniff(enc('100 2 360 650000\n'), 'x.hea')).toBe(false);
  });
});
