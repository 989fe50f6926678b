/**
 * Grad-CAM (Selvaraju et al. 2017) on the last residual block without gradients. The head is linear over the
 * flattened block output A (channels × steps, flattened channel-major as PyTorch's flatten does), so
 * ∂logit_c/∂A_k(t) = W[c, k·L + t] and the channel weight α_k^c is that gradient's mean over time.
 * cam_c(t) = ReLU(Σ_k α_k^c A_k(t)).
 */
export interface LinearHead {
  classes: number;
  /** classes × (channels · steps), row-major */
  weights: Float32Array;
  channels: number;
  steps: number;
}

export interface GradCam {
  /** per class, ReLU'd map over the block's steps */
  raw: Float32Array[];
  /** per class, scaled to [0, 1] by its maximum (all zeros when the map is zero everywhere) */
  normalised: Float32Array[];
}

/** α per head, computed once: they depend on the weights only. */
const alphaCache = new WeakMap<LinearHead, Float32Array[]>();

export function channelWeights(head: LinearHead): Float32Array[] {
  const cached = alphaCache.get(head);
  if (cached) return cached;
  const { classes, channels, steps, weights } = head;
  if (weights.length !== classes * channels * steps) {
    throw new Error(`head weights hold ${weights.length} values; expected ${classes} × ${channels} × ${steps}`);
  }
  const out: Float32Array[] = [];
  for (let c = 0; c < classes; c++) {
    const alpha = new Float32Array(channels);
    for (let k = 0; k < channels; k++) {
      let s = 0;
      const o = c * channels * steps + k * steps;
      for (let t = 0; t < steps; t++) s += weights[o + t]!;
      alpha[k] = s / steps;
    }
    out.push(alpha);
  }
  alphaCache.set(head, out);
  return out;
}

/** Grad-CAM for every class from one ECG's last-block activation (channels × steps, channel-major). */
export function gradCam(activation: Float32Array, head: LinearHead, alphas = channelWeights(head)): GradCam {
  const { channels, steps } = head;
  if (activation.length !== channels * steps) {
    throw new Error(`activation holds ${activation.length} values; expected ${channels} × ${steps}`);
  }
  const raw: Float32Array[] = [];
  for (const alpha of alphas) {
    const cam = new Float32Array(steps);
    for (let k = 0; k < channels; k++) {
      const a = alpha[k]!;
      const o = k * steps;
      for (let t = 0; t < steps; t++) cam[t]! += a * activation[o + t]!;
    }
    for (let t = 0; t < steps; t++) cam[t] = Math.max(0, cam[t]!);
    raw.push(cam);
  }
  return normaliseCam(raw);
}

/** Grad-CAM from maps already ReLU'd (computed elsewhere, e.g. in scorer-graph.ts): each scaled by its maximum. */
export function normaliseCam(raw: Float32Array[]): GradCam {
  const normalised = raw.map((cam) => {
    let max = 0;
    for (let t = 0; t < cam.length; t++) max = Math.max(max, cam[t]!);
    const scaled = new Float32Array(cam.length);
    if (max > 0) for (let t = 0; t < cam.length; t++) scaled[t] = cam[t]! / max;
    return scaled;
  });
  return { raw, normalised };
}
