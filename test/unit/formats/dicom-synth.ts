/**
 * Writes small DICOM Part 10 files (PS3.10 preamble + meta group, PS3.5 data elements) for the waveform cases the
 * one fixture does not cover: implicit VR, big endian, deflate, other sample interpretations, units, skew,
 * annotations, non-ECG SOP classes and hostile counts.
 */
import { deflateRawSync } from 'node:zlib';

export interface El {
  tag: number;
  vr: string;
  /** bytes (little endian; swapped for big endian by the writer when `width` is set) or sequence items */
  value: number[] | El[][];
  /** width of numeric values, for byte swapping */
  width?: number;
}

export type Syntax = 'implicit' | 'explicit' | 'big' | 'deflate';
const SYNTAX_UID: Record<Syntax, string> = {
  implicit: '1.2.840.10008.1.2',
  explicit: '1.2.840.10008.1.2.1',
  big: '1.2.840.10008.1.2.2',
  deflate: '1.2.840.10008.1.2.1.99',
};
const LONG_VR = new Set(['OB', 'OW', 'OF', 'SQ', 'UT', 'UN']);

const le = (v: number, n: number) => Array.from({ length: n }, (_, i) => Math.floor(v / 256 ** i) & 0xff);

function pad(bytes: number[], vr: string): number[] {
  return bytes.length % 2 ? [...bytes, vr === 'UI' || vr === 'OB' ? 0 : 0x20] : bytes;
}

export const str = (tag: number, vr: string, s: string): El => ({ tag, vr, value: pad([...Buffer.from(s, 'latin1')], vr) });
export const us = (tag: number, ...v: number[]): El => ({ tag, vr: 'US', value: v.flatMap((x) => le(x, 2)), width: 2 });
export const ul = (tag: number, ...v: number[]): El => ({ tag, vr: 'UL', value: v.flatMap((x) => le(x, 4)), width: 4 });
export const ds = (tag: number, v: number): El => str(tag, 'DS', String(v));
export const sq = (tag: number, items: El[][]): El => ({ tag, vr: 'SQ', value: items });
export const code = (tag: number, value: string, scheme: string, meaning: string): El =>
  sq(tag, [[str(0x00080100, 'SH', value), str(0x00080102, 'SH', scheme), str(0x00080104, 'LO', meaning)]]);

function encode(els: El[], syntax: Syntax): number[] {
  const big = syntax === 'big';
  const n = (v: number, w: number) => (big ? le(v, w).reverse() : le(v, w));
  const out: number[] = [];
  for (const el of [...els].sort((a, b) => a.tag - b.tag)) {
    const body = el.vr === 'SQ'
      ? (el.value as El[][]).flatMap((item) => {
          const content = encode(item, syntax);
          return [n(0xfffe, 2), n(0xe000, 2), n(content.length, 4), content].flat();
        })
      : big && el.width ? swap(el.value as number[], el.width) : (el.value as number[]);
    out.push(...n(el.tag >>> 16, 2), ...n(el.tag & 0xffff, 2));
    if (syntax === 'implicit') out.push(...n(body.length, 4));
    else if (LONG_VR.has(el.vr)) out.push(...Buffer.from(el.vr), 0, 0, ...n(body.length, 4));
    else out.push(...Buffer.from(el.vr), ...n(body.length, 2));
    for (const b of body) out.push(b); // no spread: waveform data can exceed the call stack's argument limit
  }
  return out;
}

function swap(bytes: number[], width: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < bytes.length; i += width) out.push(...bytes.slice(i, i + width).reverse());
  return out;
}

/** Preamble, DICM and the meta group (always explicit VR little endian), then the data set bytes as given. */
export function part10(sopClass: El | undefined, syntax: Syntax, body: Uint8Array): Uint8Array {
  const meta = encode([
    { tag: 0x00020001, vr: 'OB', value: [0, 1] },
    ...(sopClass ? [{ ...sopClass, tag: 0x00020002 }] : []),
    str(0x00020003, 'UI', '1.2.3.4.5'),
    str(0x00020010, 'UI', SYNTAX_UID[syntax]),
  ], 'explicit');
  const group = encode([ul(0x00020000, meta.length)], 'explicit');
  const head = Uint8Array.from([new Array<number>(128).fill(0), [...Buffer.from('DICM')], group, meta].flat());
  return Uint8Array.from(Buffer.concat([head, body]));
}

export function dicomFile(els: El[], syntax: Syntax = 'explicit'): Uint8Array {
  const body = Uint8Array.from(encode(els, syntax === 'deflate' ? 'explicit' : syntax));
  return part10(els.find((e) => e.tag === 0x00080016), syntax, syntax === 'deflate' ? deflateRawSync(body) : body);
}

export interface ChannelSpec {
  code?: [string, string, string];
  label?: string;
  sensitivity?: number;
  units?: string;
  correction?: number;
  baseline?: number;
  skewMs?: number;
}

export interface GroupSpec {
  label?: string;
  fs: number;
  interpretation: string;
  bits: number;
  channels: ChannelSpec[];
  /** per channel, raw sample values */
  data: number[][];
  /** Number of Waveform Samples to declare, when not the data's */
  declaredSamples?: number;
}

/** Raw little-endian bytes of interleaved samples. */
function interleave(g: GroupSpec): number[] {
  const w = g.bits / 8;
  const out: number[] = [];
  for (let s = 0; s < g.data[0]!.length; s++) for (const ch of g.data) for (const b of le(ch[s]! < 0 ? ch[s]! + 256 ** w : ch[s]!, w)) out.push(b);
  return out;
}

export function waveformGroup(g: GroupSpec): El[] {
  return [
    ...(g.label ? [str(0x003a0020, 'SH', g.label)] : []),
    us(0x003a0005, g.data.length),
    ul(0x003a0010, g.declaredSamples ?? g.data[0]!.length),
    ds(0x003a001a, g.fs),
    sq(0x003a0200, g.channels.map((c) => [
      ...(c.code ? [code(0x003a0208, ...c.code)] : []),
      ...(c.label ? [str(0x003a0203, 'SH', c.label)] : []),
      ...(c.sensitivity !== undefined ? [ds(0x003a0210, c.sensitivity)] : []),
      ...(c.units ? [code(0x003a0211, c.units, 'UCUM', c.units)] : []),
      ...(c.correction !== undefined ? [ds(0x003a0212, c.correction)] : []),
      ...(c.baseline !== undefined ? [ds(0x003a0213, c.baseline)] : []),
      ...(c.skewMs !== undefined ? [ds(0x003a0215, c.skewMs)] : []),
    ])),
    us(0x54001004, g.bits),
    str(0x54001006, 'CS', g.interpretation),
    { tag: 0x54001010, vr: g.bits === 8 ? 'OB' : 'OW', value: pad(interleave(g), 'OB'), width: g.bits === 8 ? undefined : g.bits / 8 },
  ];
}

export const ECG_12_LEAD = '1.2.840.10008.5.1.4.1.1.9.1.1';
export const GENERAL_ECG = '1.2.840.10008.5.1.4.1.1.9.1.2';

export function ecgFile(opts: { sop?: string; groups: GroupSpec[]; more?: El[]; syntax?: Syntax }): Uint8Array {
  return dicomFile([
    str(0x00080016, 'UI', opts.sop ?? GENERAL_ECG),
    str(0x00080018, 'UI', '1.2.3.4.5'),
    sq(0x54000100, opts.groups.map(waveformGroup)),
    ...(opts.more ?? []),
  ], opts.syntax);
}
