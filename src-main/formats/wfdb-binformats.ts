/**
 * WFDB binary signal formats (signal(5) of the WFDB Software Package; wfdb-python io/_signal.py).
 * A signal file holds frames; a frame holds, for each signal of the file in header order, samplesPerFrame
 * samples. The functions here turn the bytes of a file into its flat sample stream; splitting the stream into
 * signals is the caller's job (format 8 needs that split before its differences can be summed).
 */

export interface BinFormat {
  /** bits per sample */
  bits: number;
  /** bytes per group and samples per group (212: 3 bytes hold 2 samples; 310/311: 4 bytes hold 3) */
  groupBytes: number;
  groupSamples: number;
  /** digital value that marks a missing sample; undefined where the format has none (8: differences) */
  invalid: number | undefined;
  what: string;
}

/**
 * | fmt | bits | bytes : samples | missing value | encoding |
 * |-----|------|-----------------|---------------|----------|
 * | 8   | 8    | 1 : 1           | none          | first differences, int8, summed from the initial value |
 * | 16  | 16   | 2 : 1           | −32768        | two's complement, little-endian |
 * | 24  | 24   | 3 : 1           | −2^23         | two's complement, little-endian |
 * | 32  | 32   | 4 : 1           | −2^31         | two's complement, little-endian |
 * | 61  | 16   | 2 : 1           | −32768        | two's complement, big-endian |
 * | 80  | 8    | 1 : 1           | −128          | offset binary (stored value − 128) |
 * | 160 | 16   | 2 : 1           | −32768        | offset binary, little-endian (stored − 32768) |
 * | 212 | 12   | 3 : 2           | −2048         | s0 = b0 + (b1 & 0x0F)<<8, s1 = b2 + (b1 & 0xF0)<<4 |
 * | 310 | 10   | 4 : 3           | −512          | two LE words w0,w1: s0 = w0>>1, s1 = w1>>1 (10 bits), s2 = w0>>11 + (w1>>11)<<5 |
 * | 311 | 10   | 4 : 3           | −512          | one LE 32-bit word: s0 = bits 0–9, s1 = 10–19, s2 = 20–29 |
 * | 508/516/524 | 8/16/24 | FLAC | −2^(bits−1) | one FLAC channel per signal (wfdb-flac.ts) |
 * | 0   | —    | no file         | all missing   | null signal |
 */
export const BIN_FORMATS: Readonly<Record<number, BinFormat>> = {
  8: { bits: 8, groupBytes: 1, groupSamples: 1, invalid: undefined, what: '8-bit first differences' },
  16: { bits: 16, groupBytes: 2, groupSamples: 1, invalid: -32768, what: '16-bit little-endian' },
  24: { bits: 24, groupBytes: 3, groupSamples: 1, invalid: -(2 ** 23), what: '24-bit little-endian' },
  32: { bits: 32, groupBytes: 4, groupSamples: 1, invalid: -(2 ** 31), what: '32-bit little-endian' },
  61: { bits: 16, groupBytes: 2, groupSamples: 1, invalid: -32768, what: '16-bit big-endian' },
  80: { bits: 8, groupBytes: 1, groupSamples: 1, invalid: -128, what: '8-bit offset binary' },
  160: { bits: 16, groupBytes: 2, groupSamples: 1, invalid: -32768, what: '16-bit offset binary' },
  212: { bits: 12, groupBytes: 3, groupSamples: 2, invalid: -2048, what: '12-bit packed pairs' },
  310: { bits: 10, groupBytes: 4, groupSamples: 3, invalid: -512, what: '10-bit packed triplets (2 words)' },
  311: { bits: 10, groupBytes: 4, groupSamples: 3, invalid: -512, what: '10-bit packed triplets (1 word)' },
};

export const FLAC_FORMATS: Readonly<Record<number, number>> = { 508: 8, 516: 16, 524: 24 };

/** Digital value used for samples that are missing (also what null signals and skew tails are filled with). */
export const WFDB_INVALID_SAMPLE = -32768;

export function invalidValueOf(format: number): number | undefined {
  if (format === 0) return WFDB_INVALID_SAMPLE;
  const flacBits = FLAC_FORMATS[format];
  if (flacBits !== undefined) return -(2 ** (flacBits - 1));
  return BIN_FORMATS[format]?.invalid;
}

