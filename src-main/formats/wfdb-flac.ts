/**
 * FLAC decoding for WFDB formats 508/516/524 (RFC 9639). WFDB writes one FLAC channel per signal of the file
 * (all with the same samples per frame), so only integer PCM is needed: fixed and LPC predictors, Rice-coded
 * residuals, wasted bits and the three stereo decorrelation modes. The STREAMINFO MD5 of the decoded samples
 * is checked, which proves the decoder on every file it reads.
 */
import { createHash } from 'node:crypto';
import { FormatError, ensure } from './errors.js';
import { LIMITS } from './types.js';

export interface FlacStream {
  channels: Int32Array[];
  bitsPerSample: number;
  sampleRate: number;
  /** 'ok' | 'mismatch', or 'absent' when the encoder left the MD5 zero */
  md5: 'ok' | 'mismatch' | 'absent';
}

class BitReader {
  pos = 0; // bit position
  constructor(readonly b: Uint8Array, readonly file: string) {}
  bits(n: number): number {
    let v = 0;
    for (let i = 0; i < n; i++) {
      const byte = this.b[this.pos >>> 3];
      if (byte === undefined) throw new FormatError(this.file, 'FLAC stream ends inside a frame', this.pos >>> 3);
      v = v * 2 + ((byte >>> (7 - (this.pos & 7))) & 1);
      this.pos++;
    }
    return v;
  }
  signed(n: number): number {
    const v = this.bits(n);
    return v >= 2 ** (n - 1) ? v - 2 ** n : v;
  }
  unary(): number {
    let q = 0;
    for (;;) {
      const byte = this.b[this.pos >>> 3];
      if (byte === undefined) throw new FormatError(this.file, 'FLAC stream ends inside a residual', this.pos >>> 3);
      const bit = (byte >>> (7 - (this.pos & 7))) & 1;
      this.pos++;
      if (bit) return q;
      q++;
    }
  }
  align(): void {
    this.pos = (this.pos + 7) & ~7;
  }
}

/** FLAC block sizes by header code: 1 → 192, 2–5 → 576·2^(n−2), 8–15 → 256·2^(n−8); 6/7 read from the header. */
function blockSizeOf(code: number, r: BitReader): number {
  if (code === 1) return 192;
  if (code >= 2 && code <= 5) return 576 << (code - 2);
  if (code === 6) return 0; // read after the frame number
  if (code === 7) return 0;
  if (code >= 8) return 256 << (code - 8);
  throw new FormatError(r.file, 'FLAC frame uses the reserved block size code 0', r.pos >>> 3);
}

const SAMPLE_SIZE: Record<number, number> = { 1: 8, 2: 12, 4: 16, 5: 20, 6: 24, 7: 32 };

function readResidual(r: BitReader, out: Float64Array, blockSize: number, order: number): void {
  const method = r.bits(2);
  ensure(method <= 1, r.file, 'FLAC residual uses a reserved coding method', r.pos >>> 3);
  const paramBits = method === 0 ? 4 : 5;
  const escape = method === 0 ? 15 : 31;
  const partOrder = r.bits(4);
  const parts = 1 << partOrder;
  ensure(blockSize % parts === 0 && blockSize >> partOrder >= order, r.file, 'FLAC residual partition order does not fit the block', r.pos >>> 3);
  let i = order;
  for (let p = 0; p < parts; p++) {
    const n = (blockSize >> partOrder) - (p === 0 ? order : 0);
    const k = r.bits(paramBits);
    if (k === escape) {
      const raw = r.bits(5);
      for (let j = 0; j < n; j++) out[i++] = raw === 0 ? 0 : r.signed(raw);
    } else {
      for (let j = 0; j < n; j++) {
        const u = r.unary() * 2 ** k + r.bits(k);
        out[i++] = u % 2 === 0 ? u / 2 : -(u + 1) / 2;
      }
    }
  }
}

const FIXED: number[][] = [[], [1], [2, -1], [3, -3, 1], [4, -6, 4, -1]];

