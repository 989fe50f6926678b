/**
 * CSV reader: one column per lead, one row per sample, a header row naming the columns.
 *
 * | what | accepted |
 * |---|---|
 * | delimiter | ',' ';' or tab, whichever the header row holds most of; with ';' or tab a decimal comma is read as a point |
 * | lead columns | any spelling canonicalLead knows, with or without an 'ECG ' prefix (I, DII, ECG V1, …); other names kept as they are |
 * | units | mV unless a column says otherwise ('I (uV)', 'II [µV]', 'V1_uV') or a comment line does ('# units: uV') |
 * | time column | time, time_s, t, seconds, sec → seconds; ms, time_ms, 'time (ms)' → milliseconds; fs = 1 / spacing, which must be uniform |
 * | index column | sample, index, idx, n, or an unnamed first column (pandas) → ignored |
 * | sampling rate | ReadOptions.fs, a comment '# fs=500' / '# sampling_rate: 500 Hz', or the time column; any two that disagree by more than 0.1% are an error |
 * | comments | lines starting with '#', anywhere |
 */
import { completeLimbLeads } from '../ecg/derived.js';
import type { LeadName } from '../ecg/leads.js';
import { isStandardLead } from '../ecg/leads.js';
import type { EcgRecord } from '../ecg/record.js';
import { FormatError, ensure } from './errors.js';
import { sha256Hex } from './file-source.js';
import type { FileSource, FormatReader, ReadOptions } from './types.js';
import { LIMITS } from './types.js';
import { leadFromLabel, millivoltsPerUnit } from './edf-labels.js';

type Column =
  | { kind: 'time'; secondsPerUnit: number }
  | { kind: 'ignore' }
  | { kind: 'lead'; lead: LeadName; unit?: string };

const TIME_NAMES: Record<string, number> = { time: 1, time_s: 1, 'time(s)': 1, t: 1, seconds: 1, sec: 1, s: 1, ms: 1e-3, time_ms: 1e-3, 'time(ms)': 1e-3 };
const INDEX_NAMES = new Set(['sample', 'samples', 'index', 'idx', 'n', 'sample_index', 'sample_number']);
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const DELIMITERS = [',', ';', '\t'] as const;

const unquote = (cell: string) => cell.trim().replace(/^"(.*)"$/, '$1').replace(/""/g, '"').trim();

/** Cells of one line; a quoted cell may hold the delimiter (RFC 4180 quoting, as our CSV writer emits it). */
export function splitCells(line: string, delimiter: string): string[] {
  if (!line.includes('"')) return line.split(delimiter);
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (ch === '"') {
      if (quoted && line[i + 1] === '"') {
        cell += '""';
        i++;
      } else {
        quoted = !quoted;
        cell += ch;
      }
    } else if (ch === delimiter && !quoted) {
      cells.push(cell);
      cell = '';
    } else {
      cell += ch;
    }
  }
  cells.push(cell);
  return cells;
}

// Column header: name [ ('(' | '[') unit (')' | ']') ]  or  name '_' unit    e.g. "I (uV)", "II [µV]", "V1_mV"
function classify(cell: string, index: number): Column {
  const name = unquote(cell);
  const key = name.toLowerCase().replace(/\s+/g, '');
  if (key in TIME_NAMES) return { kind: 'time', secondsPerUnit: TIME_NAMES[key]! };
  if (INDEX_NAMES.has(key) || (index === 0 && name === '')) return { kind: 'ignore' };
  const bracket = /^(.*?)\s*[([]\s*([^)\]]+?)\s*[)\]]$/.exec(name);
  if (bracket) {
    const base = bracket[1]!.toLowerCase();
    if (base in TIME_NAMES || base === 'time') {
      const u = bracket[2]!.toLowerCase();
      if (u === 's' || u === 'ms') return { kind: 'time', secondsPerUnit: u === 'ms' ? 1e-3 : 1 };
    }
    return { kind: 'lead', lead: leadFromLabel(bracket[1]!), unit: bracket[2]! };
  }
  const suffix = /^(.+?)_(mv|uv|µv|nv)$/i.exec(name);
  if (suffix) return { kind: 'lead', lead: leadFromLabel(suffix[1]!), unit: suffix[2]! };
  return { kind: 'lead', lead: leadFromLabel(name) };
}

function delimiterOf(line: string): string {
  let best: string = ',';
  let most = 0;
  for (const d of DELIMITERS) {
    const n = line.split(d).length - 1;
    if (n > most) [best, most] = [d, n];
  }
  return best;
}

