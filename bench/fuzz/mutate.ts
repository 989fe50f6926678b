/**
 * The mutation engine: a fuzz case is a seed file set (a fixture and its companions) with one to three seeded
 * mutations applied to the primary file or to a companion (.dat, .mat, segment header). A case is a pure
 * function of (format, seed, index), so any finding can be rebuilt and rerun alone.
 *
 * | file kind | mutations (weights in MUTATORS) |
 * |---|---|
 * | every file | bit flips, bytes set to 0x00/0xFF/0x7F/0x80, truncation (random and at structure boundaries), byte ranges deleted, duplicated or overwritten, emptied |
 * | text (WFDB header, CSV, XML) | numbers → huge / negative / NaN / empty, lines deleted / doubled / swapped, delimiters deleted / doubled, re-encoding (UTF-16, Latin-1, bad UTF-8) |
 * | WFDB header | also a signal line's format code (bytes meant for one decoder fed to another, FLAC included), samples per frame, skew, byte offset, file name, baseline, units; the record line's frame rate |
 * | xml | encoding declaration changed, base64 runs corrupted, entity expansion |
 * | dicom, scp, mat | length and count fields set huge, zero or off by one (structure.ts); SCP then gets a matching record CRC in most cases |
 * | edf | fixed-width numeric header fields (record count, duration, signal count, ranges, samples per record) |
 * | companions | any of the above for their kind, or the companion removed |
 */
import { crcCcitt } from '../../src-main/formats/scp-record.js';
import { hash32, Rng } from './prng.js';
import { structureOf, edfNumericFields, type BinaryKind } from './structure.js';
import {
  corruptBase64, delimiterEdit, encodingDeclaration, entityExpansion, fixedWidthNumber, lineEdit, reencode, replaceNumber,
  textBoundaries, wfdbField, type TextMutation,
} from './mutate-text.js';

/** A fixture (or generated file) with the companions its reader may ask for, keyed by the name readers use. */
export interface FuzzSeed {
  /** display name, e.g. 'wfdb/100.hea' */
  name: string;
  /** the primary file's name in `files` */
  primary: string;
  files: ReadonlyMap<string, Uint8Array>;
  /** companions worth mutating (the record's own signal, annotation and segment files) */
  companions: readonly string[];
  /** relative frequency among the format's seeds (lower for seeds that are slow to parse) */
  weight: number;
}

export interface FuzzCase {
  format: string;
  seed: number;
  index: number;
  seedName: string;
  /** path the case is read under; unique per case so a FormatError can be checked to name it */
  path: string;
  bytes: Uint8Array;
  siblings: Record<string, Uint8Array>;
  mutations: string[];
}

/** 'header' is a WFDB header: text, plus mutations of its signal-line fields. */
type FileKind = 'header' | 'text' | 'xml' | BinaryKind;

const XML_FORMATS = new Set(['hl7-aecg', 'muse', 'philips']);

export function fileKind(format: string, name: string): FileKind {
  const ext = /\.[^./]*$/.exec(name.toLowerCase())?.[0] ?? '';
  if (ext === '.hea') return 'header';
  if (ext === '.csv') return 'text';
  if (ext === '.mat') return 'mat';
  if (XML_FORMATS.has(format)) return 'xml';
  if (format === 'edf' || format === 'dicom' || format === 'scp') return format;
  return 'binary';
}

const isText = (k: FileKind): k is 'header' | 'text' | 'xml' => k === 'header' || k === 'text' || k === 'xml';

type Mutator = (rng: Rng, b: Uint8Array, kind: FileKind) => TextMutation | undefined;

const span = (rng: Rng, size: number) => Math.max(1, Math.min(size, Math.floor(2 ** (rng.next() * 13))));

const bitFlips: Mutator = (rng, b) => {
  if (!b.length) return undefined;
  const out = b.slice();
  const n = 1 + rng.int(8);
  const at: number[] = [];
  for (let i = 0; i < n; i++) {
    const p = rng.chance(0.5) ? rng.int(Math.min(b.length, 1024)) : rng.int(b.length);
    out[p]! ^= 1 << rng.int(8);
    at.push(p);
  }
  return { bytes: out, note: `bit flips at ${at.join(',')}` };
};

const byteSet: Mutator = (rng, b) => {
  if (!b.length) return undefined;
  const out = b.slice();
  const v = rng.pick([0x00, 0xff, 0x7f, 0x80]);
  const n = 1 + rng.int(4);
  const at: number[] = [];
  for (let i = 0; i < n; i++) {
    const p = rng.chance(0.5) ? rng.int(Math.min(b.length, 1024)) : rng.int(b.length);
    out[p] = v;
    at.push(p);
  }
  return { bytes: out, note: `bytes at ${at.join(',')} set to 0x${v.toString(16)}` };
};

