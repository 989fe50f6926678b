/**
 * XLI decoder against an encoder written here from the format description (second-difference prediction, byte
 * planes, 10-bit MSB-first LZW): a round trip proves the decoder inverts the documented steps, and the real
 * files in philips.test.ts prove the steps are Philips' own.
 */
import { describe, expect, it } from 'vitest';
import { decodeXli, lzwDecode } from '../../../src-main/formats/philips-xli.js';
import { expectFormatError } from './record-helpers.js';

function lzwEncode(bytes: Uint8Array): Uint8Array {
  const dict = new Map<string, number>();
  for (let c = 0; c < 256; c++) dict.set(String.fromCharCode(c), c);
  let next = 256;
  const codes: number[] = [];
  let w = '';
  for (const b of bytes) {
    const wc = w + String.fromCharCode(b);
    if (dict.has(wc)) {
      w = wc;
      continue;
    }
    codes.push(dict.get(w)!);
    if (next <= 1022) dict.set(wc, next++);
    w = String.fromCharCode(b);
  }
  if (w) codes.push(dict.get(w)!);
  const out: number[] = [];
  let acc = 0;
  let bits = 0;
  for (const code of codes) {
    acc = (acc << 10) | code;
    bits += 10;
    while (bits >= 8) {
      out.push((acc >> (bits - 8)) & 0xff);
      bits -= 8;
    }
    acc &= (1 << bits) - 1;
  }
  if (bits) out.push((acc << (8 - bits)) & 0xff);
  return new Uint8Array(out);
}

/** One XLI chunk for samples v: the predictor inverted, split into byte planes, LZW-coded, with its header. */
function xliChunk(v: number[]): Uint8Array {
  const n = v.length;
  const d = new Array<number>(n).fill(64);
  d[0] = v[0]!;
  d[1] = v[1]!;
  const firstDelta = 2 * v[1]! - v[0]! - v[2]!;
  for (let i = 3; i < n; i++) d[i - 1] = 64 + 2 * v[i - 1]! - v[i - 2]! - v[i]!;
  const planes = new Uint8Array(2 * n);
  d.forEach((x, i) => {
    planes[i] = (x >> 8) & 0xff;
    planes[n + i] = x & 0xff;
  });
  const block = lzwEncode(planes);
  const chunk = new Uint8Array(8 + block.length);
  const view = new DataView(chunk.buffer);
  view.setInt32(0, block.length, true);
  view.setInt16(4, 1, true);
  view.setInt16(6, firstDelta, true);
  chunk.set(block, 8);
  return chunk;
}

const concat = (parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
};

describe('LZW (10-bit codes)', () => {
  it('decodes what a textbook LZW encoder writes, including the KwKwK case and a full dictionary', () => {
    const kwkwk = new Uint8Array([...'abababababababab'].map((c) => c.charCodeAt(0)));
    expect(Array.from(lzwDecode(lzwEncode(kwkwk), 1000, 'x', 'test'))).toEqual(Array.from(kwkwk));
    let seed = 7;
    const noisy = new Uint8Array(20_000).map(() => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 27) & 0xff);
    expect(lzwDecode(lzwEncode(noisy), noisy.length, 'x', 'test')).toEqual(noisy);
  });

  it('refuses a code used before it is defined and output beyond the bound', () => {
    // first code 1022 (binary 1111111110): nothing is defined above 255 yet
    expectFormatError(() => lzwDecode(new Uint8Array([0xff, 0x80, 0, 0]), 100, 'bad.xml', 'XLI channel 1'), 'bad.xml', /code 1022 used before it was defined/);
    const long = lzwEncode(new Uint8Array(5000).fill(9));
    expectFormatError(() => lzwDecode(long, 4000, 'big.xml', 'XLI channel 1'), 'big.xml', /beyond 4000 bytes/);
  });
});

describe('decodeXli', () => {
  const wave = (k: number) => Array.from({ length: 700 }, (_, t) => Math.round(300 * Math.sin((t * (k + 1)) / 37)) + (t % 97 === 0 ? 900 : 0) - 450);

  it('round-trips several channels of signal exactly', () => {
    const chans = [wave(0), wave(1), wave(2)];
    const out = decodeXli(concat(chans.map(xliChunk)), 3, 700, 'x.xml');
    expect(out.map((c) => Array.from(c))).toEqual(chans);
  });

  it('says which channel is missing, short or overruns the payload', () => {
    const payload = concat([xliChunk(wave(0)), xliChunk(wave(1))]);
    expectFormatError(() => decodeXli(payload, 3, 700, 'few.xml'), 'few.xml', /ends after 2 of 3 channels \(missing lead data\)/);
    expectFormatError(() => decodeXli(payload, 2, 800, 'short.xml'), 'short.xml', /channel 1: XLI block decodes to 700 samples, expected 800/);
    const overrun = payload.slice();
    new DataView(overrun.buffer).setInt32(0, 1_000_000, true);
    expectFormatError(() => decodeXli(overrun, 1, 700, 'over.xml'), 'over.xml', /overruns the/);
  });
});
