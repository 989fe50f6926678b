/**
 * CSV writer: `time_s,I,II,…` in canonical lead order, values in mV, a row per sample; what csv.ts reads back.
 *
 * | column | digits |
 * |---|---|
 * | a lead with source digital values | from (digital − baseline) / gain, with enough decimals that re-quantising at that gain gives the same integers (≥ 6) |
 * | a lead stored as floating point or derived | 6 decimals (1 nV; below any ECG amplifier's resolution) |
 * | time_s | sample index / fs, ⌈log10 fs⌉ + 4 decimals |
 *
 * Trailing zeros are dropped. A missing sample (NaN in mV, whatever digital marker the source used) is written
 * as NaN, never as its marker scaled to a voltage; our reader refuses it with its line number.
 */
import type { EcgRecord } from '../../ecg/record.js';
import { assertEqualLengths, canonicalLeadIndices } from './lead-order.js';

function fixed(v: number, decimals: number): string {
  if (Number.isNaN(v)) return 'NaN';
  let s = v.toFixed(decimals);
  if (s.includes('.')) s = s.replace(/0+$/, '').replace(/\.$/, '');
  return s === '-0' ? '0' : s;
}

/** RFC 4180 quoting for names that hold the delimiter, a quote or a line break. */
function cell(name: string): string {
  return /[",\r\n]/.test(name) ? `"${name.replace(/"/g, '""')}"` : name;
}

const ROWS_PER_CHUNK = 4096;

/** The CSV text in chunks of rows, so a caller can stream a long record to disk. */
export function* csvChunks(record: EcgRecord): Generator<string> {
  const n = assertEqualLengths(record);
  const order = canonicalLeadIndices(record);
  const columns = order.map((k) => {
    const d = record.digital?.[k];
    const s = record.samples[k]!;
    if (d && Number.isFinite(d.gain) && d.gain !== 0) {
      const decimals = Math.max(6, Math.floor(Math.log10(Math.abs(d.gain))) + 2);
      return (t: number) => fixed(Number.isNaN(s[t]!) ? Number.NaN : (d.values[t]! - d.baseline) / d.gain, decimals);
    }
    return (t: number) => fixed(s[t]!, 6);
  });
  const timeDecimals = Math.max(3, Math.ceil(Math.log10(record.fs)) + 4);
  yield `# fs=${record.fs}\n# units: mV\n${['time_s', ...order.map((k) => cell(record.leads[k]!))].join(',')}\n`;
  let chunk: string[] = [];
  for (let t = 0; t < n; t++) {
    const row = [fixed(t / record.fs, timeDecimals)];
    for (const c of columns) row.push(c(t));
    chunk.push(row.join(','));
    if (chunk.length === ROWS_PER_CHUNK) {
      yield chunk.join('\n') + '\n';
      chunk = [];
    }
  }
  if (chunk.length) yield chunk.join('\n') + '\n';
}

export function writeCsv(record: EcgRecord): string {
  let out = '';
  for (const c of csvChunks(record)) out += c;
  return out;
}
