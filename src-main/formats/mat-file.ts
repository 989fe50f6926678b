/**
 * MATLAB .mat files as WFDB and PhysioNet/CinC use them: one 2-D numeric matrix (usually `val`, int16, signals ×
 * samples). Level 4 files come from WFDB's wfdb2mat (the CinC 2020/2021 sets, challenge-2015 a103l); Level 5
 * files from scipy.io.savemat, optionally zlib-compressed (miCOMPRESSED). Only what those writers produce is
 * read: a numeric, real, non-sparse matrix; anything else is a FormatError naming the file.
 */
import { inflateSync } from 'node:zlib';
import { FormatError, ensure } from './errors.js';
import { LIMITS } from './types.js';

export interface MatMatrix {
  name: string;
  rows: number;
  cols: number;
  /** column-major (MATLAB order): element (r, c) at c * rows + r */
  values: Int32Array;
  version: 4 | 5;
  /** MATLAB class of the stored data, e.g. 'int16' */
  className: string;
  /** byte offset of the matrix data in the file (uncompressed Level 4/5 only) */
  dataOffset?: number;
}

/** True for bytes that start like a Level 5 MAT-file ("MATLAB 5.0 MAT-file" text header). */
export function isMatV5(head: Uint8Array): boolean {
  return head.length >= 128 && new TextDecoder('latin1').decode(head.subarray(0, 10)) === 'MATLAB 5.0';
}

/** True for bytes that start like a Level 4 MAT-file header of a real full numeric matrix. */
export function isMatV4(head: Uint8Array): boolean {
  if (head.length < 20 || isMatV5(head)) return false;
  const v4 = readV4Header(head);
  return v4 !== undefined;
}

/*
 * Level 4 header: five int32 in the file's byte order
 *   type = M*1000 + O*100 + P*10 + T   (M 0 = little-endian, 1 = big-endian; O 0; P precision; T 0 = full numeric)
 *   mrows, ncols, imagf, namlen        followed by namlen bytes of name (NUL-terminated) and the data, column-major.
 */
const V4_PRECISION: Record<number, { bytes: number; cls: string }> = {
  0: { bytes: 8, cls: 'double' },
  1: { bytes: 4, cls: 'single' },
  2: { bytes: 4, cls: 'int32' },
  3: { bytes: 2, cls: 'int16' },
  4: { bytes: 2, cls: 'uint16' },
  5: { bytes: 1, cls: 'uint8' },
};

function readV4Header(b: Uint8Array) {
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  for (const little of [true, false]) {
    const type = dv.getInt32(0, little);
    const M = Math.floor(type / 1000), O = Math.floor(type / 100) % 10, P = Math.floor(type / 10) % 10, T = type % 10;
    if (type < 0 || type > 1999 || O !== 0 || T !== 0 || !(P in V4_PRECISION) || (M === 0) !== little) continue;
    const rows = dv.getInt32(4, little), cols = dv.getInt32(8, little), imagf = dv.getInt32(12, little), namlen = dv.getInt32(16, little);
    if (rows < 0 || cols < 0 || (imagf !== 0 && imagf !== 1) || namlen < 1 || namlen > 4096) continue;
    return { little, P, rows, cols, imagf, namlen };
  }
  return undefined;
}

function checkSize(file: string, rows: number, cols: number): void {
  ensure(rows * cols <= LIMITS.maxTotalSamples, file, `MAT matrix ${rows}×${cols} is larger than ${LIMITS.maxTotalSamples} values`);
}

function toInt32(file: string, read: (i: number) => number, n: number): Int32Array {
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const v = read(i);
    if (!Number.isInteger(v) || v < -(2 ** 31) || v >= 2 ** 31) {
      throw new FormatError(file, `MAT matrix value ${v} at element ${i} is not a 32-bit integer; WFDB signal matrices hold digital values`);
    }
    out[i] = v;
  }
  return out;
}

