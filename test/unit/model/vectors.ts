/**
 * The shipped package's test vectors (models/<id>/test-vectors, written by models/training/export.py): for each
 * real ECG, the raw mV input, the tensor PyTorch's pipeline prepared from it and the PyTorch outputs.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defaultModelDir } from '../../../src-main/model/default-model.js';

export interface VectorCase {
  name: string;
  /** header path relative to the shared folder */
  source: string;
  start: number;
  end: number;
  why: string;
  fs: number;
  rawShape: [number, number];
  validStart: number;
  validEnd: number;
  probabilities: number[];
  files: Record<string, string>;
  shapes: Record<string, number[]>;
}

export interface Vectors {
  root: string;
  model: string;
  tolerance: { prepared: number; outputs: number };
  cases: VectorCase[];
}

export const MODEL_DIR = defaultModelDir();
const VECTOR_DIR = join(MODEL_DIR, 'test-vectors');

export function loadVectors(): Vectors {
  return JSON.parse(readFileSync(join(VECTOR_DIR, 'vectors.json'), 'utf8')) as Vectors;
}

export function vectorArray(c: VectorCase, key: string): Float32Array {
  const b = readFileSync(join(VECTOR_DIR, c.files[key]!));
  return new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
}

/** The raw input as per-lead arrays (the vectors hold leads × samples, lead-major). */
export function rawLeads(c: VectorCase): Float32Array[] {
  const raw = vectorArray(c, 'raw');
  const [leads, n] = c.rawShape;
  return Array.from({ length: leads }, (_, k) => raw.slice(k * n, (k + 1) * n));
}

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`lengths differ: ${a.length} vs ${b.length}`);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}
