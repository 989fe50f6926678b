/**
 * Where the structure of a binary file is, so mutations can hit it rather than only sample data: boundaries
 * (truncation points that end a file exactly between two parts) and fields that hold lengths or counts (set huge,
 * zero or off by one). Each walker reads the current, possibly already mutated, bytes and stops at the first
 * thing that does not fit; it must never throw or loop.
 *
 * | kind | boundaries | length and count fields |
 * |---|---|---|
 * | dicom | preamble, every element and item | every element / item length; US, UL, SS, SL values (channel and sample counts, bits allocated) |
 * | scp | every section start, header end and end | record length, section lengths, pointer lengths and indexes, lead sample ranges, section 6 byte counts, section 2 table count, section 4 counts |
 * | mat | Level 4 header, name, data; Level 5 header, element tags | Level 4 type, rows, cols, namlen; Level 5 element sizes and dimensions |
 * | edf | main header, each per-signal field block, header end, first data records | none binary: numeric fields are fixed-width ASCII (edfNumericFields) |
 */

export interface Field {
  offset: number;
  size: 1 | 2 | 4;
  what: string;
}

export interface Structure {
  boundaries: number[];
  fields: Field[];
}

/** A fixed-width ASCII number in an EDF header. */
export interface TextField {
  offset: number;
  width: number;
  what: string;
}

export type BinaryKind = 'dicom' | 'scp' | 'mat' | 'edf' | 'binary';

const MAX_WALK = 100_000;

function view(b: Uint8Array): DataView {
  return new DataView(b.buffer, b.byteOffset, b.byteLength);
}

const ascii = (b: Uint8Array, at: number, n: number) => String.fromCharCode(...b.subarray(at, at + n));

/** DICOM explicit VR little endian (the fixture's transfer syntax), descending into sequences and items. */
function dicom(b: Uint8Array): Structure {
  const s: Structure = { boundaries: [], fields: [] };
  const dv = view(b);
  const start = b.length >= 132 && ascii(b, 128, 4) === 'DICM' ? 132 : 0;
  if (start) s.boundaries.push(128, 132);
  const longVr = new Set(['OB', 'OW', 'OF', 'OD', 'OL', 'OV', 'SQ', 'UT', 'UN', 'UC', 'UR', 'SV', 'UV']);
  const walk = (from: number, to: number, depth: number) => {
    let pos = from;
    while (pos + 8 <= to && s.boundaries.length < MAX_WALK && depth < 16) {
      s.boundaries.push(pos);
      const group = dv.getUint16(pos, true);
      if (group === 0xfffe) {
        s.fields.push({ offset: pos + 4, size: 4, what: 'item length' });
        const len = dv.getUint32(pos + 4, true);
        pos += 8;
        if (len !== 0xffffffff && dv.getUint16(pos - 6, true) === 0xe000) {
          walk(pos, Math.min(to, pos + len), depth + 1);
          pos += len;
        }
        continue;
      }
      const vr = ascii(b, pos + 4, 2);
      if (!/^[A-Z]{2}$/.test(vr)) return;
      let header: number;
      let len: number;
      if (longVr.has(vr)) {
        if (pos + 12 > to) return;
        s.fields.push({ offset: pos + 8, size: 4, what: `${vr} length` });
        len = dv.getUint32(pos + 8, true);
        header = 12;
      } else {
        s.fields.push({ offset: pos + 6, size: 2, what: `${vr} length` });
        len = dv.getUint16(pos + 6, true);
        header = 8;
      }
      const value = pos + header;
      if (len === 0xffffffff) {
        pos = value;
        continue;
      }
      if (vr === 'SQ') walk(value, Math.min(to, value + len), depth + 1);
      else if ((vr === 'US' || vr === 'SS') && len === 2) s.fields.push({ offset: value, size: 2, what: `${vr} value` });
      else if ((vr === 'UL' || vr === 'SL') && len === 4) s.fields.push({ offset: value, size: 4, what: `${vr} value` });
      pos = value + len;
    }
  };
  walk(start, b.length, 0);
  return s;
}

/** SCP-ECG: record header, section 0's pointer table, and the count fields of sections 2, 3, 4 and 6. */
function scp(b: Uint8Array): Structure {
  const s: Structure = { boundaries: [6, 22], fields: [{ offset: 2, size: 4, what: 'record length' }] };
  if (b.length < 22) return s;
  const dv = view(b);
  s.fields.push({ offset: 10, size: 4, what: 'section 0 length' });
  const end0 = Math.min(b.length, 6 + dv.getUint32(10, true));
  let leads = 0;
  const sections: Array<{ id: number; start: number; len: number }> = [];
  for (let p = 22; p + 10 <= end0 && sections.length < 256; p += 10) {
    s.fields.push({ offset: p + 2, size: 4, what: 'pointer length' }, { offset: p + 6, size: 4, what: 'pointer index' });
    const id = dv.getUint16(p, true), len = dv.getUint32(p + 2, true), index = dv.getUint32(p + 6, true);
    if (len > 0 && index > 0 && index - 1 + 16 <= b.length) sections.push({ id, start: index - 1, len });
  }
  for (const sec of sections) {
    const body = sec.start + 16;
    s.boundaries.push(sec.start, body, Math.min(b.length, sec.start + sec.len));
    s.fields.push({ offset: sec.start + 4, size: 4, what: `section ${sec.id} length` });
    if (body + 2 > b.length) continue;
    if (sec.id === 2) s.fields.push({ offset: body, size: 2, what: 'Huffman table count' });
    if (sec.id === 3) {
      leads = b[body]!;
      s.fields.push({ offset: body, size: 1, what: 'lead count' });
      for (let i = 0; i < leads && body + 2 + 9 * i + 8 <= b.length; i++) {
        s.fields.push({ offset: body + 2 + 9 * i, size: 4, what: `lead ${i + 1} first sample` });
        s.fields.push({ offset: body + 2 + 9 * i + 4, size: 4, what: `lead ${i + 1} last sample` });
      }
    }
    if (sec.id === 4) {
      for (let k = 0; k < 3; k++) s.fields.push({ offset: body + 2 * k, size: 2, what: `section 4 count ${k}` });
    }
    if (sec.id === 5 || sec.id === 6) {
      s.fields.push({ offset: body, size: 2, what: `section ${sec.id} amplitude multiplier` });
      s.fields.push({ offset: body + 2, size: 2, what: `section ${sec.id} sample interval` });
      s.fields.push({ offset: body + 4, size: 1, what: `section ${sec.id} encoding` });
      for (let i = 0; i < Math.max(leads, 1) && body + 8 + 2 * i <= b.length; i++) {
        s.fields.push({ offset: body + 6 + 2 * i, size: 2, what: `section ${sec.id} lead ${i + 1} byte count` });
      }
    }
  }
  return s;
}