function readV4(bytes: Uint8Array, file: string): MatMatrix {
  const h = readV4Header(bytes);
  ensure(h, file, 'not a MATLAB Level 4 or Level 5 MAT-file (header not recognised)');
  ensure(h.imagf === 0, file, 'MAT matrix is complex; a real signal matrix was expected');
  checkSize(file, h.rows, h.cols);
  const prec = V4_PRECISION[h.P]!;
  const dataOffset = 20 + h.namlen;
  const n = h.rows * h.cols;
  ensure(dataOffset + n * prec.bytes <= bytes.length, file, `MAT file is truncated: ${h.rows}×${h.cols} ${prec.cls} needs ${dataOffset + n * prec.bytes} bytes, the file has ${bytes.length}`);
  const name = new TextDecoder('latin1').decode(bytes.subarray(20, dataOffset)).replace(/\0.*$/s, '');
  const dv = new DataView(bytes.buffer, bytes.byteOffset + dataOffset, n * prec.bytes);
  const le = h.little;
  const readers: Record<number, (i: number) => number> = {
    0: (i) => dv.getFloat64(i * 8, le),
    1: (i) => dv.getFloat32(i * 4, le),
    2: (i) => dv.getInt32(i * 4, le),
    3: (i) => dv.getInt16(i * 2, le),
    4: (i) => dv.getUint16(i * 2, le),
    5: (i) => dv.getUint8(i),
  };
  return { name, rows: h.rows, cols: h.cols, values: toInt32(file, readers[h.P]!, n), version: 4, className: prec.cls, dataOffset };
}

/*
 * Level 5: a 128-byte header (116 text, 8 subsystem offset, int16 version 0x0100, endian mark "MI"), then data
 * elements, each a tag { uint32 type, uint32 nbytes } + data padded to 8 bytes, or a small element packing
 * { uint16 nbytes, uint16 type } + 4 data bytes into 8. miCOMPRESSED (15) wraps one zlib-deflated element.
 * miMATRIX (14) holds: array flags (class in the low byte), dimensions (int32), name (int8), real part.
 */
const MI = { INT8: 1, UINT8: 2, INT16: 3, UINT16: 4, INT32: 5, UINT32: 6, SINGLE: 7, DOUBLE: 9, INT64: 12, UINT64: 13, MATRIX: 14, COMPRESSED: 15 } as const;
const MI_SIZE: Record<number, number> = { 1: 1, 2: 1, 3: 2, 4: 2, 5: 4, 6: 4, 7: 4, 9: 8, 12: 8, 13: 8 };
const MX_CLASS: Record<number, string> = { 6: 'double', 7: 'single', 8: 'int8', 9: 'uint8', 10: 'int16', 11: 'uint16', 12: 'int32', 13: 'uint32', 14: 'int64', 15: 'uint64' };

interface Element { type: number; start: number; end: number; next: number }

function readTag(dv: DataView, at: number, le: boolean, limit: number, file: string): Element {
  ensure(at + 8 <= limit, file, 'MAT data element tag runs past the end of its container', at);
  const first = dv.getUint32(at, le);
  if (first >>> 16 !== 0) {
    // small data element: type in the low half, byte count in the high half, data in the next 4 bytes
    const n = first >>> 16;
    ensure(n <= 4, file, 'MAT small data element is longer than 4 bytes', at);
    return { type: first & 0xffff, start: at + 4, end: at + 4 + n, next: at + 8 };
  }
  const n = dv.getUint32(at + 4, le);
  ensure(at + 8 + n <= limit, file, `MAT data element of ${n} bytes runs past the end of its container`, at);
  const end = at + 8 + n;
  return { type: first, start: at + 8, end, next: first === MI.COMPRESSED ? end : at + 8 + Math.ceil(n / 8) * 8 };
}

function numericReader(dv: DataView, el: Element, le: boolean, file: string): { n: number; read: (i: number) => number } {
  const size = MI_SIZE[el.type];
  ensure(size !== undefined, file, `MAT numeric data of type ${el.type} is not supported`, el.start);
  const base = el.start;
  const n = (el.end - el.start) / size;
  ensure(Number.isInteger(n), file, 'MAT numeric data length is not a whole number of elements', el.start);
  const readers: Record<number, (i: number) => number> = {
    [MI.INT8]: (i) => dv.getInt8(base + i),
    [MI.UINT8]: (i) => dv.getUint8(base + i),
    [MI.INT16]: (i) => dv.getInt16(base + 2 * i, le),
    [MI.UINT16]: (i) => dv.getUint16(base + 2 * i, le),
    [MI.INT32]: (i) => dv.getInt32(base + 4 * i, le),
    [MI.UINT32]: (i) => dv.getUint32(base + 4 * i, le),
    [MI.SINGLE]: (i) => dv.getFloat32(base + 4 * i, le),
    [MI.DOUBLE]: (i) => dv.getFloat64(base + 8 * i, le),
    [MI.INT64]: (i) => Number(dv.getBigInt64(base + 8 * i, le)),
    [MI.UINT64]: (i) => Number(dv.getBigUint64(base + 8 * i, le)),
  };
  return { n, read: readers[el.type]! };
}

