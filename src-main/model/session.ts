/**
 * A model package opened for inference: one onnxruntime session over the inference graph (or the Monte-Carlo graph
 * with dropout active), run in batches. Each ECG gets its logits, probabilities and the explained blocks'
 * activations (channels × length, channel-major), copied out of the batch so results do not pin batch buffers.
 */
import ort from 'onnxruntime-node';
import { ModelPackageError } from './errors.js';
import type { Manifest, ModelPackage } from './manifest.js';
import { stackInputs, type PreparedInput } from './prepare.js';
import { DEFAULT_PROVIDER, openWithFallback, type ProviderAttempt, type ProviderRequest } from './providers.js';

export interface BlockActivation {
  /** ONNX output name (manifest outputs.blocks[].output) */
  output: string;
  channels: number;
  length: number;
  data: Float32Array;
}

export interface ModelResult {
  logits: Float32Array;
  probabilities: Float32Array;
  /** in the manifest's block order */
  blocks: BlockActivation[];
}

export interface SessionOptions {
  /** 'cpu' (default) or an accelerator; see providers.ts */
  provider?: ProviderRequest;
  /** 'inference' (default) or 'mc': the graph with dropout active for Monte-Carlo passes */
  graph?: 'inference' | 'mc';
  /** intra-op threads (default: onnxruntime's choice) */
  threads?: number;
}

export const DEFAULT_BATCH = 32;

export function activate(logits: Float32Array, activation: 'sigmoid' | 'softmax'): Float32Array {
  const out = new Float32Array(logits.length);
  if (activation === 'sigmoid') {
    for (let i = 0; i < logits.length; i++) out[i] = 1 / (1 + Math.exp(-logits[i]!));
    return out;
  }
  const max = Math.max(...logits);
  let sum = 0;
  for (let i = 0; i < logits.length; i++) sum += out[i] = Math.exp(logits[i]! - max);
  for (let i = 0; i < logits.length; i++) out[i]! /= sum;
  return out;
}

export class ModelSession {
  private constructor(
    readonly pkg: ModelPackage,
    private readonly session: ort.InferenceSession,
    /** the execution provider that runs the model */
    readonly provider: string,
    /** providers tried first that could not open, with the reason */
    readonly fallbacks: ProviderAttempt[],
    readonly graph: 'inference' | 'mc',
  ) {}

  static async open(pkg: ModelPackage, options: SessionOptions = {}): Promise<ModelSession> {
    const m = pkg.manifest;
    const graph = options.graph ?? 'inference';
    if (graph === 'mc' && !m.mcGraph) throw new ModelPackageError(pkg.path('manifest.json'), 'lists no mcGraph: this package has no Monte-Carlo graph');
    const file = pkg.path(graph === 'mc' ? m.mcGraph!.file : m.model.file);
    const sessionOptions: ort.InferenceSession.SessionOptions = options.threads ? { intraOpNumThreads: options.threads } : {};
    const opened = await openWithFallback(file, options.provider ?? DEFAULT_PROVIDER, sessionOptions);
    const missing = [m.outputs.logits.name, ...m.outputs.blocks.map((b) => b.output)].filter((n) => !opened.session.outputNames.includes(n));
    if (missing.length || !opened.session.inputNames.includes(m.input.name)) {
      await opened.session.release();
      throw new ModelPackageError(
        file,
        `the graph does not match manifest.json: ${missing.length ? `no output ${missing.join(', ')}` : `no input ${m.input.name}`} ` +
          `(graph inputs ${opened.session.inputNames.join(', ')}; outputs ${opened.session.outputNames.join(', ')})`,
      );
    }
    return new ModelSession(pkg, opened.session, opened.provider, opened.fallbacks, graph);
  }

  get manifest(): Manifest {
    return this.pkg.manifest;
  }

  /** The bare onnxruntime call: one batch tensor in, the raw output tensors out (what the benchmark's baseline times). */
  async runTensor(data: Float32Array, batch: number): Promise<ort.InferenceSession.OnnxValueMapType> {
    const { input } = this.manifest;
    const tensor = new ort.Tensor('float32', data, [batch, input.leads.length, input.samples]);
    return this.session.run({ [input.name]: tensor });
  }

  /** Runs prepared ECGs in batches of `batchSize`; one result per input, in order. */
  async run(inputs: readonly PreparedInput[], batchSize = DEFAULT_BATCH): Promise<ModelResult[]> {
    const results: ModelResult[] = [];
    for (let start = 0; start < inputs.length; start += batchSize) results.push(...(await this.runBatch(inputs.slice(start, start + batchSize))).results);
    return results;
  }

  /**
   * Runs one batch: each ECG's result, and the explained blocks' activations of the whole batch as onnxruntime
   * gave them ([batch, C, L] per block, manifest order), for consumers that work on the batch at once (scorer.ts).
   */
  async runBatch(chunk: readonly PreparedInput[]): Promise<{ results: ModelResult[]; blocks: Float32Array[] }> {
    const m = this.manifest;
    const classes = m.classes.length;
    const out = await this.runTensor(stackInputs(chunk, m.input), chunk.length);
    const logits = out[m.outputs.logits.name]!.data as Float32Array;
    if (logits.length !== chunk.length * classes) {
      throw new ModelPackageError(this.pkg.path(m.model.file), `logits hold ${logits.length / chunk.length} values per ECG; manifest.json lists ${classes} classes`);
    }
    const blocks = m.outputs.blocks.map((b) => {
      const t = out[b.output]!;
      const size = b.channels * b.length;
      if (t.data.length !== chunk.length * size) {
        throw new ModelPackageError(this.pkg.path(m.model.file), `output ${b.output} has shape [${t.dims.join(', ')}]; manifest.json says ${b.channels} × ${b.length}`);
      }
      return t.data as Float32Array;
    });
    const results = chunk.map((_, i): ModelResult => {
      const l = logits.slice(i * classes, (i + 1) * classes);
      return {
        logits: l,
        probabilities: activate(l, m.outputs.logits.activation),
        blocks: m.outputs.blocks.map((b, k) => {
          const size = b.channels * b.length;
          return { output: b.output, channels: b.channels, length: b.length, data: blocks[k]!.slice(i * size, (i + 1) * size) };
        }),
      };
    });
    return { results, blocks };
  }

  async close(): Promise<void> {
    await this.session.release();
  }
}
