/**
 * The linear head over the last explained block (head.json), for Grad-CAM without gradients (DESIGN.md §4.7):
 * logit_c = b_c + Σ_k Σ_t W[c, k·L + t] · A_k(t), features flattened channel-major as PyTorch's flatten does.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { ModelPackageError } from './errors.js';
import type { ModelPackage } from './manifest.js';

const HeadFile = z.object({
  channels: z.number().int().positive(),
  length: z.number().int().positive(),
  weights: z.array(z.array(z.number())),
  bias: z.array(z.number()),
});

export interface LinearHeadWeights {
  /** ONNX output name of the block the head reads */
  block: string;
  classes: number;
  channels: number;
  /** block steps (L) */
  steps: number;
  /** classes × (channels · steps), row-major */
  weights: Float32Array;
  bias: Float32Array;
}

export function loadHead(pkg: ModelPackage): LinearHeadWeights {
  const spec = pkg.manifest.head;
  if (!spec) throw new ModelPackageError(pkg.path('manifest.json'), 'lists no head: Grad-CAM needs the linear head weights');
  const file = pkg.path(spec.file);
  const r = HeadFile.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!r.success) throw new ModelPackageError(file, `not a head file: ${r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  const { channels, length, weights, bias } = r.data;
  const classes = pkg.manifest.classes.length;
  const features = channels * length;
  if (channels !== spec.channels || length !== spec.length || weights.length !== classes || bias.length !== classes
    || weights.some((row) => row.length !== features)) {
    throw new ModelPackageError(file, `expected ${classes} rows of ${spec.channels} × ${spec.length} weights and ${classes} biases`);
  }
  return { block: spec.block, classes, channels, steps: length, weights: Float32Array.from(weights.flat()), bias: Float32Array.from(bias) };
}
