/**
 * WFDB header (.hea) parsing: record line, signal specification lines, segment lines and comments, after
 * header(5) of the WFDB Software Package and wfdb-python's io/_header.py. Fields the file omits stay undefined;
 * the defaults header(5) prescribes are applied by the code that reads signals, not here.
 */
import { ensure } from './errors.js';
import { LIMITS } from './types.js';

export interface WfdbRecordLine {
  name: string;
  /** present only on multi-segment headers */
  segments?: number;
  signals: number;
  /** frame rate in Hz (header(5): "sampling frequency"); undefined when the line omits it (WFDB default 250) */
  fs?: number;
  counterFrequency?: number;
  baseCounter?: number;
  /** frames per signal */
  length?: number;
  /** HH:MM:SS[.fff] as written */
  baseTime?: string;
  /** ISO YYYY-MM-DD */
  baseDate?: string;
  /** trailing tokens that are neither a time nor a date (kept, not fatal) */
  unparsed?: string[];
}

export interface WfdbSignalSpec {
  /** signal file name; '~' for a null signal */
  file: string;
  format: number;
  samplesPerFrame?: number;
  skew?: number;
  byteOffset?: number;
  /** ADC units per physical unit; 0 or absent means uncalibrated */
  gain?: number;
  baseline?: number;
  units?: string;
  adcResolution?: number;
  adcZero?: number;
  initValue?: number;
  checksum?: number;
  blockSize?: number;
  description?: string;
}

export interface WfdbSegmentSpec {
  /** segment record name; '~' for a gap */
  name: string;
  /** frames */
  length: number;
}

export type WfdbHeader =
  | { kind: 'single'; record: WfdbRecordLine; signals: WfdbSignalSpec[]; comments: string[] }
  | { kind: 'multi'; record: WfdbRecordLine; segments: WfdbSegmentSpec[]; comments: string[] };

/** Multi-segment records with more segments than this are refused (each segment is a header to open). */
export const MAX_SEGMENTS = 100_000;

/** Header text: UTF-8 when the bytes are valid UTF-8, otherwise Latin-1 (old headers write µ and ° that way). */
export function decodeHeaderText(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('latin1').decode(bytes);
  }
}

const INT = /^[-+]?\d+$/;
const NUM = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

function int(tok: string, file: string, what: string): number {
  ensure(INT.test(tok), file, `header ${what} "${tok}" is not an integer`);
  const v = Number(tok);
  ensure(Number.isSafeInteger(v), file, `header ${what} "${tok}" is out of range`);
  return v;
}

