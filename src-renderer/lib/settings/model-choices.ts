/**
 * The lines the settings view shows for model packages, cluster models and providers. Whether a cluster model
 * fits a package is decided by the model sha256 it was fitted for (its centroids live in that network's
 * activation space); the main process checks the same again when the choice is saved.
 */
import type { ClusterModelEntry, ModelChoiceView, ModelPackageEntry, ProviderEntry } from '../../../src-main/api/contract/model-choice.js';

type Package = Extract<ModelPackageEntry, { ok: true }>;

export interface ClusterChoice {
  /** '' for the package's own cluster model */
  value: string;
  label: string;
  /** absent for "the package has none" */
  entry?: ClusterModelEntry;
  /** why it cannot be chosen with the package */
  refusal?: string;
}

export const shortSha = (sha: string): string => `${sha.slice(0, 12)}…`;

/** "block2 K 9 · block3 K 8 · combined K 8" */
export const kText = (entry: Extract<ClusterModelEntry, { ok: true }>): string => entry.views.map((v) => `${v.view} K ${v.k}`).join(' · ');

export function usablePackage(models: ModelChoiceView, dir: string): Package | undefined {
  const p = models.packages.find((x) => x.dir === dir);
  return p?.ok ? p : undefined;
}

function refusalFor(entry: ClusterModelEntry, pkg: Package | undefined): string | undefined {
  if (!entry.ok) return entry.problem;
  if (!pkg) return 'choose a model package that loads first';
  if (entry.modelSha256 !== pkg.sha256) {
    return `fitted for ${entry.modelId} (model sha256 ${shortSha(entry.modelSha256)}), but ${pkg.id} ${pkg.version} is ${shortSha(pkg.sha256)}: fit it again with ecg-tlc fit`;
  }
  return undefined;
}

/** The package's own cluster model, then the fitted ones, each with why it cannot go with the package at `modelDir`. */
export function clusterChoices(models: ModelChoiceView, modelDir: string): ClusterChoice[] {
  const pkg = usablePackage(models, modelDir);
  const own = pkg?.clusters ?? undefined;
  const first: ClusterChoice = own
    ? { value: '', label: 'The model package\'s own', entry: own, ...optional(refusalFor(own, pkg)) }
    : { value: '', label: 'The model package\'s own: none (analyses carry no cluster explanation)' };
  return [first, ...models.clusterModels.map((e): ClusterChoice => ({ value: e.dir, label: e.name, entry: e, ...optional(refusalFor(e, pkg)) }))];
}

const optional = (refusal: string | undefined) => (refusal ? { refusal } : {});

const STATUS: Record<ProviderEntry['status'], string> = {
  bundled: 'available in this build',
  installable: 'known to this build, libraries not installed',
  absent: 'not available on this platform',
};

/** "auto: cuda, then cpu (known to this build, libraries not installed)" */
export function providerText(p: ProviderEntry): string {
  const order = p.candidates.length > 1 ? `${p.candidates.slice(0, -1).join(', ')}, then cpu` : 'cpu';
  return `${p.request}: ${order} (${p.candidates[0] === 'cpu' ? 'always available' : STATUS[p.status]})`;
}
