/**
 * Block activations → feature rows on a time grid (DESIGN.md §4.2). Each explained block gives one view on its
 * own grid; the combined view z-scores each block's channels with reference statistics, brings the coarser blocks
 * to the finest grid by repeating their steps, and concatenates per step.
 */
import type { Rows } from './matrix.js';

/** One ECG's output of one block: channels × length, channel-major (as the ONNX tensor [1, C, L] is laid out). */
export interface BlockOutput {
  channels: number;
  length: number;
  data: Float32Array;
}

export interface ChannelStats {
  mean: Float32Array;
  std: Float32Array;
}

export const COMBINED = 'combined';

/** Running counts of real samples per input mask, kept while the mask lives: every view's grid reads the same one. */
const prefixes = new WeakMap<Uint8Array, Int32Array>();

function realPrefix(inputMask: Uint8Array): Int32Array {
  let p = prefixes.get(inputMask);
  if (!p) {
    p = new Int32Array(inputMask.length + 1);
    for (let s = 0; s < inputMask.length; s++) p[s + 1] = p[s]! + inputMask[s]!;
    prefixes.set(inputMask, p);
  }
  return p;
}

/** Step t of a grid of `length` steps over `inputSamples` is valid when at least half of its span is real signal. */
export function stepMask(inputMask: Uint8Array, length: number): Uint8Array {
  const stride = inputMask.length / length;
  const prefix = realPrefix(inputMask);
  const out = new Uint8Array(length);
  for (let t = 0; t < length; t++) {
    const a = Math.floor(t * stride);
    const b = Math.floor((t + 1) * stride);
    out[t] = (prefix[b]! - prefix[a]!) * 2 >= b - a ? 1 : 0;
  }
  return out;
}

/** Transposes one block to rows (steps × channels), z-scored when stats are given. */
export function blockRows(block: BlockOutput, stats?: ChannelStats): Rows {
  const { channels: C, length: L, data } = block;
  const out = new Float32Array(L * C);
  for (let k = 0; k < C; k++) {
    const m = stats ? stats.mean[k]! : 0;
    const s = stats ? stats.std[k]! : 1;
    const o = k * L;
    for (let t = 0; t < L; t++) out[t * C + k] = (data[o + t]! - m) / s;
  }
  return { data: out, rows: L, dim: C };
}

/** Concatenates z-scored blocks on the finest grid (coarser steps repeated). */
export function combinedRows(blocks: BlockOutput[], stats: ChannelStats[]): Rows {
  const L = Math.max(...blocks.map((b) => b.length));
  const dim = blocks.reduce((s, b) => s + b.channels, 0);
  const out = new Float32Array(L * dim);
  let offset = 0;
  blocks.forEach((block, bi) => {
    if (L % block.length !== 0) throw new Error(`block length ${block.length} does not divide the finest grid ${L}`);
    const rep = L / block.length;
    const st = stats[bi]!;
    for (let k = 0; k < block.channels; k++) {
      const m = st.mean[k]!;
      const s = st.std[k]!;
      const o = k * block.length;
      for (let t = 0; t < L; t++) out[t * dim + offset + k] = (block.data[o + Math.floor(t / rep)]! - m) / s;
    }
    offset += block.channels;
  });
  return { data: out, rows: L, dim };
}

/** Accumulates per-channel mean and standard deviation over the valid steps of many ECGs (Float64 sums). */
export class ChannelStatsAccumulator {
  private readonly sum: Float64Array;
  private readonly sumSq: Float64Array;
  private n = 0;
  constructor(readonly channels: number) {
    this.sum = new Float64Array(channels);
    this.sumSq = new Float64Array(channels);
  }
  add(block: BlockOutput, mask?: Uint8Array): void {
    const { channels: C, length: L, data } = block;
    if (C !== this.channels) throw new Error(`expected ${this.channels} channels, got ${C}`);
    for (let t = 0; t < L; t++) {
      if (mask && !mask[t]) continue;
      this.n++;
      for (let k = 0; k < C; k++) {
        const v = data[k * L + t]!;
        this.sum[k]! += v;
        this.sumSq[k]! += v * v;
      }
    }
  }
  result(): ChannelStats {
    const mean = new Float32Array(this.channels);
    const std = new Float32Array(this.channels);
    for (let k = 0; k < this.channels; k++) {
      const m = this.n ? this.sum[k]! / this.n : 0;
      const v = this.n ? this.sumSq[k]! / this.n - m * m : 0;
      mean[k] = m;
      // a channel that never varies (dead ReLU) must not divide by zero
      std[k] = v > 1e-12 ? Math.sqrt(v) : 1;
    }
    return { mean, std };
  }
}
