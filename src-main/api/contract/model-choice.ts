/**
 * What the settings view offers for analyses: the model packages found, the cluster models fitted for them, the
 * execution providers of this onnxruntime-node build, and the choice in effect. Listed by the main process
 * (api/services/model-catalog.ts); the renderer only shows them and sends back a folder or a provider name.
 */
import { z } from 'zod';

/** Mirrors PROVIDER_REQUESTS in model/providers.ts (a test holds them equal; this folder imports nothing but zod). */
export const PROVIDER_CHOICES = ['cpu', 'auto', 'cuda', 'dml', 'coreml', 'webgpu'] as const;
export const ProviderChoice = z.enum(PROVIDER_CHOICES);
export type ProviderChoice = z.infer<typeof ProviderChoice>;

export const ClusterModelFacts = z.object({
  ok: z.literal(true),
  /** the folder holding clusters.json (and surrogate.json when fitted with it) */
  dir: z.string(),
  /** the folder's name, or "package" for the cluster model inside a model package */
  name: z.string(),
  modelId: z.string(),
  /** the weights it was fitted for: usable only with the package of this model.onnx sha256 */
  modelSha256: z.string(),
  views: z.array(z.object({ view: z.string(), k: z.number().int() })),
  defaultView: z.string(),
  fittedOn: z.object({ description: z.string(), ecgs: z.number().int(), createdAt: z.string() }),
  surrogate: z.boolean(),
});
export type ClusterModelFacts = z.infer<typeof ClusterModelFacts>;

export const ClusterModelEntry = z.discriminatedUnion('ok', [
  ClusterModelFacts,
  z.object({ ok: z.literal(false), dir: z.string(), name: z.string(), problem: z.string() }),
]);
export type ClusterModelEntry = z.infer<typeof ClusterModelEntry>;

const PackageSource = z.enum(['shipped', 'data']);

export const ModelPackageEntry = z.discriminatedUnion('ok', [
  z.object({
    ok: z.literal(true),
    dir: z.string(),
    /** shipped with the app, or installed in the data folder's models/ */
    source: PackageSource,
    id: z.string(),
    version: z.string(),
    classes: z.array(z.string()),
    /** sha256 of model.onnx */
    sha256: z.string(),
    /** its own clusters.json; null when it has none (analyses then carry no cluster explanation) */
    clusters: ClusterModelEntry.nullable(),
  }),
  z.object({ ok: z.literal(false), dir: z.string(), source: PackageSource, problem: z.string() }),
]);
export type ModelPackageEntry = z.infer<typeof ModelPackageEntry>;

export const ProviderEntry = z.object({
  request: ProviderChoice,
  /** execution providers tried in this order; the last one is cpu */
  candidates: z.array(z.string()),
  /**
   * of the first candidate: bundled with this onnxruntime-node build, known to it but not installed (an opt-in
   * download), or absent on this platform; a provider that cannot open falls back to the next candidate
   */
  status: z.enum(['bundled', 'installable', 'absent']),
});
export type ProviderEntry = z.infer<typeof ProviderEntry>;

export const ModelChoiceView = z.object({
  /** folders searched for model packages: the app's models/ and the data folder's models/ */
  packageFolders: z.array(z.string()),
  /** where `ecg-tlc fit --out` results are looked for: <data folder>/cluster-models/<name>/ */
  clusterModelFolder: z.string().optional(),
  packages: z.array(ModelPackageEntry),
  /** the cluster models fitted into clusterModelFolder (the packages' own are in `packages`) */
  clusterModels: z.array(ClusterModelEntry),
  providers: z.array(ProviderEntry),
  /** the model and cluster model the next analysis uses (the key that marks stored analyses stale), or why it cannot */
  current: z.union([
    z.object({ ok: z.literal(true), id: z.string(), version: z.string(), sha256: z.string(), dir: z.string(), clusterModel: z.string().optional() }),
    z.object({ ok: z.literal(false), problem: z.string() }),
  ]),
  /** the latest analysis in the archive: which execution provider actually ran it */
  lastRun: z.object({ provider: z.string(), modelId: z.string(), createdAt: z.string() }).optional(),
});
export type ModelChoiceView = z.infer<typeof ModelChoiceView>;