function num(tok: string, file: string, what: string): number {
  ensure(NUM.test(tok), file, `header ${what} "${tok}" is not a number`);
  const v = Number(tok);
  ensure(Number.isFinite(v), file, `header ${what} "${tok}" is out of range`);
  return v;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const pad = (n: number, w = 2) => String(n).padStart(w, '0');

function validDate(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  return d <= new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/** DD/MM/YYYY (header(5)) or DD-Mon-YYYY (PhysioNet/CinC 2020 headers) → ISO date; undefined otherwise. */
export function parseWfdbDate(tok: string): string | undefined {
  let m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(tok);
  if (m) {
    const [d, mo, y] = [Number(m[1]), Number(m[2]), Number(m[3])];
    return validDate(y, mo, d) ? `${pad(y, 4)}-${pad(mo)}-${pad(d)}` : undefined;
  }
  m = /^(\d{1,2})-([A-Za-z]{3})-(\d{4})$/.exec(tok);
  if (m) {
    const mo = MONTHS.indexOf(m[2]!.toLowerCase()) + 1;
    const [d, y] = [Number(m[1]), Number(m[3])];
    return mo > 0 && validDate(y, mo, d) ? `${pad(y, 4)}-${pad(mo)}-${pad(d)}` : undefined;
  }
  return undefined;
}

/** [[HH:]MM:]SS[.fff] → HH:MM:SS[.fff]; undefined when not a time of day. */
export function parseWfdbTime(tok: string): string | undefined {
  const m = /^(?:(?:(\d{1,2}):)?(\d{1,2}):)?(\d{1,2})(\.\d+)?$/.exec(tok);
  if (!m) return undefined;
  const [h, mi, s] = [Number(m[1] ?? 0), Number(m[2] ?? 0), Number(m[3])];
  if (h > 23 || mi > 59 || s > 60) return undefined;
  return `${pad(h)}:${pad(mi)}:${pad(s)}${m[4] ?? ''}`;
}

/*
 * Record line (header(5)):
 *   record-name ["/" n-segments] SP n-signals
 *     [SP frame-rate ["/" counter-frequency ["(" base-counter ")"]]
 *       [SP n-frames [SP base-time [SP base-date]]]]
 * base-time is [[HH:]MM:]SS[.fff] and base-date DD/MM/YYYY. CinC 2020 headers write "DD-Mon-YYYY HH:MM:SS"
 * (date first) and sometimes a record name ending in ".mat"; both are accepted.
 */
export function parseRecordLine(line: string, file: string): WfdbRecordLine {
  const tok = line.trim().split(/\s+/);
  ensure(tok.length >= 2, file, `header record line "${line.trim()}" needs at least a record name and a signal count`);
  const nameTok = /^([^/\s]+)(?:\/(\d+))?$/.exec(tok[0]!);
  ensure(nameTok, file, `header record name "${tok[0]}" is malformed`);
  const rec: WfdbRecordLine = { name: nameTok[1]!, signals: int(tok[1]!, file, 'signal count') };
  if (nameTok[2] !== undefined) rec.segments = int(nameTok[2], file, 'segment count');
  ensure(rec.signals >= 0 && rec.signals <= LIMITS.maxLeads, file, `header declares ${rec.signals} signals (at most ${LIMITS.maxLeads} are read)`);
  if (rec.segments !== undefined) {
    ensure(rec.segments >= 1 && rec.segments <= MAX_SEGMENTS, file, `header declares ${rec.segments} segments (1 to ${MAX_SEGMENTS} are read)`);
  }
  if (tok.length > 2) {
    const fsTok = /^([^/(]+)(?:\/([^/(]+)(?:\(([^)]*)\))?)?$/.exec(tok[2]!);
    ensure(fsTok, file, `header sampling frequency "${tok[2]}" is malformed`);
    rec.fs = num(fsTok[1]!, file, 'sampling frequency');
    ensure(rec.fs > 0 && rec.fs <= 1e7, file, `header sampling frequency ${rec.fs} Hz is not usable`);
    if (fsTok[2] !== undefined) rec.counterFrequency = num(fsTok[2], file, 'counter frequency');
    if (fsTok[3] !== undefined) rec.baseCounter = num(fsTok[3], file, 'base counter value');
  }
  if (tok.length > 3) {
    rec.length = int(tok[3]!, file, 'signal length');
    ensure(rec.length >= 0, file, `header signal length ${rec.length} is negative`);
  }
  const unparsed: string[] = [];
  for (const t of tok.slice(4)) {
    const time = rec.baseTime === undefined ? parseWfdbTime(t) : undefined;
    const date = rec.baseDate === undefined && time === undefined ? parseWfdbDate(t) : undefined;
    if (time !== undefined) rec.baseTime = time;
    else if (date !== undefined) rec.baseDate = date;
    else unparsed.push(t);
  }
  if (unparsed.length) rec.unparsed = unparsed;
  return rec;
}

/*
 * Signal specification line (header(5)), fields left to right, each optional only if all after it are absent:
 *   file-name SP format ["x" samples-per-frame] [":" skew] ["+" byte-offset]
 *     SP adc-gain ["(" baseline ")"] ["/" units]
 *     SP adc-resolution SP adc-zero SP initial-value SP checksum SP block-size
 *     SP description (the rest of the line, spaces included)
 * e.g. "100.dat 212 200 11 1024 995 -22131 0 MLII", "1.dat 16 1716(6)/mV 0 0 -120 -32198 0 i",
 *      "03700181.dat 212x4 2963.77/mV 12 0 67 -11266 0 MCL1", "HR00001.mat 16x1+24 1000.0(0)/mv 16 0 …".
 */
export function parseSignalLine(line: string, file: string): WfdbSignalSpec {
  const m = /^\s*(\S+)\s+(\S+)(?:\s+(\S+))?(?:\s+(\S+))?(?:\s+(\S+))?(?:\s+(\S+))?(?:\s+(\S+))?(?:\s+(\S+))?(?:\s+(.*?))?\s*$/.exec(line);
  ensure(m, file, `header signal line "${line.trim()}" is malformed`);
  const [, fileName, fmtTok, gainTok, resTok, zeroTok, initTok, sumTok, blockTok, desc] = m;
  const fmt = /^(\d+)(?:x(\d+))?(?::(\d+))?(?:\+(\d+))?$/.exec(fmtTok!);
  ensure(fmt, file, `header signal format "${fmtTok}" is malformed (expected e.g. 16, 212x4, 16:3, 16+24)`);
  const spec: WfdbSignalSpec = { file: fileName!, format: int(fmt[1]!, file, 'signal format') };
  if (fmt[2] !== undefined) spec.samplesPerFrame = int(fmt[2], file, 'samples per frame');
  if (fmt[3] !== undefined) spec.skew = int(fmt[3], file, 'skew');
  if (fmt[4] !== undefined) spec.byteOffset = int(fmt[4], file, 'byte offset');
  if (spec.samplesPerFrame !== undefined) {
    ensure(spec.samplesPerFrame >= 1 && spec.samplesPerFrame <= 1_000_000, file, `header samples per frame ${spec.samplesPerFrame} is not usable`);
  }
  if (gainTok !== undefined) {
    const g = /^([^(/]+)(?:\(([^)]*)\))?(?:\/(.*))?$/.exec(gainTok);
    ensure(g, file, `header ADC gain "${gainTok}" is malformed (expected gain[(baseline)][/units])`);
    spec.gain = num(g[1]!, file, 'ADC gain');
    if (g[2] !== undefined) spec.baseline = int(g[2], file, 'baseline');
    if (g[3] !== undefined && g[3] !== '') spec.units = g[3];
  }
  if (resTok !== undefined) spec.adcResolution = int(resTok, file, 'ADC resolution');
  if (zeroTok !== undefined) spec.adcZero = int(zeroTok, file, 'ADC zero');
  if (initTok !== undefined) spec.initValue = int(initTok, file, 'initial value');
  if (sumTok !== undefined) spec.checksum = int(sumTok, file, 'checksum');
  if (blockTok !== undefined) spec.blockSize = int(blockTok, file, 'block size');
  if (desc !== undefined && desc !== '') spec.description = desc;
  return spec;
}

/*
 * Segment specification line (multi-segment headers):
 *   segment-record-name SP n-frames      ("~" as the name marks a gap with no signals)
 */
export function parseSegmentLine(line: string, file: string): WfdbSegmentSpec {
  const tok = line.trim().split(/\s+/);
  ensure(tok.length === 2, file, `header segment line "${line.trim()}" must hold a segment name and a length`);
  const length = int(tok[1]!, file, 'segment length');
  ensure(length >= 0, file, `header segment length ${length} is negative`);
  return { name: tok[0]!, length };
}

/**
 * Whole header. Comment lines start with '#' (anywhere); blank lines are skipped. Throws FormatError naming
 * `file` on anything malformed.
 */
export function parseWfdbHeader(text: string, file: string): WfdbHeader {
  const comments: string[] = [];
  const lines: string[] = [];
  for (const raw of text.split(/\r?\n|\r/)) {
    const t = raw.trim();
    if (t === '') continue;
    if (t.startsWith('#')) comments.push(t.slice(1).trim());
    else lines.push(raw);
  }
  ensure(lines.length > 0, file, 'the header has no record line');
  const record = parseRecordLine(lines[0]!, file);
  const body = lines.slice(1);
  if (record.segments !== undefined) {
    ensure(body.length >= record.segments, file, `header declares ${record.segments} segments but lists ${body.length}`);
    const segments = body.slice(0, record.segments).map((l) => parseSegmentLine(l, file));
    return { kind: 'multi', record, segments, comments };
  }
  ensure(body.length >= record.signals, file, `header declares ${record.signals} signals but has ${body.length} signal lines`);
  const signals = body.slice(0, record.signals).map((l) => parseSignalLine(l, file));
  return { kind: 'single', record, signals, comments };
}

/** True when `text` starts (after comments and blank lines) with something shaped like a WFDB record line. */
export function looksLikeWfdbHeader(text: string): boolean {
  for (const raw of text.split(/\r?\n|\r/, 64)) {
    const t = raw.trim();
    if (t === '' || t.startsWith('#')) continue;
    return /^[^\s/]+(\/\d+)?\s+\d+(\s+[\d.]+(\/[\d.]+(\([-\d.]*\))?)?(\s+\d+)?)?(\s|$)/.test(t);
  }
  return false;
}
