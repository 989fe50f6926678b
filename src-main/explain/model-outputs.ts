/**
 * What the explanation needs from one run of the CNN on one ECG, independent of how it was run (onnxruntime in
 * the app, a stored analysis, a test fixture).
 */
import type { BlockOutput } from './features.js';

export interface EcgModelOutputs {
  /** sigmoid probability per class, in the manifest's class order */
  probabilities: Float32Array;
  /** outputs of the explained blocks, in the manifest's order (coarser blocks last) */
  blocks: BlockOutput[];
  /** per model-input sample: 1 = ECG signal, 0 = zero padding */
  inputMask: Uint8Array;
  /** model input sampling rate (Hz) */
  inputFs: number;
  /** ECG time (s) of model-input sample 0: negative when the ECG was centre-padded, positive when cropped */
  inputOffsetSeconds: number;
  /** optional Monte-Carlo dropout passes: block outputs per pass */
  mcPasses?: BlockOutput[][];
}