function readMatrixElement(bytes: Uint8Array, el: Element, le: boolean, file: string, offsetKnown: boolean): MatMatrix | undefined {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const flags = readTag(dv, el.start, le, el.end, file);
  ensure(flags.type === MI.UINT32 && flags.end - flags.start >= 4, file, 'MAT matrix lacks its array flags', el.start);
  const flagWord = dv.getUint32(flags.start, le);
  const cls = MX_CLASS[flagWord & 0xff];
  const complex = (flagWord & 0x800) !== 0;
  if (!cls || complex) return undefined; // cells, structs, chars, sparse, complex: not a signal matrix
  const dimsEl = readTag(dv, flags.next, le, el.end, file);
  ensure(dimsEl.type === MI.INT32, file, 'MAT matrix dimensions are malformed', flags.next);
  const nd = (dimsEl.end - dimsEl.start) / 4;
  if (nd !== 2) return undefined;
  const rows = dv.getInt32(dimsEl.start, le), cols = dv.getInt32(dimsEl.start + 4, le);
  ensure(rows >= 0 && cols >= 0, file, 'MAT matrix has negative dimensions', dimsEl.start);
  checkSize(file, rows, cols);
  const nameEl = readTag(dv, dimsEl.next, le, el.end, file);
  const name = new TextDecoder('latin1').decode(bytes.subarray(nameEl.start, nameEl.end));
  const realEl = readTag(dv, nameEl.next, le, el.end, file);
  const { n, read } = numericReader(dv, realEl, le, file);
  ensure(n === rows * cols, file, `MAT matrix "${name}" is ${rows}×${cols} but holds ${n} values`, realEl.start);
  const m: MatMatrix = { name, rows, cols, values: toInt32(file, read, n), version: 5, className: cls };
  if (offsetKnown) m.dataOffset = realEl.start;
  return m;
}

function readV5(bytes: Uint8Array, file: string, wanted: string): MatMatrix {
  const mark = new TextDecoder('latin1').decode(bytes.subarray(126, 128));
  ensure(mark === 'IM' || mark === 'MI', file, 'MAT Level 5 header has no endian indicator');
  const le = mark === 'IM';
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let first: MatMatrix | undefined;
  let at = 128;
  while (at + 8 <= bytes.length) {
    const el = readTag(dv, at, le, bytes.length, file);
    let m: MatMatrix | undefined;
    if (el.type === MI.COMPRESSED) {
      let inner: Uint8Array;
      try {
        // DEFLATE cannot expand more than 1032:1, so this bound refuses only zip bombs, never a real file.
        const bound = Math.min(LIMITS.maxFileBytes, (el.end - el.start) * 1032 + 1024);
        inner = new Uint8Array(inflateSync(bytes.subarray(el.start, el.end), { maxOutputLength: bound }));
      } catch (e) {
        throw new FormatError(file, `MAT compressed element cannot be inflated: ${(e as Error).message}`, el.start);
      }
      const innerDv = new DataView(inner.buffer, inner.byteOffset, inner.byteLength);
      const innerEl = readTag(innerDv, 0, le, inner.length, file);
      if (innerEl.type === MI.MATRIX) m = readMatrixElement(inner, innerEl, le, file, false);
    } else if (el.type === MI.MATRIX) {
      m = readMatrixElement(bytes, el, le, file, true);
    }
    if (m) {
      if (m.name === wanted) return m;
      first ??= m;
    }
    at = el.next;
  }
  ensure(first, file, `MAT file holds no numeric matrix (expected "${wanted}")`);
  return first;
}

/** The signal matrix of a .mat file: the variable named `wanted` (default `val`), else the first numeric matrix. */
export function readMatMatrix(bytes: Uint8Array, file: string, wanted = 'val'): MatMatrix {
  return isMatV5(bytes) ? readV5(bytes, file, wanted) : readV4(bytes, file);
}
