/**
 * MAT Level 5 copies of a Level 4 `val` matrix, as scipy.io.savemat writes them (plain, or wrapped in one
 * miCOMPRESSED element): the fixtures hold only Level 4 files, and the Level 5 path (tags, small elements,
 * zlib) deserves mutations too. Layout per mat-file.ts: 128-byte header, then miMATRIX { array flags,
 * dimensions, name, real part }, each sub-element padded to 8 bytes.
 */
import { deflateSync } from 'node:zlib';

const pad8 = (n: number) => Math.ceil(n / 8) * 8;

function element(type: number, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(8 + pad8(data.length));
  const dv = new DataView(out.buffer);
  dv.setUint32(0, type, true);
  dv.setUint32(4, data.length, true);
  out.set(data, 8);
  return out;
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((a, p) => a + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function int32s(...v: number[]): Uint8Array {
  const out = new Uint8Array(4 * v.length);
  v.forEach((x, i) => new DataView(out.buffer).setInt32(4 * i, x, true));
  return out;
}

/** The Level 5 file holding the int16 matrix of a Level 4 file (little-endian, type 30 = int16, as wfdb2mat writes). */
export function matV5FromV4(v4: Uint8Array, compressed: boolean): Uint8Array {
  const dv = new DataView(v4.buffer, v4.byteOffset, v4.byteLength);
  const [type, rows, cols, namlen] = [dv.getInt32(0, true), dv.getInt32(4, true), dv.getInt32(8, true), dv.getInt32(16, true)];
  if (type !== 30) throw new Error(`expected a little-endian int16 Level 4 matrix, found type ${type}`);
  const name = v4.subarray(20, 20 + namlen - 1);
  const data = v4.subarray(20 + namlen, 20 + namlen + 2 * rows * cols);
  const INT8 = 1, INT16 = 3, UINT32 = 6, INT32 = 5, MATRIX = 14, COMPRESSED = 15, MX_INT16 = 10;
  const matrix = element(MATRIX, concat([element(UINT32, int32s(MX_INT16, 0)), element(INT32, int32s(rows, cols)), element(INT8, name), element(INT16, data)]));
  const header = new Uint8Array(128).fill(0x20);
  header.set(Buffer.from('MATLAB 5.0 MAT-file, written by bench/fuzz/mat-v5.ts from a Level 4 file', 'latin1'));
  header.fill(0, 116, 124);
  header.set([0x00, 0x01, 0x49, 0x4d], 124);
  const body = compressed ? element(COMPRESSED, new Uint8Array(deflateSync(matrix))) : matrix;
  return concat([header, compressed ? body.subarray(0, 8 + new DataView(body.buffer).getUint32(4, true)) : body]);
}