function readSubframe(r: BitReader, blockSize: number, bps: number): Float64Array {
  ensure(r.bits(1) === 0, r.file, 'FLAC subframe padding bit is set', r.pos >>> 3);
  const type = r.bits(6);
  let wasted = 0;
  if (r.bits(1)) wasted = r.unary() + 1;
  const b = bps - wasted;
  ensure(b > 0, r.file, 'FLAC subframe wastes all its bits', r.pos >>> 3);
  const s = new Float64Array(blockSize);
  if (type === 0) {
    s.fill(r.signed(b));
  } else if (type === 1) {
    for (let i = 0; i < blockSize; i++) s[i] = r.signed(b);
  } else if (type >= 8 && type <= 12) {
    const order = type - 8;
    for (let i = 0; i < order; i++) s[i] = r.signed(b);
    readResidual(r, s, blockSize, order);
    const c = FIXED[order]!;
    for (let i = order; i < blockSize; i++) {
      let pred = 0;
      for (let j = 0; j < order; j++) pred += c[j]! * s[i - 1 - j]!;
      s[i] = s[i]! + pred;
    }
  } else if (type >= 32) {
    const order = type - 31;
    for (let i = 0; i < order; i++) s[i] = r.signed(b);
    const precision = r.bits(4) + 1;
    ensure(precision <= 15, r.file, 'FLAC LPC precision code 15 is invalid', r.pos >>> 3);
    const shift = r.signed(5);
    ensure(shift >= 0, r.file, 'FLAC LPC shift is negative', r.pos >>> 3);
    const coef = new Float64Array(order);
    for (let j = 0; j < order; j++) coef[j] = r.signed(precision);
    readResidual(r, s, blockSize, order);
    const div = 2 ** shift;
    for (let i = order; i < blockSize; i++) {
      let sum = 0;
      for (let j = 0; j < order; j++) sum += coef[j]! * s[i - 1 - j]!;
      s[i] = s[i]! + Math.floor(sum / div);
    }
  } else {
    throw new FormatError(r.file, `FLAC subframe type ${type} is reserved`, r.pos >>> 3);
  }
  if (wasted) for (let i = 0; i < blockSize; i++) s[i] = s[i]! * 2 ** wasted;
  return s;
}

/** Skips the UTF-8-like coded frame/sample number of a frame header. */
function skipCodedNumber(r: BitReader): void {
  const first = r.bits(8);
  let extra = 0;
  for (let mask = 0x80; mask && first & mask; mask >>= 1) extra++;
  ensure(extra !== 1 && extra <= 7, r.file, 'FLAC frame number is malformed', r.pos >>> 3);
  for (let i = 1; i < extra; i++) r.bits(8);
}

