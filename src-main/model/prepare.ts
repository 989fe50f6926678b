/**
 * EcgRecord → model input, exactly as training prepared it (models/training/prepare.py; the package's test vectors
 * prove the two agree):
 *
 * | step      | rule (from the manifest's `input`)                                                        |
 * |-----------|-------------------------------------------------------------------------------------------|
 * | leads     | the manifest's lead order, found by canonical name; a missing lead is an error            |
 * | values    | mV as the record holds them (normalisation 'none'); NaN or ±∞ is an error                 |
 * | rate      | linear interpolation to input.fs (src-main/ecg/resample.ts)                                |
 * | length    | shorter: zeros split evenly, the odd one right; longer: the centre input.samples samples   |
 *
 * The mask marks real signal (1) against padding (0) so the explanation can leave padded steps out.
 */
import type { EcgRecord } from '../ecg/record.js';
import { resampledLength, resampleLinear } from '../ecg/resample.js';
import { ModelInputError } from './errors.js';
import type { ModelInputSpec } from './manifest.js';

export interface PreparedInput {
  /** leads × samples, lead-major, ready to be one row of the model's input tensor */
  data: Float32Array;
  /** per model-input sample: 1 = ECG signal, 0 = zero padding */
  mask: Uint8Array;
  /** model-input samples [validStart, validEnd) hold signal */
  validStart: number;
  validEnd: number;
  /** ECG time (s, from the record's first sample) of model-input sample 0: negative when padded, positive when cropped */
  offsetSeconds: number;
  /** the record's length at the model's rate, before padding or cropping */
  resampledLength: number;
}

function recordFile(record: EcgRecord): string {
  return record.source.path || record.id || 'ECG record';
}

/** Index of each of the model's leads in the record; throws naming the first missing lead. */
export function leadIndices(record: EcgRecord, leads: readonly string[]): number[] {
  return leads.map((lead) => {
    const i = record.leads.indexOf(lead);
    if (i < 0) {
      throw new ModelInputError(
        recordFile(record),
        `lead ${lead} is missing (the model needs ${leads.join(', ')}; the record has ${record.leads.join(', ') || 'no leads'})`,
      );
    }
    return i;
  });
}

export function prepareRecord(record: EcgRecord, spec: ModelInputSpec): PreparedInput {
  const file = recordFile(record);
  if (!(record.fs > 0) || !Number.isFinite(record.fs)) throw new ModelInputError(file, `sampling rate ${record.fs} Hz is not usable`);
  const indices = leadIndices(record, spec.leads);
  const n = record.samples[indices[0]!]!.length;
  if (n === 0) throw new ModelInputError(file, 'the record holds no samples');
  for (const [k, i] of indices.entries()) {
    const x = record.samples[i]!;
    if (x.length !== n) throw new ModelInputError(file, `lead ${spec.leads[k]} has ${x.length} samples where lead ${spec.leads[0]} has ${n}`);
    for (let s = 0; s < n; s++) {
      if (!Number.isFinite(x[s]!)) {
        throw new ModelInputError(file, `lead ${spec.leads[k]} holds ${x[s]} at sample ${s}: the model needs every sample; fill or cut the gap first`);
      }
    }
  }
  const N = spec.samples;
  const m = resampledLength(n, record.fs, spec.fs);
  const crop = m >= N ? Math.floor((m - N) / 2) : 0;
  const left = m >= N ? 0 : Math.floor((N - m) / 2);
  const kept = Math.min(m, N);
  const data = new Float32Array(spec.leads.length * N);
  for (const [k, i] of indices.entries()) {
    data.set(resampleLinear(record.samples[i]!, record.fs, spec.fs, crop, kept), k * N + left);
  }
  const mask = new Uint8Array(N);
  mask.fill(1, left, left + kept);
  return { data, mask, validStart: left, validEnd: left + kept, offsetSeconds: (crop - left) / spec.fs, resampledLength: m };
}

/** Several prepared inputs as one batch tensor (batch × leads × samples). */
export function stackInputs(inputs: readonly PreparedInput[], spec: ModelInputSpec): Float32Array {
  const size = spec.leads.length * spec.samples;
  const out = new Float32Array(inputs.length * size);
  inputs.forEach((p, b) => {
    if (p.data.length !== size) throw new RangeError(`input ${b} holds ${p.data.length} values, the model takes ${size}`);
    out.set(p.data, b * size);
  });
  return out;
}
