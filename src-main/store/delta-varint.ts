/**
 * Integer sample streams as delta → zigzag → LEB128 varint. ECG samples change little from one to the next, so
 * most deltas fit one byte. Deltas wrap in 32-bit arithmetic, which makes the mapping a bijection on Int32
 * (even for a jump from -2^31 to 2^31-1), so any Int32Array round-trips exactly.
 */

/** Worst case bytes for n values (a 32-bit zigzag value takes at most 5 varint bytes). */
export function maxDeltaVarintBytes(n: number): number {
  return 5 * n;
}

/** Writes `values` at `out[pos…]`; returns the position after the last byte. `out` must have room (maxDeltaVarintBytes). */
export function writeDeltaVarint(values: Int32Array, out: Uint8Array, pos: number): number {
  let p = pos;
  let prev = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    const d = (v - prev) | 0;
    prev = v;
    let z = ((d << 1) ^ (d >> 31)) >>> 0;
    while (z >= 0x80) {
      out[p++] = (z & 0x7f) | 0x80;
      z >>>= 7;
    }
    out[p++] = z;
  }
  return p;
}

/**
 * Reads `n` values starting at `buf[pos]` into `into`; returns the position after the last byte read, or -1 when
 * the stream ends early or holds a varint longer than 5 bytes (a corrupt blob).
 */
export function readDeltaVarint(buf: Uint8Array, pos: number, into: Int32Array): number {
  let p = pos;
  const end = buf.length;
  let prev = 0;
  for (let i = 0; i < into.length; i++) {
    let z = 0;
    let shift = 0;
    let b: number;
    do {
      if (p >= end || shift > 28) return -1;
      b = buf[p++]!;
      z |= (b & 0x7f) << shift;
      shift += 7;
    } while (b & 0x80);
    prev = (prev + ((z >>> 1) ^ -(z & 1))) | 0;
    into[i] = prev;
  }
  return p;
}
