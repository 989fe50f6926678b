/**
 * A RecordAnalysis as the archive stores it, and back. The worklist columns are filled from the explanation:
 *
 * | analyses column     | from the RecordAnalysis                                                   |
 * |---------------------|---------------------------------------------------------------------------|
 * | probabilities       | class → probability (the top class and its probability follow in the store) |
 * | uncertainty         | meanUncertainty of the explanation's default view (normalised entropy)     |
 * | surrogate_agreement | surrogate.labelAgreement: share of classes the surrogate calls as the CNN (1 = agrees) |
 * | proportions         | the default view's cluster proportions                                     |
 * | settings            | provider, called classes, Monte-Carlo passes, the job that made it          |
 * | measurements        | our delineator's {fs, intervals, beats}                                    |
 * | explanation         | the Explanation as compressed JSON (tagged brotli; see encodeExplanation)  |
 *
 * Reading accepts gzip and plain JSON explanations too (analyses stored before brotli, tests, other tools).
 */
import { brotliCompressSync, brotliDecompressSync, constants as zlibConstants, gunzipSync } from 'node:zlib';
import type { BeatMarks, Intervals } from '../ecg/delineate-types.js';
import type { Explanation } from '../explain/explain-ecg.js';
import type { Analysis, NewAnalysis } from '../store/analysis-repository.js';
import type { RecordAnalysis } from './analyzer.js';

export interface StoredAnalysis {
  id: number;
  studyId: number;
  createdAt: string;
  modelId: string;
  modelVersion: string;
  modelSha256?: string;
  clusterModel?: string;
  provider?: string;
  /** class ids in the model's order */
  classes: string[];
  probabilities: number[];
  /** at or above the class threshold, per class */
  predicted: boolean[];
  uncertainty?: number;
  surrogateAgreement?: number;
  /** default view's cluster proportions */
  proportions?: number[];
  explanation?: Explanation;
  fs?: number;
  intervals?: Intervals;
  beats?: BeatMarks[];
  jobId?: number;
}

interface StoredSettings {
  provider?: string;
  called?: string[];
  thresholds?: Record<string, number>;
  mcPasses?: number;
  jobId?: number;
}

interface StoredMeasurements {
  fs: number;
  intervals: Intervals;
  beats: BeatMarks[];
}

/**
 * A stored explanation blob: its JSON compressed. Which compression is told by the first bytes; older rows stay
 * readable as they are.
 *
 * | first bytes      | blob                                   | written                                   |
 * |------------------|----------------------------------------|-------------------------------------------|
 * | `B1` (0x42 0x31) | the tag, then brotli quality 1          | now: 0.09 ms and 8.0 KiB per ECG           |
 * | 0x1f 0x8b        | gzip                                   | before (level 6: 0.38 ms and 6.7 KiB)      |
 * | `{`              | plain JSON                             | never by the app; accepted                 |
 *
 * The batch job encodes on the app's main thread, once per ECG: brotli 1 cut that from 0.51 to 0.22 ms (with
 * JSON.stringify) for 20 % more bytes, the trade the signal codec makes too (store/signal-codec.ts).
 */
const GZIP_MAGIC = [0x1f, 0x8b];
const BROTLI_TAG = [0x42, 0x31];

export function encodeExplanation(e: Explanation): Uint8Array {
  const packed = brotliCompressSync(JSON.stringify(e), { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 1 } });
  const out = new Uint8Array(BROTLI_TAG.length + packed.length);
  out.set(BROTLI_TAG);
  out.set(packed, BROTLI_TAG.length);
  return out;
}

export function decodeExplanation(blob: Uint8Array): unknown {
  const starts = (magic: number[]) => blob[0] === magic[0] && blob[1] === magic[1];
  const view = Buffer.from(blob.buffer, blob.byteOffset, blob.byteLength);
  const bytes = starts(BROTLI_TAG) ? brotliDecompressSync(view.subarray(BROTLI_TAG.length)) : starts(GZIP_MAGIC) ? gunzipSync(view) : view;
  return JSON.parse(bytes.toString('utf8'));
}

export function defaultView(e: Explanation) {
  return e.views.find((v) => v.view === e.defaultView) ?? e.views[0]!;
}

export function toNewAnalysis(studyId: number, a: RecordAnalysis, extra: { jobId?: number; mcPasses?: number } = {}): NewAnalysis {
  const e = a.explanation;
  const view = e && defaultView(e);
  const settings: StoredSettings = {
    provider: a.provider,
    called: a.classes.filter((_, i) => a.predicted[i]),
    ...(extra.mcPasses ? { mcPasses: extra.mcPasses } : {}),
    ...(extra.jobId !== undefined ? { jobId: extra.jobId } : {}),
  };
  const measurements: StoredMeasurements = { fs: a.fs, intervals: a.intervals, beats: a.beats };
  return {
    studyId,
    modelId: a.modelId,
    modelVersion: a.modelVersion,
    modelSha256: a.modelSha256,
    ...(a.clusterModel ? { clusterModelVersion: a.clusterModel } : {}),
    probabilities: Object.fromEntries(a.classes.map((c, i) => [c, a.probabilities[i]!])),
    ...(view ? { uncertainty: view.meanUncertainty, proportions: view.proportions } : {}),
    ...(e?.surrogate ? { surrogateAgreement: e.surrogate.labelAgreement } : {}),
    settings: settings as Record<string, unknown>,
    ...(e ? { explanation: encodeExplanation(e) } : {}),
    measurements: measurements as unknown as Record<string, unknown>,
  };
}

/** A stored analysis as the viewer reads it; analyses from `analyze FILE --db` (no explanation, no measurements) included. */
export function fromStored(a: Analysis): StoredAnalysis {
  const settings = (a.settings ?? {}) as StoredSettings;
  const classes = Object.keys(a.probabilities);
  const called = settings.called;
  const thresholds = settings.thresholds ?? {};
  const m = a.measurements as StoredMeasurements | undefined;
  const out: StoredAnalysis = {
    id: a.id,
    studyId: a.studyId,
    createdAt: a.createdAt,
    modelId: a.modelId,
    modelVersion: a.modelVersion,
    classes,
    probabilities: classes.map((c) => a.probabilities[c]!),
    predicted: classes.map((c) => (called ? called.includes(c) : a.probabilities[c]! >= (thresholds[c] ?? 0.5))),
  };
  const optional: Partial<StoredAnalysis> = {
    modelSha256: a.modelSha256,
    clusterModel: a.clusterModelVersion,
    provider: settings.provider,
    uncertainty: a.uncertainty,
    surrogateAgreement: a.surrogateAgreement,
    proportions: a.proportions,
    explanation: a.explanation ? (decodeExplanation(a.explanation) as Explanation) : undefined,
    fs: m?.fs,
    intervals: m?.intervals,
    beats: m?.beats,
    jobId: settings.jobId,
  };
  for (const [k, v] of Object.entries(optional)) if (v !== undefined) (out as unknown as Record<string, unknown>)[k] = v;
  return out;
}