/** MAT Level 4 (five int32 then name and data) or Level 5 (128-byte text header, then tagged elements). */
function mat(b: Uint8Array): Structure {
  const s: Structure = { boundaries: [], fields: [] };
  if (b.length < 20) return s;
  const dv = view(b);
  if (ascii(b, 0, 10) !== 'MATLAB 5.0') {
    ['type', 'rows', 'cols', 'imagf', 'namlen'].forEach((what, k) => s.fields.push({ offset: 4 * k, size: 4, what: `MAT v4 ${what}` }));
    const namlen = dv.getInt32(16, true);
    s.boundaries.push(20);
    if (namlen > 0 && 20 + namlen <= b.length) s.boundaries.push(20 + namlen);
    return s;
  }
  s.boundaries.push(116, 128);
  let pos = 128;
  for (let k = 0; k < 64 && pos + 8 <= b.length; k++) {
    s.boundaries.push(pos);
    s.fields.push({ offset: pos + 4, size: 4, what: 'MAT v5 element size' });
    const type = dv.getUint32(pos, true), size = dv.getUint32(pos + 4, true);
    if (type === 14 && pos + 40 <= b.length) {
      // miMATRIX: array flags (8 + 8), then the dimensions sub-element (tag 8, then int32 × n)
      s.fields.push({ offset: pos + 28, size: 4, what: 'MAT v5 dimensions size' });
      s.fields.push({ offset: pos + 32, size: 4, what: 'MAT v5 rows' }, { offset: pos + 36, size: 4, what: 'MAT v5 cols' });
      pos += 8;
      continue;
    }
    if (type === 15) break;
    pos += 8 + size + ((8 - (size % 8)) % 8);
  }
  return s;
}

const EDF_MAIN = { headerBytes: [184, 8], records: [236, 8], duration: [244, 8], signals: [252, 4] } as const;
/** Per-signal field widths in header order (EDF spec §2.1): label … reserved. */
const EDF_SIGNAL_FIELDS: ReadonlyArray<readonly [string, number, boolean]> = [
  ['label', 16, false], ['transducer', 80, false], ['physical dimension', 8, false], ['physical minimum', 8, true],
  ['physical maximum', 8, true], ['digital minimum', 8, true], ['digital maximum', 8, true], ['prefiltering', 80, false],
  ['samples per record', 8, true], ['reserved', 32, false],
];

function edfSignalCount(b: Uint8Array): number {
  const n = Number.parseInt(ascii(b, 252, 4).trim(), 10);
  return Number.isFinite(n) && n > 0 && 256 * (n + 1) <= b.length ? Math.min(n, 256) : 0;
}

/** The numeric ASCII fields of an EDF header, with their offsets and widths. */
export function edfNumericFields(b: Uint8Array): TextField[] {
  if (b.length < 256) return [];
  const out: TextField[] = Object.entries(EDF_MAIN).map(([what, [offset, width]]) => ({ offset, width, what }));
  const ns = edfSignalCount(b);
  let at = 256;
  for (const [what, width, numeric] of EDF_SIGNAL_FIELDS) {
    for (let i = 0; i < ns; i++) if (numeric) out.push({ offset: at + width * i, width, what: `${what} of signal ${i + 1}` });
    at += width * ns;
  }
  return out;
}

function edf(b: Uint8Array): Structure {
  const s: Structure = { boundaries: [256], fields: [] };
  const ns = edfSignalCount(b);
  let at = 256;
  for (const [, width] of EDF_SIGNAL_FIELDS) {
    at += width * ns;
    s.boundaries.push(at);
  }
  let recordBytes = 0;
  for (const f of edfNumericFields(b)) {
    if (f.what.startsWith('samples per record')) recordBytes += 2 * (Number.parseInt(ascii(b, f.offset, f.width).trim(), 10) || 0);
  }
  for (let k = 1; recordBytes > 0 && k <= 32 && at + k * recordBytes < b.length; k++) s.boundaries.push(at + k * recordBytes);
  return s;
}

export function structureOf(kind: BinaryKind, b: Uint8Array): Structure {
  const s = kind === 'dicom' ? dicom(b) : kind === 'scp' ? scp(b) : kind === 'mat' ? mat(b) : kind === 'edf' ? edf(b) : { boundaries: [], fields: [] };
  s.boundaries = s.boundaries.filter((x) => x > 0 && x < b.length);
  s.fields = s.fields.filter((f) => f.offset >= 0 && f.offset + f.size <= b.length);
  return s;
}
