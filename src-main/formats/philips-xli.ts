/**
 * XLI: the compression of Philips SierraECG <parsedwaveforms>. Our own TypeScript, written from the format as
 * documented and implemented (C#, Java, Python, JavaScript) in sixlettervariables/sierra-ecg-tools (MIT),
 * files XliDecompressor.cs / LzwDecompressor.cs / sierraecg-core/lib/{xli,lzw}.js.
 *
 * The decoded Base64 payload is a sequence of chunks, one per channel (devices often write 16 channels, the last
 * four holding only the calibration pulse):
 *
 * | offset | bytes | field                                                             |
 * |--------|-------|-------------------------------------------------------------------|
 * | 0      | 4     | int32 LE: size of the compressed block that follows the header    |
 * | 4      | 2     | int16 LE: unknown (1 in every file seen)                          |
 * | 6      | 2     | int16 LE: first delta code (the predictor's initial "last" value) |
 * | 8      | size  | LZW block                                                         |
 *
 * LZW block: 10-bit codes packed most-significant-bit first; codes 0–255 are bytes, 256–1022 dictionary entries
 * added one per code (no reset code), 1023 ends the block. The output bytes are the channel's 16-bit delta codes
 * stored as all high bytes, then all low bytes. The deltas undo a second-difference predictor:
 * v[i] = 2·v[i−1] − v[i−2] − (d[i−1] − 64), seeded with v[0] = d[0], v[1] = d[1] and the header's first delta.
 */
import { FormatError } from './errors.js';

const CODE_BITS = 10;
/** highest dictionary code; a code above it ends the block */
const MAX_CODE = (1 << CODE_BITS) - 2;
const HEADER_BYTES = 8;
const DELTA_BIAS = 64;

/** Bounded LZW decoder: throws on codes that were never defined and on output beyond `maxBytes`. */
export function lzwDecode(input: Uint8Array, maxBytes: number, file: string, what: string): Uint8Array {
  const prefix = new Int32Array(MAX_CODE + 1).fill(-1);
  const suffix = new Uint8Array(MAX_CODE + 1);
  const length = new Int32Array(MAX_CODE + 1);
  const first = new Uint8Array(MAX_CODE + 1);
  for (let c = 0; c < 256; c++) {
    suffix[c] = c;
    first[c] = c;
    length[c] = 1;
  }
  let next = 256;
  let prev = -1;
  // grown as data arrives, so a block that claims much but holds little costs little
  let out = new Uint8Array(Math.min(maxBytes, 4096));
  let n = 0;
  let pos = 0;
  let bits = 0;
  let bitCount = 0;

  for (;;) {
    while (bitCount <= 24 && pos < input.length) {
      bits = (bits | (input[pos++]! << (24 - bitCount))) >>> 0;
      bitCount += 8;
    }
    if (bitCount < CODE_BITS) break; // the block ends on a partial code: its padding
    const code = bits >>> (32 - CODE_BITS);
    bits = (bits << CODE_BITS) >>> 0;
    bitCount -= CODE_BITS;
    if (code > MAX_CODE) break;

    if (code === next && prev >= 0) {
      // the "KwKwK" case: the code being defined by this very step is prev + prev's first byte
      prefix[next] = prev;
      suffix[next] = first[prev]!;
      length[next] = length[prev]! + 1;
      first[next] = first[prev]!;
    } else if (code >= next) {
      throw new FormatError(file, `${what}: corrupt XLI stream (LZW code ${code} used before it was defined)`);
    }
    const len = length[code]!;
    if (n + len > maxBytes) throw new FormatError(file, `${what}: corrupt XLI stream (decompresses beyond ${maxBytes} bytes)`);
    if (n + len > out.length) {
      const grown = new Uint8Array(Math.min(maxBytes, Math.max(2 * out.length, n + len)));
      grown.set(out.subarray(0, n));
      out = grown;
    }
    for (let c = code, k = n + len - 1; c >= 0; c = prefix[c]!, k--) out[k] = suffix[c]!;
    n += len;
    if (prev >= 0 && next <= MAX_CODE) {
      if (code !== next) {
        prefix[next] = prev;
        suffix[next] = first[code]!;
        length[next] = length[prev]! + 1;
        first[next] = first[prev]!;
      }
      next++;
    }
    prev = code;
  }
  return out.subarray(0, n);
}

/** High-byte plane then low-byte plane → int16 delta codes. */
function unpackPlanes(bytes: Uint8Array): Int32Array {
  const half = bytes.length >> 1;
  const out = new Int32Array(half);
  for (let i = 0; i < half; i++) out[i] = (((bytes[i]! << 8) | bytes[half + i]!) << 16) >> 16;
  return out;
}

/** Undoes the second-difference predictor in place (see the file comment). */
function undoPrediction(d: Int32Array, firstDelta: number): Int32Array {
  let x = d[0] ?? 0;
  let y = d[1] ?? 0;
  let last = firstDelta;
  for (let i = 2; i < d.length; i++) {
    const z = 2 * y - x - last;
    last = d[i]! - DELTA_BIAS;
    d[i] = z;
    x = y;
    y = z;
  }
  return d;
}

/**
 * Decodes the first `channels` chunks of an XLI payload, each to exactly `samples` values (a chunk that yields
 * fewer is an error; values beyond `samples` are dropped).
 */
export function decodeXli(payload: Uint8Array, channels: number, samples: number, file: string): Int32Array[] {
  const view = new DataView(payload.buffer, payload.byteOffset, payload.byteLength);
  const out: Int32Array[] = [];
  let offset = 0;
  for (let ch = 0; ch < channels; ch++) {
    const what = `XLI channel ${ch + 1}`;
    if (offset + HEADER_BYTES > payload.length) {
      throw new FormatError(file, `${what}: XLI stream ends after ${ch} of ${channels} channels (missing lead data)`, offset);
    }
    const size = view.getInt32(offset, true);
    const firstDelta = view.getInt16(offset + 6, true);
    if (size < 0 || offset + HEADER_BYTES + size > payload.length) {
      throw new FormatError(file, `${what}: corrupt XLI stream (block of ${size} bytes overruns the ${payload.length}-byte payload)`, offset);
    }
    const block = payload.subarray(offset + HEADER_BYTES, offset + HEADER_BYTES + size);
    // The planes split at half of whatever the block yields, so a longer block is decoded whole and cut after;
    // twice the declared length bounds the work a hostile block can ask for.
    const bytes = lzwDecode(block, 4 * samples + 16, file, what);
    if (bytes.length < 2 * samples) {
      throw new FormatError(file, `${what}: XLI block decodes to ${bytes.length >> 1} samples, expected ${samples} (corrupt stream?)`, offset);
    }
    out.push(undoPrediction(unpackPlanes(bytes), firstDelta).slice(0, samples));
    offset += HEADER_BYTES + size;
  }
  return out;
}