const truncate: Mutator = (rng, b, kind) => {
  const marks = isText(kind) ? textBoundaries(b) : structureOf(kind, b).boundaries;
  if (marks.length && rng.chance(0.5)) {
    const at = rng.pick(marks);
    return { bytes: b.slice(0, at), note: `truncated at structure boundary ${at} of ${b.length}` };
  }
  const at = rng.chance(0.3) ? rng.int(Math.min(b.length, 512)) : rng.int(b.length);
  return { bytes: b.slice(0, at), note: `truncated at ${at} of ${b.length}` };
};

const deleteRange: Mutator = (rng, b) => {
  if (b.length < 2) return undefined;
  const len = span(rng, b.length - 1);
  const at = rng.int(b.length - len);
  const out = new Uint8Array(b.length - len);
  out.set(b.subarray(0, at));
  out.set(b.subarray(at + len), at);
  return { bytes: out, note: `deleted ${len} bytes at ${at}` };
};

const duplicateRange: Mutator = (rng, b) => {
  if (!b.length) return undefined;
  const len = span(rng, b.length);
  const from = rng.int(b.length - len + 1);
  const to = rng.int(b.length + 1);
  const out = new Uint8Array(b.length + len);
  out.set(b.subarray(0, to));
  out.set(b.subarray(from, from + len), to);
  out.set(b.subarray(to), to + len);
  return { bytes: out, note: `${len} bytes from ${from} duplicated at ${to}` };
};

const overwriteRandom: Mutator = (rng, b) => {
  if (!b.length) return undefined;
  const len = Math.min(b.length, span(rng, 256));
  const at = rng.int(b.length - len + 1);
  const out = b.slice();
  for (let i = 0; i < len; i++) out[at + i] = rng.int(256);
  return { bytes: out, note: `${len} random bytes at ${at}` };
};

const empty: Mutator = () => ({ bytes: new Uint8Array(0), note: 'emptied' });

const HUGE = [0xffffffff, 0x7fffffff, 0x80000000, 0x10000000, 0xffff, 0x8000, 0x7fff, 0xff, 0, 1];

const lengthField: Mutator = (rng, b, kind) => {
  if (isText(kind)) return undefined;
  const fields = structureOf(kind, b).fields;
  if (!fields.length) return undefined;
  const f = rng.pick(fields);
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const old = f.size === 4 ? dv.getUint32(f.offset, true) : f.size === 2 ? dv.getUint16(f.offset, true) : b[f.offset]!;
  const v = rng.chance(0.2) ? rng.pick([old + 1, old - 1, old * 2, b.length, b.length + 1]) : rng.pick(HUGE);
  const max = 2 ** (8 * f.size);
  const value = ((v % max) + max) % max;
  const out = b.slice();
  const ov = new DataView(out.buffer);
  if (f.size === 4) ov.setUint32(f.offset, value, true);
  else if (f.size === 2) ov.setUint16(f.offset, value, true);
  else out[f.offset] = value;
  return { bytes: out, note: `${f.what} at ${f.offset}: ${old} → ${value}` };
};

const edfField: Mutator = (rng, b) => {
  const fields = edfNumericFields(b);
  return fields.length ? fixedWidthNumber(rng, b, rng.pick(fields)) : undefined;
};