// Directive comment: '#' key ('=' | ':') value, e.g. "# fs=500", "# sampling_rate: 500 Hz", "# units: uV"
function directive(line: string): { fs?: number; unit?: string } {
  const m = /^#\s*([A-Za-z _-]+?)\s*[:=]\s*(.+?)\s*$/.exec(line);
  if (!m) return {};
  const key = m[1]!.toLowerCase().replace(/[\s_-]/g, '');
  if (['fs', 'samplingrate', 'samplingfrequency', 'samplerate', 'frequency'].includes(key)) {
    const v = /^([0-9]*\.?[0-9]+)\s*(hz)?$/i.exec(m[2]!);
    return v ? { fs: Number(v[1]) } : {};
  }
  if (key === 'unit' || key === 'units') return { unit: m[2]! };
  return {};
}

const isComment = (line: string) => line.trimStart().startsWith('#');

function firstContentLine(lines: string[]): number {
  return lines.findIndex((l) => l.trim() !== '' && !isComment(l));
}

function looksLikeText(head: Uint8Array): boolean {
  const n = Math.min(head.length, 4096);
  for (let i = 0; i < n; i++) {
    const b = head[i]!;
    if (b === 0 || (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d)) return false;
  }
  return n > 0;
}

function sniff(head: Uint8Array, name: string): boolean {
  if (!looksLikeText(head)) return false;
  if (/\.(csv|tsv)$/i.test(name)) return true;
  const lines = new TextDecoder('utf-8').decode(head.subarray(0, 8192)).replace(/^\ufeff/, '').split(/\r\n|\n|\r/);
  const i = firstContentLine(lines);
  if (i < 0 || i === lines.length - 1) return false;
  const line = lines[i]!;
  const d = delimiterOf(line);
  if (!line.includes(d)) return false;
  return splitCells(line, d).some((cell, k) => {
    const c = classify(cell, k);
    return c.kind === 'lead' && isStandardLead(c.lead);
  });
}

/** Sampling rate from a uniformly spaced time column (seconds), or a FormatError naming the first irregular step. */
function rateFromTimes(path: string, t: Float64Array, resolution: number, lineOf: (row: number) => number): number {
  ensure(t.length >= 2, path, 'a time column needs at least two rows to give a sampling rate; state it with a comment line "# fs=500"');
  const span = t[t.length - 1]! - t[0]!;
  ensure(span > 0, path, 'the time column does not increase');
  const dt = span / (t.length - 1);
  const tolerance = resolution + 1e-3 * dt;
  for (let i = 1; i < t.length; i++) {
    const step = t[i]! - t[i - 1]!;
    if (Math.abs(step - dt) > tolerance) {
      throw new FormatError(path, `line ${lineOf(i)}: the time column steps by ${+step.toPrecision(6)} s where the mean step is ${+dt.toPrecision(6)} s; samples must be uniformly spaced (a gap or a repeated row?)`);
    }
  }
  const fs = 1 / dt;
  const whole = Math.round(fs);
  // Printed times are rounded: accept the nearest whole rate when the rounding explains the difference.
  return Math.abs(fs - whole) <= fs * ((2 * resolution) / span) + 1e-9 * fs ? whole : Math.round(fs * 1e6) / 1e6;
}

