import { describe, expect, it } from 'vitest';
import { csvReader } from '../../../src-main/formats/csv.js';
import { FormatError } from '../../../src-main/formats/errors.js';
import { memoryFileSource } from '../../../src-main/formats/file-source.js';
import { detectReader } from '../../../src-main/formats/registry.js';
import type { ReadOptions } from '../../../src-main/formats/types.js';

const src = (text: string, name = 'ecg.csv') => memoryFileSource(name, new TextEncoder().encode(text));
const read = (text: string, options?: ReadOptions) => csvReader.parse(src(text), options);
const rows = (n: number, f: (i: number) => string) => Array.from({ length: n }, (_, i) => f(i)).join('\n');

describe('CSV reader', () => {
  it('derives fs from a time column in seconds and maps vendor lead spellings', () => {
    const r = read(`time_s,DI,DII,ECG V1,Lead V2\n${rows(100, (i) => `${(i / 500).toFixed(3)},${i / 1000},0.5,-0.25,1`)}\n`);
    expect(r.fs).toBe(500);
    expect(r.leads).toEqual(['I', 'II', 'III', 'aVR', 'aVL', 'aVF', 'V1', 'V2']);
    expect(r.derived).toEqual(['III', 'aVR', 'aVL', 'aVF']);
    expect(r.samples[0]![42]).toBeCloseTo(0.042, 7);
    expect(r.samples[6]![3]).toBeCloseTo(-0.25, 7);
    expect(r.source).toMatchObject({ format: 'csv', details: { delimiter: ',', fsSource: 'the time column', timeColumn: 'time_s' } });
    expect(r.digital).toBeUndefined();
  });

  it('reads a millisecond time column rounded to whole ms at 360 Hz as 360 Hz', () => {
    const r = read(`ms,II\n${rows(3600, (i) => `${Math.round((i * 1000) / 360)},0`)}\n`);
    expect(r.fs).toBe(360);
  });

  it('takes fs from a comment line or from the read options', () => {
    expect(read(`# fs=500\nI,II\n${rows(10, () => '1,2')}`).fs).toBe(500);
    expect(read(`# sampling_rate: 250 Hz\n# units: mV\nV1\n${rows(10, () => '1')}`).fs).toBe(250);
    expect(read(`I;II\n${rows(10, () => '1;2')}`, { fs: 1000 }).fs).toBe(1000);
  });

  it('says how to state the rate when none is given', () => {
    expect(() => read(`I,II\n1,2\n3,4\n`)).toThrow(/add a time column \(time_s or ms\), or a comment line "# fs=500"/);
  });

  it('refuses two rates that disagree', () => {
    expect(() => read(`# fs=500\ntime_s,I\n${rows(10, (i) => `${i / 250},0`)}`)).toThrow(/the "# fs" comment gives 500 Hz but the time column gives 250 Hz/);
  });

  it('honours units in column headers and in a units comment', () => {
    const r = read(`# fs=100\nI (uV),II [µV],V1_mV,V2 (V)\n1000,-500,2,0.001\n`);
    const byLead = (name: string) => r.samples[r.leads.indexOf(name)]![0]!;
    expect(byLead('I')).toBeCloseTo(1, 7);
    expect(byLead('II')).toBeCloseTo(-0.5, 7);
    expect(byLead('V1')).toBeCloseTo(2, 7);
    expect(byLead('V2')).toBeCloseTo(1, 7);
    const u = read(`# fs=100\n# units: uV\nI,II\n250,-750\n`);
    expect([u.samples[0]![0], u.samples[1]![0]]).toEqual([0.25, -0.75]);
    expect(() => read(`# fs=100\nI (mmHg)\n1\n`)).toThrow(/column 1 \("I \(mmHg\)"\): unit "mmHg" is not a voltage/);
  });

  it('detects semicolons with decimal commas, and tabs', () => {
    const semi = read(`time;I;II\n0;0,5;-1,25\n0,002;0,75;1\n0,004;1;1\n`);
    expect(semi.fs).toBe(500);
    expect(semi.samples[0]![0]).toBe(0.5);
    expect(semi.samples[1]![0]).toBe(-1.25);
    expect(semi.source.details).toMatchObject({ delimiter: ';' });
    const tab = read(`t\tV5\tV6\n0\t1\t2\n0.001\t3\t4\n`);
    expect([tab.fs, tab.leads, tab.samples[1]![1]]).toEqual([1000, ['V5', 'V6'], 4]);
  });

  it('ignores an index column and quoted headers, and keeps non-standard names', () => {
    const r = read(`"",  "I" ,"X"\n0,1,2\n1,3,4\n`, { fs: 2 });
    expect(r.leads).toEqual(['I', 'X']);
    expect(Array.from(r.samples[1]!)).toEqual([2, 4]);
  });

  it.each<[string, string, RegExp]>([
    ['a word in a sample cell', `# fs=10\nI,II\n1,2\n3,abc\n`, /line 4, column 2 \("II"\): "abc" is not a number/],
    ['a NaN cell', `# fs=10\nI,II\n1,NaN\n`, /line 3, column 2 \("II"\): "NaN" is not a number/],
    ['an empty cell', `# fs=10\nI,II\n1,\n`, /line 3, column 2 \("II"\): an empty cell/],
    ['a row with too many cells', `# fs=10\nI,II\n1,2\n1,2,3\n`, /line 4: 3 cells where the header names 2 columns/],
    ['a missing header row', `1,2\n3,4\n`, /line 1: the first row is data/],
    ['a gap in the time column', `time_s,I\n0,0\n0.002,0\n0.004,0\n0.008,0\n0.010,0\n`, /line 5: the time column steps by 0.004 s/],
    ['a time column that does not increase', `time_s,I\n1,0\n1,0\n`, /does not increase/],
    ['a duplicate lead', `# fs=1\nI,DI\n1,2\n`, /column 2 \("DI"\): lead I is already column 1/],
    ['no data rows', `# fs=1\nI,II\n`, /followed by no data rows/],
    ['binary bytes', `I,II\n\u0000\u0001\n`, /not text/],
  ])('refuses %s with a FormatError naming where', (_, text, message) => {
    expect(() => read(text)).toThrow(FormatError);
    expect(() => read(text)).toThrow(message);
  });

  it('is found by the registry from its header row or its extension, and not claimed for other text', () => {
    const bytes = (t: string) => new TextEncoder().encode(t);
    expect(detectReader(bytes('# fs=500\ntime_s;I;II\n0;1;2\n'), 'export.txt')?.id).toBe('csv');
    expect(detectReader(bytes('whatever\n1\n'), 'leads.csv')?.id).toBe('csv');
    expect(csvReader.sniff(bytes('hello world, how are you\nfine\n'), 'notes.txt')).toBe(false);
    expect(csvReader.sniff(bytes('II\n1\n2\n'), 'x.dat')).toBe(false); // no delimiter: not claimed without the extension
  });
});
