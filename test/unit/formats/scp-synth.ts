/**
 * Builds SCP-ECG records byte by byte after EN 1064's layout, for the cases the three fixtures do not cover:
 * reference beat subtraction, bimodal compression, custom Huffman tables, raw data, damaged structures.
 * The encoder mirrors the decoding conventions documented in src-main/formats/scp-signal.ts.
 */
import { crcCcitt } from '../../../src-main/formats/scp-record.js';

export interface SynthCode {
  /** prefix as transmitted, e.g. '110' */
  prefix: string;
  /** extra bits holding the value (0 for a fixed value) */
  extra: number;
  value: number;
  /** table to switch to (1-based) instead of a value */
  switchTo?: number;
}

export interface ScpSynth {
  protocol?: number;
  /** rhythm samples per lead (integers, in rhythm AVM units) */
  rhythm: number[][];
  leadCodes: number[];
  /** first sample number per lead (1-based); defaults to 1 */
  starts?: number[];
  avmNv?: number;
  intervalUs?: number;
  difference?: 0 | 1 | 2;
  /** 'default' table (19999), custom tables, or no section 2 */
  huffman?: 'default' | 'none' | SynthCode[][];
  reference?: {
    values: number[][];
    avmNv?: number;
    intervalUs?: number;
    /** 1-based fiducial sample within the beat */
    fiducial: number;
    difference?: 0 | 1 | 2;
  };
  /** section 4 QRS complexes; type-0 ones are subtracted when `subtract` is set */
  complexes?: Array<{ type: number; start: number; fiducial: number; end: number }>;
  subtract?: boolean;
  bimodal?: { factor: number; zones: Array<{ start: number; end: number }> };
  /** section 1 tags as [tag, bytes]; a patient id and tag 255 are added around them */
  tags?: Array<[number, number[]]>;
  /** raw data parts of further sections, by id (7, 8, 10, 11) */
  extra?: Record<number, number[]>;
}

export const le16 = (v: number) => [v & 0xff, (v >> 8) & 0xff];
export const le32 = (v: number) => [v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, (v >>> 24) & 0xff];
export const ascii = (s: string, nul = true) => [...Buffer.from(s, 'latin1'), ...(nul ? [0] : [])];

export function bitsToBytes(bits: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < bits.length; i += 8) out.push(parseInt(bits.slice(i, i + 8).padEnd(8, '0'), 2));
  return out;
}

/** Annex C default table: 0 → "0"; ±v (v = 1..8) → v ones, a zero, the sign bit; then the 8- and 16-bit escapes. */
export const DEFAULT_CODES: SynthCode[] = [
  { prefix: '0', extra: 0, value: 0 },
  ...[1, 2, 3, 4, 5, 6, 7, 8].flatMap((v) => [
    { prefix: `${'1'.repeat(v)}00`, extra: 0, value: v },
    { prefix: `${'1'.repeat(v)}01`, extra: 0, value: -v },
  ]),
  { prefix: '1111111110', extra: 8, value: 0 },
  { prefix: '1111111111', extra: 16, value: 0 },
];

/** Encodes values with one table (no switching): exact codes first, else the narrowest escape that fits. */
export function huffmanBits(values: number[], table: SynthCode[]): string {
  let bits = '';
  for (const v of values) {
    const exact = table.find((c) => c.switchTo === undefined && c.extra === 0 && c.value === v);
    if (exact) {
      bits += exact.prefix;
      continue;
    }
    const esc = table
      .filter((c) => c.switchTo === undefined && c.extra > 0 && v >= -(2 ** (c.extra - 1)) && v < 2 ** (c.extra - 1))
      .sort((a, b) => a.extra - b.extra)[0];
    if (!esc) throw new Error(`value ${v} cannot be coded`);
    bits += esc.prefix + ((v + 2 ** esc.extra) % 2 ** esc.extra).toString(2).padStart(esc.extra, '0');
  }
  return bits;
}

export function differences(x: number[], order: number): number[] {
  if (order === 0) return [...x];
  if (order === 1) return x.map((v, i) => (i === 0 ? v : v - x[i - 1]!));
  return x.map((v, i) => (i < 2 ? v : v - 2 * x[i - 1]! + x[i - 2]!));
}

function encodeLead(values: number[], difference: number, huffman: ScpSynth['huffman']): number[] {
  const d = differences(values, difference);
  if (huffman === 'none') return d.flatMap((v) => le16(v));
  return bitsToBytes(huffmanBits(d, huffman === 'default' || huffman === undefined ? DEFAULT_CODES : huffman[0]!));
}

/** Bimodal stored values of one lead: protected zones as they are, gaps as block means plus their remainder. */
export function bimodalStore(x: number[], start: number, zones: Array<{ start: number; end: number }>, f: number): number[] {
  const out: number[] = [];
  let cursor = 0;
  const gap = (from: number, to: number) => {
    const len = to - from;
    const m = Math.floor(len / f);
    for (let k = 0; k < m; k++) {
      let s = 0;
      for (let j = 0; j < f; j++) s += x[from + k * f + j]!;
      out.push(Math.round(s / f));
    }
    for (let j = from + m * f; j < to; j++) out.push(x[j]!);
  };
  for (const z of zones) {
    gap(cursor, z.start - start);
    for (let j = z.start - start; j <= z.end - start; j++) out.push(x[j]!);
    cursor = z.end - start + 1;
  }
  gap(cursor, x.length);
  return out;
}