function parse(src: FileSource, options?: ReadOptions): EcgRecord {
  const path = src.path;
  ensure(looksLikeText(src.bytes), path, 'the file is not text (it holds control or NUL bytes), so it is not a CSV file');
  const lines = new TextDecoder('utf-8').decode(src.bytes).replace(/^\ufeff/, '').split(/\r\n|\n|\r/);
  const headerAt = firstContentLine(lines);
  ensure(headerAt >= 0, path, 'the file holds no header row and no data');

  let commentFs: number | undefined;
  let commentUnit: string | undefined;
  for (const l of lines) {
    if (!isComment(l)) continue;
    const d = directive(l.trim());
    if (d.fs !== undefined) commentFs = d.fs;
    if (d.unit !== undefined) commentUnit = d.unit;
  }

  const headerLine = lines[headerAt]!;
  const delimiter = delimiterOf(headerLine);
  const headerCells = splitCells(headerLine, delimiter);
  while (headerCells.length > 1 && unquote(headerCells[headerCells.length - 1]!) === '') headerCells.pop();
  ensure(headerCells.length <= LIMITS.maxLeads + 2, path, `the header row has ${headerCells.length} columns, more than ${LIMITS.maxLeads} leads allow`);
  const columns = headerCells.map((c, k) => classify(c, k));
  const firstCell = unquote(headerCells[0]!);
  ensure(
    !NUMBER.test(firstCell),
    path,
    `line ${headerAt + 1}: the first row is data ("${firstCell}…"); the first row must name the columns, e.g. "time_s,I,II,III"`,
  );

  const leadCols: number[] = [];
  const factors: number[] = [];
  const seen = new Map<string, number>();
  let timeCol = -1;
  columns.forEach((c, k) => {
    const where = `line ${headerAt + 1}, column ${k + 1} ("${unquote(headerCells[k]!)}")`;
    if (c.kind === 'time') {
      ensure(timeCol < 0, path, `${where}: a second time column`);
      timeCol = k;
    } else if (c.kind === 'lead') {
      ensure(c.lead !== '', path, `${where}: an unnamed column; name every lead column`);
      ensure(!seen.has(c.lead), path, `${where}: lead ${c.lead} is already column ${seen.get(c.lead)! + 1}`);
      seen.set(c.lead, k);
      const unit = c.unit ?? commentUnit ?? 'mV';
      const f = millivoltsPerUnit(unit);
      ensure(f !== undefined, path, `${where}: unit "${unit}" is not a voltage (use V, mV, uV or nV)`);
      leadCols.push(k);
      factors.push(f);
    }
  });
  ensure(leadCols.length > 0, path, `line ${headerAt + 1}: no lead column (name them I, II, V1, …)`);

  const dataLines: number[] = [];
  for (let i = headerAt + 1; i < lines.length; i++) if (lines[i]!.trim() !== '' && !isComment(lines[i]!)) dataLines.push(i);
  ensure(dataLines.length > 0, path, 'the header row is followed by no data rows');
  ensure(dataLines.length <= LIMITS.maxSamplesPerLead, path, `${dataLines.length} rows, more than the ${LIMITS.maxSamplesPerLead} samples per lead allowed`);

  const decimalComma = delimiter !== ',';
  const samples = leadCols.map(() => new Float32Array(dataLines.length));
  const times = new Float64Array(timeCol >= 0 ? dataLines.length : 0);
  let timeDecimals = 0;
  dataLines.forEach((lineIndex, row) => {
    const cells = splitCells(lines[lineIndex]!, delimiter);
    if (cells.length > columns.length && cells.slice(columns.length).every((c) => c.trim() === '')) cells.length = columns.length;
    ensure(
      cells.length === columns.length,
      path,
      `line ${lineIndex + 1}: ${cells.length} cells where the header names ${columns.length} columns`,
    );
    const value = (k: number): number => {
      let cell = unquote(cells[k]!);
      if (decimalComma) cell = cell.replace(',', '.');
      if (!NUMBER.test(cell)) {
        throw new FormatError(
          path,
          `line ${lineIndex + 1}, column ${k + 1} ("${unquote(headerCells[k]!)}"): ${cell === '' ? 'an empty cell' : `"${cell.slice(0, 40)}" is not a number`}; every sample must be a finite number`,
        );
      }
      if (k === timeCol) timeDecimals = Math.max(timeDecimals, /[eE]/.test(cell) ? 9 : (cell.split('.')[1]?.length ?? 0));
      return Number(cell);
    };
    leadCols.forEach((k, j) => {
      const mv = value(k) * factors[j]!;
      if (!(Math.abs(mv) <= LIMITS.maxAbsMillivolts)) {
        throw new FormatError(path, `line ${lineIndex + 1}, column ${k + 1} ("${unquote(headerCells[k]!)}"): ${mv} mV is beyond any voltage a lead can hold`);
      }
      samples[j]![row] = mv;
    });
    if (timeCol >= 0) times[row] = value(timeCol);
  });

  // A stated rate is exact where one derived from printed times is an estimate: stated ones come first.
  const stated: Array<[string, number]> = [];
  if (options?.fs !== undefined) stated.push(['the fs option', options.fs]);
  if (commentFs !== undefined) stated.push(['the "# fs" comment', commentFs]);
  if (timeCol >= 0) {
    const perUnit = (columns[timeCol] as { secondsPerUnit: number }).secondsPerUnit;
    for (let i = 0; i < times.length; i++) times[i] = times[i]! * perUnit;
    stated.push(['the time column', rateFromTimes(path, times, 10 ** -timeDecimals * perUnit, (r) => dataLines[r]! + 1)]);
  }
  ensure(
    stated.length > 0,
    path,
    'the sampling rate is not stated: add a time column (time_s or ms), or a comment line "# fs=500" above the header, or give the rate when reading (--fs 500)',
  );
  const [fsSource, fs] = stated[0]!;
  for (const [what, other] of stated.slice(1)) {
    ensure(Math.abs(other - fs) <= 1e-3 * fs, path, `${fsSource} gives ${fs} Hz but ${what} gives ${other} Hz; remove or correct one`);
  }
  ensure(Number.isFinite(fs) && fs > 0, path, `the sampling rate ${fs} Hz is not a positive number`);

  const record: EcgRecord = {
    leads: leadCols.map((k) => (columns[k] as { lead: LeadName }).lead),
    fs,
    samples,
    patient: {},
    source: {
      format: 'csv',
      path,
      sha256: sha256Hex(src.bytes),
      details: { delimiter: delimiter === '\t' ? 'tab' : delimiter, fsSource, ...(timeCol >= 0 ? { timeColumn: unquote(headerCells[timeCol]!) } : {}) },
    },
  };
  return completeLimbLeads(record);
}

export const csvReader: FormatReader = {
  id: 'csv',
  name: 'CSV',
  extensions: ['.csv', '.tsv'],
  sniff,
  parse,
};