/** Decodes a whole FLAC stream into one Int32Array per channel. */
export function decodeFlac(bytes: Uint8Array, file: string): FlacStream {
  ensure(bytes.length >= 42 && String.fromCharCode(...bytes.subarray(0, 4)) === 'fLaC', file, 'not a FLAC stream (no "fLaC" marker)');
  let at = 4;
  let info: { rate: number; channels: number; bps: number; total: number; md5: Uint8Array } | undefined;
  for (let last = false; !last; ) {
    ensure(at + 4 <= bytes.length, file, 'FLAC metadata runs past the end of the file', at);
    last = (bytes[at]! & 0x80) !== 0;
    const type = bytes[at]! & 0x7f;
    const len = (bytes[at + 1]! << 16) | (bytes[at + 2]! << 8) | bytes[at + 3]!;
    ensure(at + 4 + len <= bytes.length, file, 'FLAC metadata block runs past the end of the file', at);
    if (type === 0) {
      const r = new BitReader(bytes.subarray(at + 4, at + 4 + len), file);
      r.bits(16 + 16 + 24 + 24);
      const rate = r.bits(20), channels = r.bits(3) + 1, bps = r.bits(5) + 1, total = r.bits(36);
      info = { rate, channels, bps, total, md5: bytes.slice(at + 4 + 18, at + 4 + 34) };
    }
    at += 4 + len;
  }
  ensure(info, file, 'FLAC stream has no STREAMINFO block');
  ensure(info.total * info.channels <= LIMITS.maxTotalSamples, file, `FLAC stream declares ${info.total} samples per channel, more than can be read`);
  const total = info.total;
  // Frames are collected as decoded, so memory follows the bytes present rather than the declared total.
  const chunks: Int32Array[][] = Array.from({ length: info.channels }, () => []);
  const r = new BitReader(bytes, file);
  r.pos = at * 8;
  let done = 0;
  while (done < total) {
    ensure((r.pos >>> 3) + 2 <= bytes.length, file, `FLAC stream ends after ${done} of ${total} samples`, r.pos >>> 3);
    const sync = r.bits(15);
    ensure(sync === 0x7ffc, file, 'FLAC frame sync code not found', (r.pos >>> 3) - 2);
    r.bits(1); // blocking strategy
    const bsCode = r.bits(4), rateCode = r.bits(4), chanCode = r.bits(4), sizeCode = r.bits(3);
    r.bits(1);
    skipCodedNumber(r);
    let blockSize = blockSizeOf(bsCode, r);
    if (bsCode === 6) blockSize = r.bits(8) + 1;
    else if (bsCode === 7) blockSize = r.bits(16) + 1;
    if (rateCode === 12) r.bits(8);
    else if (rateCode === 13 || rateCode === 14) r.bits(16);
    r.bits(8); // CRC-8 of the header (the MD5 over the samples checks everything)
    const bps = sizeCode === 0 ? info.bps : SAMPLE_SIZE[sizeCode];
    ensure(bps !== undefined, file, `FLAC frame uses reserved sample size code ${sizeCode}`, r.pos >>> 3);
    const nch = chanCode <= 7 ? chanCode + 1 : 2;
    ensure(chanCode <= 10 && nch === info.channels, file, `FLAC frame channel assignment ${chanCode} does not match ${info.channels} channels`, r.pos >>> 3);
    const n = Math.min(blockSize, total - done);
    const sub: Float64Array[] = [];
    for (let c = 0; c < nch; c++) {
      const sideChannel = (chanCode === 8 && c === 1) || (chanCode === 9 && c === 0) || (chanCode === 10 && c === 1);
      sub.push(readSubframe(r, blockSize, bps + (sideChannel ? 1 : 0)));
    }
    if (chanCode >= 8) decorrelate(chanCode, sub[0]!, sub[1]!);
    for (let c = 0; c < nch; c++) chunks[c]!.push(Int32Array.from(sub[c]!.subarray(0, n)));
    done += n;
    r.align();
    r.bits(16); // CRC-16
  }
  const channels = chunks.map((list) => {
    const out = new Int32Array(done);
    let at = 0;
    for (const c of list) {
      out.set(c, at);
      at += c.length;
    }
    return out;
  });
  return { channels, bitsPerSample: info.bps, sampleRate: info.rate, md5: checkMd5(channels, info.bps, info.md5) };
}

/** Stereo modes: 8 left/side, 9 side/right, 10 mid/side. */
function decorrelate(mode: number, a: Float64Array, b: Float64Array): void {
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!, y = b[i]!;
    if (mode === 8) b[i] = x - y;
    else if (mode === 9) a[i] = x + y;
    else {
      const mid = x * 2 + (y & 1);
      a[i] = (mid + y) / 2;
      b[i] = (mid - y) / 2;
    }
  }
}

/** MD5 over the interleaved samples, little-endian, in whole bytes per sample (RFC 9639 §8.2). */
function checkMd5(channels: Int32Array[], bps: number, expected: Uint8Array): FlacStream['md5'] {
  if (expected.every((b) => b === 0)) return 'absent';
  const width = Math.ceil(bps / 8);
  const n = channels[0]?.length ?? 0;
  const buf = new Uint8Array(n * channels.length * width);
  let p = 0;
  for (let i = 0; i < n; i++) {
    for (const ch of channels) {
      const v = ch[i]!;
      for (let k = 0; k < width; k++) buf[p++] = (v >> (8 * k)) & 0xff;
    }
  }
  const got = createHash('md5').update(buf).digest();
  return got.every((b, i) => b === expected[i]) ? 'ok' : 'mismatch';
}