const MUTATORS: Record<string, { fn: Mutator; weight: Partial<Record<FileKind, number>> }> = {
  bitFlips: { fn: bitFlips, weight: { text: 2, xml: 2, dicom: 4, scp: 4, mat: 4, edf: 3, binary: 4 } },
  byteSet: { fn: byteSet, weight: { text: 1, xml: 1, dicom: 3, scp: 3, mat: 3, edf: 2, binary: 3 } },
  truncate: { fn: truncate, weight: { text: 2, xml: 2, dicom: 3, scp: 3, mat: 3, edf: 3, binary: 3 } },
  deleteRange: { fn: deleteRange, weight: { text: 1, xml: 1, dicom: 2, scp: 2, mat: 2, edf: 2, binary: 2 } },
  duplicateRange: { fn: duplicateRange, weight: { text: 1, xml: 1, dicom: 2, scp: 2, mat: 2, edf: 2, binary: 2 } },
  overwriteRandom: { fn: overwriteRandom, weight: { text: 0.5, xml: 0.5, dicom: 1, scp: 1, mat: 1, edf: 1, binary: 1 } },
  empty: { fn: empty, weight: { text: 0.1, xml: 0.1, dicom: 0.1, scp: 0.1, mat: 0.2, edf: 0.1, binary: 0.2 } },
  lengthField: { fn: lengthField, weight: { dicom: 5, scp: 6, mat: 4 } },
  edfField: { fn: edfField, weight: { edf: 6 } },
  number: { fn: (rng, b) => replaceNumber(rng, b), weight: { text: 6, xml: 4, edf: 1 } },
  line: { fn: (rng, b) => lineEdit(rng, b), weight: { text: 2, xml: 1 } },
  wfdbField: { fn: (rng, b) => wfdbField(rng, b), weight: { header: 4 } },
  delimiter: { fn: (rng, b) => delimiterEdit(rng, b), weight: { text: 2, xml: 1 } },
  reencode: { fn: (rng, b) => reencode(rng, b), weight: { text: 1, xml: 2 } },
  encodingDecl: { fn: (rng, b) => encodingDeclaration(rng, b), weight: { xml: 2 } },
  base64: { fn: (rng, b) => corruptBase64(rng, b), weight: { xml: 3 } },
  entities: { fn: (rng, b) => entityExpansion(rng, b), weight: { xml: 0.5 } },
};

function mutateOnce(rng: Rng, b: Uint8Array, kind: FileKind): TextMutation {
  // A WFDB header takes every text mutation as well as its own.
  const weight = (m: (typeof MUTATORS)[string]) => m.weight[kind] ?? (kind === 'header' ? m.weight.text : undefined) ?? 0;
  const choices = Object.entries(MUTATORS)
    .filter(([, m]) => weight(m) > 0)
    .map(([name, m]) => [name, weight(m)] as const);
  const name = rng.weighted(choices);
  const r = MUTATORS[name]!.fn(rng, b, kind);
  if (r) return { bytes: r.bytes, note: `${name}: ${r.note}` };
  const fallback = bitFlips(rng, b, kind) ?? { bytes: new Uint8Array([rng.int(256)]), note: 'one random byte' };
  return { bytes: fallback.bytes, note: `${name} found nothing to change; ${fallback.note}` };
}

/**
 * SCP-ECG guards the whole record with a CRC, so nearly every mutation would stop at the first check. Most
 * cases therefore get a CRC that matches their mutated bytes (or 0, which the standard allows for "none"), to
 * reach the section parsers, the Huffman decoder and the reconstruction behind it.
 */
function fixScpCrc(rng: Rng, b: Uint8Array): string | undefined {
  if (b.length < 6 || !rng.chance(0.8)) return undefined;
  const out = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const end = Math.min(b.length, out.getUint32(2, true));
  const crc = rng.chance(0.2) || end < 2 ? 0 : crcCcitt(b, 2, end);
  out.setUint16(0, crc, true);
  return `record CRC set to 0x${crc.toString(16)}`;
}

/** The seed for case `index`, chosen by weight. */
function pickSeed(rng: Rng, seeds: readonly FuzzSeed[]): FuzzSeed {
  return rng.weighted(seeds.map((s) => [s, s.weight] as const));
}

/** Case `index` of `format` under `seed`: which fixture, which mutations, the bytes to parse. */
export function makeCase(format: string, seeds: readonly FuzzSeed[], seed: number, index: number): FuzzCase {
  const rng = new Rng(hash32(`${format}:${seed}:${index}`));
  const s = pickSeed(rng, seeds);
  const files = new Map(s.files);
  const mutations: string[] = [];
  const count = rng.weighted([[1, 6], [2, 3], [3, 1]] as const);
  for (let k = 0; k < count; k++) {
    const companion = s.companions.length > 0 && rng.chance(0.35) ? rng.pick(s.companions) : undefined;
    const target = companion ?? s.primary;
    const bytes = files.get(target);
    if (bytes === undefined) continue;
    if (companion && rng.chance(0.1)) {
      files.delete(companion);
      mutations.push(`${companion}: removed`);
      continue;
    }
    const r = mutateOnce(rng, bytes, fileKind(format, target));
    files.set(target, r.bytes);
    mutations.push(`${target}: ${r.note}`);
  }
  const bytes = files.get(s.primary)!;
  files.delete(s.primary);
  if (format === 'scp' && bytes !== s.files.get(s.primary)) {
    const fixed = fixScpCrc(rng, bytes);
    if (fixed) mutations.push(`${s.primary}: ${fixed}`);
  }
  return {
    format,
    seed,
    index,
    seedName: s.name,
    path: `fuzz/${seed}/${index}/${s.name}`,
    bytes,
    siblings: Object.fromEntries(files),
    mutations,
  };
}