function section(id: number, data: number[], protocol: number): number[] {
  const body = data.length % 2 ? [...data, 0] : data;
  const len = 16 + body.length;
  const head = [0, 0, ...le16(id), ...le32(len), protocol, protocol, ...(id === 0 ? ascii('SCPECG', false) : [0, 0, 0, 0, 0, 0])];
  const bytes = Uint8Array.from([...head, ...body]);
  const crc = crcCcitt(bytes, 2);
  bytes[0] = crc & 0xff;
  bytes[1] = crc >> 8;
  return [...bytes];
}

function huffmanSection(tables: SynthCode[][]): number[] {
  const out = [...le16(tables.length)];
  for (const t of tables) {
    out.push(...le16(t.length));
    for (const c of t) {
      const reversed = parseInt([...c.prefix].reverse().join('') || '0', 2);
      out.push(c.prefix.length, c.prefix.length + c.extra, c.switchTo === undefined ? 1 : 0, ...le16(c.switchTo ?? c.value), ...le32(reversed));
    }
  }
  return out;
}

function encodedSection(leads: number[][], avm: number, interval: number, diff: number, bimodal: boolean, huffman: ScpSynth['huffman']): number[] {
  const data = leads.map((v) => encodeLead(v, diff, huffman));
  return [...le16(avm), ...le16(interval), diff, bimodal ? 1 : 0, ...data.flatMap((d) => le16(d.length)), ...data.flat()];
}

/** Recomputes the record CRC after a test edits bytes on purpose. */
export function withRecordCrc(bytes: Uint8Array): Uint8Array {
  const out = Uint8Array.from(bytes);
  const crc = crcCcitt(out, 2);
  out[0] = crc & 0xff;
  out[1] = crc >> 8;
  return out;
}

export function buildScp(s: ScpSynth): Uint8Array {
  const protocol = s.protocol ?? 20;
  const avm = s.avmNv ?? 5000;
  const interval = s.intervalUs ?? 2000;
  const starts = s.starts ?? s.rhythm.map(() => 1);
  const sections = new Map<number, number[]>();
  sections.set(1, [
    2, ...le16(6), ...ascii('SYN-1'),
    ...(s.tags ?? []).flatMap(([tag, v]) => [tag, ...le16(v.length), ...v]),
    255, 0, 0,
  ]);
  if (s.huffman !== 'none') sections.set(2, s.huffman === 'default' || s.huffman === undefined ? le16(19999) : huffmanSection(s.huffman));
  const leadTable = s.leadCodes.flatMap((code, i) => [...le32(starts[i]!), ...le32(starts[i]! + s.rhythm[i]!.length - 1), code]);
  const flags = (s.subtract ? 1 : 0) | 4 | (s.leadCodes.length << 3);
  sections.set(3, [s.leadCodes.length, flags & 0xff, ...leadTable]);

  let rhythm = s.rhythm.map((v) => [...v]);
  const ref = s.reference;
  if (ref) {
    const refAvm = ref.avmNv ?? avm;
    const complexes = s.complexes ?? [];
    const ms = Math.round((ref.values[0]!.length * (ref.intervalUs ?? interval)) / 1000);
    sections.set(4, [
      ...le16(ms), ...le16(ref.fiducial), ...le16(complexes.length),
      ...complexes.flatMap((c) => [...le16(c.type), ...le32(c.start), ...le32(c.fiducial), ...le32(c.end)]),
      ...(s.bimodal?.zones ?? complexes).flatMap((z) => [...le32(z.start), ...le32(z.end)]),
    ]);
    if (s.subtract) {
      rhythm = rhythm.map((lead, i) => {
        const out = [...lead];
        for (const c of complexes.filter((q) => q.type === 0)) {
          for (let smp = c.start; smp <= c.end; smp++) {
            const r = smp - c.fiducial + ref.fiducial - 1;
            if (r >= 0 && r < ref.values[i]!.length) out[smp - starts[i]!] = out[smp - starts[i]!]! - (ref.values[i]![r]! * refAvm) / avm;
          }
        }
        return out;
      });
    }
    sections.set(5, encodedSection(ref.values, refAvm, ref.intervalUs ?? interval, ref.difference ?? 0, false, s.huffman));
  }
  let rhythmInterval = interval;
  if (s.bimodal) {
    rhythm = rhythm.map((lead, i) => bimodalStore(lead, starts[i]!, s.bimodal!.zones, s.bimodal!.factor));
    rhythmInterval = interval * s.bimodal.factor;
  }
  sections.set(6, encodedSection(rhythm, avm, rhythmInterval, s.difference ?? 0, !!s.bimodal, s.huffman));
  for (const [id, data] of Object.entries(s.extra ?? {})) sections.set(Number(id), data);

  const ids = [...sections.keys()].sort((a, b) => a - b);
  const built = new Map(ids.map((id) => [id, section(id, sections.get(id)!, protocol)]));
  const pointerCount = Math.max(12, ...ids.map((i) => i + 1));
  const s0len = 16 + 10 * pointerCount;
  let offset = 6 + s0len;
  const pointers: number[] = [...le16(0), ...le32(s0len), ...le32(7)];
  for (let id = 1; id < pointerCount; id++) {
    const b = built.get(id);
    pointers.push(...le16(id), ...le32(b ? b.length : 0), ...le32(b ? offset + 1 : 0));
    if (b) offset += b.length;
  }
  const body = [...section(0, pointers, protocol), ...ids.flatMap((id) => built.get(id)!)];
  return withRecordCrc(Uint8Array.from([0, 0, ...le32(6 + body.length), ...body]));
}