/** Complete samples held by `n` bytes of a format (a partial 212/310/311 group still yields its whole samples). */
export function samplesInBytes(f: BinFormat, n: number): number {
  const groups = Math.floor(n / f.groupBytes);
  const rest = n - groups * f.groupBytes;
  let extra = 0;
  // 212: s0 needs b0,b1. 310: s0 needs b0,b1 (s1 needs b2,b3 = a full group). 311: s0 needs b0,b1; s1 b1,b2.
  if (f.groupSamples === 2) extra = rest >= 2 ? 1 : 0;
  else if (f.groupSamples === 3) extra = f === BIN_FORMATS[311] ? Math.max(0, rest - 1) : rest >= 2 ? 1 : 0;
  return groups * f.groupSamples + extra;
}

const sext = (v: number, bits: number) => (v << (32 - bits)) >> (32 - bits);

/**
 * Decodes `count` samples of `format` from `bytes` starting at byte `start`. The caller has checked that the
 * bytes hold them (samplesInBytes). Format 8 yields the raw differences.
 */
export function decodeFlat(format: number, bytes: Uint8Array, start: number, count: number): Int32Array {
  const out = new Int32Array(count);
  const b = bytes;
  let p = start;
  switch (format) {
    case 8:
      for (let i = 0; i < count; i++) out[i] = (b[p + i]! << 24) >> 24;
      break;
    case 80:
      for (let i = 0; i < count; i++) out[i] = b[p + i]! - 128;
      break;
    case 16:
      for (let i = 0; i < count; i++, p += 2) out[i] = ((b[p]! | (b[p + 1]! << 8)) << 16) >> 16;
      break;
    case 61:
      for (let i = 0; i < count; i++, p += 2) out[i] = ((b[p + 1]! | (b[p]! << 8)) << 16) >> 16;
      break;
    case 160:
      for (let i = 0; i < count; i++, p += 2) out[i] = (b[p]! | (b[p + 1]! << 8)) - 32768;
      break;
    case 24:
      for (let i = 0; i < count; i++, p += 3) out[i] = ((b[p]! | (b[p + 1]! << 8) | (b[p + 2]! << 16)) << 8) >> 8;
      break;
    case 32:
      for (let i = 0; i < count; i++, p += 4) out[i] = b[p]! | (b[p + 1]! << 8) | (b[p + 2]! << 16) | (b[p + 3]! << 24);
      break;
    case 212:
      for (let i = 0; i < count; i += 2, p += 3) {
        const mid = b[p + 1]!;
        out[i] = sext(b[p]! | ((mid & 0x0f) << 8), 12);
        if (i + 1 < count) out[i + 1] = sext(b[p + 2]! | ((mid & 0xf0) << 4), 12);
      }
      break;
    case 310:
      for (let i = 0; i < count; i += 3, p += 4) {
        const w0 = b[p]! | (b[p + 1]! << 8);
        out[i] = sext((w0 >> 1) & 0x3ff, 10);
        if (i + 1 >= count) break;
        const w1 = b[p + 2]! | (b[p + 3]! << 8);
        out[i + 1] = sext((w1 >> 1) & 0x3ff, 10);
        if (i + 2 < count) out[i + 2] = sext(((w0 >> 11) & 0x1f) | (((w1 >> 11) & 0x1f) << 5), 10);
      }
      break;
    case 311:
      for (let i = 0; i < count; i += 3, p += 4) {
        // Bytes past the end read as 0 only for samples the caller did not ask for.
        const w = (b[p]! | (b[p + 1]! << 8) | ((b[p + 2] ?? 0) << 16) | ((b[p + 3] ?? 0) << 24)) >>> 0;
        out[i] = sext(w & 0x3ff, 10);
        if (i + 1 < count) out[i + 1] = sext((w >>> 10) & 0x3ff, 10);
        if (i + 2 < count) out[i + 2] = sext((w >>> 20) & 0x3ff, 10);
      }
      break;
    default:
      throw new Error(`format ${format} is not a flat binary format`);
  }
  return out;
}
