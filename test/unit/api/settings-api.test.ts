/**
 * getSettings / setSettings over a fresh data folder: the model packages found (shipped, and in the data folder's
 * models/, a broken one listed with its reason), the cluster models in cluster-models/ (one fitted for other
 * weights refused with the reason), the providers of this onnxruntime-node build, and the patch's validation.
 */
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PROVIDER_CHOICES, type ModelPackageEntry } from '../../../src-main/api/contract/model-choice.js';
import type { SettingsView } from '../../../src-main/api/contract/settings.js';
import { refusedPathArgument } from '../../../src-main/api/transport/user-path.js';
import { defaultModelDir } from '../../../src-main/model/default-model.js';
import { PROVIDER_REQUESTS } from '../../../src-main/model/providers.js';
import { tempApi, type TempApi } from './temp-api.js';

const SHIPPED = defaultModelDir();
const shippedManifest = JSON.parse(readFileSync(join(SHIPPED, 'manifest.json'), 'utf8')) as { id: string; version: string; classes: Array<{ id: string }>; files: Record<string, { sha256: string }> };
const shippedClusters = JSON.parse(readFileSync(join(SHIPPED, 'clusters.json'), 'utf8')) as { modelSha256: string; views: Array<{ view: string; k: number }>; fittedOn: { createdAt: string; description: string } };

let t: TempApi;
const get = () => t.api.dispatch('getSettings', {}) as Promise<SettingsView>;
const set = (patch: unknown) => t.api.dispatch('setSettings', patch) as Promise<SettingsView>;
const refusal = (patch: unknown) => set(patch).then(() => undefined, (e: { code: string; message: string }) => e);

/** A cluster model folder holding the shipped clusters.json, its model sha256 replaced when `sha` is given. */
function clusterFolder(name: string, sha?: string): string {
  const dir = join(t.dir, 'cluster-models', name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'clusters.json'), JSON.stringify({ ...shippedClusters, ...(sha ? { modelSha256: sha } : {}) }));
  return dir;
}

beforeEach(() => {
  t = tempApi();
});
afterEach(() => t.dispose());

describe('getSettings lists what analyses can use', () => {
  it('the shipped package with id, version, classes, sha256 and its own cluster model with K per view', async () => {
    const v = await get();
    expect(v.settings).toMatchObject({ provider: 'cpu', modelDir: SHIPPED });
    expect(v.settings.clusterDir).toBeUndefined();
    expect(v.defaults).toMatchObject({ provider: 'cpu', modelDir: SHIPPED });
    const shipped = v.models.packages.find((p) => p.dir === SHIPPED) as Extract<ModelPackageEntry, { ok: true }>;
    expect(shipped).toMatchObject({
      ok: true,
      source: 'shipped',
      id: shippedManifest.id,
      version: shippedManifest.version,
      classes: shippedManifest.classes.map((c) => c.id),
      sha256: shippedManifest.files['model.onnx']!.sha256,
    });
    expect(shipped.clusters).toMatchObject({
      ok: true,
      name: 'package',
      modelSha256: shipped.sha256,
      views: shippedClusters.views.map((x) => ({ view: x.view, k: x.k })),
      fittedOn: { createdAt: shippedClusters.fittedOn.createdAt, description: shippedClusters.fittedOn.description },
      surrogate: true,
    });
    // models/training has no manifest.json: not a package
    expect(v.models.packages.filter((p) => p.source === 'shipped').map((p) => p.dir)).toEqual([SHIPPED]);
    expect(v.models.current).toEqual({ ok: true, id: shipped.id, version: shipped.version, sha256: shipped.sha256, dir: SHIPPED, clusterModel: shippedClusters.fittedOn.createdAt });
    expect(v.models.packageFolders).toEqual([dirname(SHIPPED), join(t.dir, 'models')]);
    expect(v.models.clusterModels).toEqual([]);
    expect(v.models.lastRun).toBeUndefined();
  });

  it('packages in the data folder, broken ones with the reason they cannot load', async () => {
    const copy = join(t.dir, 'models', 'copy');
    mkdirSync(copy, { recursive: true });
    for (const f of Object.keys(shippedManifest.files).concat('manifest.json')) copyFileSync(join(SHIPPED, f), join(copy, f));
    const altered = join(t.dir, 'models', 'altered');
    mkdirSync(altered);
    copyFileSync(join(SHIPPED, 'manifest.json'), join(altered, 'manifest.json'));
    for (const f of Object.keys(shippedManifest.files)) writeFileSync(join(altered, f), 'not the model');
    mkdirSync(join(t.dir, 'models', 'empty'));

    const data = (await get()).models.packages.filter((p) => p.source === 'data');
    expect(data.map((p) => [p.dir, p.ok])).toEqual([
      [altered, false],
      [copy, true],
      [join(t.dir, 'models', 'empty'), false],
    ]);
    expect(data[0]).toMatchObject({ problem: expect.stringMatching(/altered: 13 bytes where manifest\.json says \d+ bytes/) });
    expect(data[1]).toMatchObject({ id: shippedManifest.id, clusters: null });
    expect(data[2]).toMatchObject({ problem: expect.stringContaining('missing: a model package is a folder holding manifest.json') });

    // choosing the copy: accepted, and the next analysis's identity follows it (it has no cluster model of its own)
    const chosen = await set({ modelDir: copy });
    expect(chosen.settings.modelDir).toBe(copy);
    expect(chosen.models.current).toMatchObject({ ok: true, dir: copy });
    expect(chosen.models.current).not.toHaveProperty('clusterModel');
    const bad = await refusal({ modelDir: altered });
    expect(bad).toMatchObject({ code: 'invalid-arguments', message: expect.stringContaining(`the model package in ${altered} cannot be used`) });
    expect(t.settings.saved().modelDir).toBe(copy);
  });

  it('fitted cluster models with K and provenance; one fitted for other weights is refused with the reason', async () => {
    const same = clusterFolder('same-weights');
    const other = clusterFolder('other-weights', 'ab'.repeat(32));
    mkdirSync(join(t.dir, 'cluster-models', 'nothing-fitted'));
    const listed = (await get()).models.clusterModels;
    expect(listed.map((c) => [c.name, c.ok])).toEqual([
      ['nothing-fitted', false],
      ['other-weights', true],
      ['same-weights', true],
    ]);
    expect(listed[0]).toMatchObject({ problem: expect.stringContaining('no clusters.json in this folder; fit one into it with `ecg-tlc fit --out') });
    expect(listed[1]).toMatchObject({ modelSha256: 'ab'.repeat(32), surrogate: false, views: shippedClusters.views.map((x) => ({ view: x.view, k: x.k })) });

    expect(await refusal({ clusterDir: other })).toMatchObject({
      code: 'invalid-arguments',
      message: expect.stringMatching(/cannot be used with tlc-resnet1d-small-v1: .*fitted for model sha256 abababababab…, but tlc-resnet1d-small-v1 is [0-9a-f]{12}…/),
    });
    expect(await refusal({ clusterDir: join(t.dir, 'cluster-models', 'nothing-fitted') })).toMatchObject({ code: 'invalid-arguments', message: expect.stringContaining('no clusters.json') });
    expect(t.settings.saved()).toEqual({});

    const ok = await set({ clusterDir: same });
    expect(ok.settings.clusterDir).toBe(same);
    expect(ok.models.current).toMatchObject({ ok: true, clusterModel: shippedClusters.fittedOn.createdAt });
    // the package's own folder is the default: saving it removes the key
    expect((await set({ clusterDir: SHIPPED, modelDir: SHIPPED })).settings.clusterDir).toBeUndefined();
    expect(t.settings.saved()).toEqual({});
  });

  it('providers of this build: each falls back to cpu; the choice persists in the file', async () => {
    expect([...PROVIDER_CHOICES]).toEqual([...PROVIDER_REQUESTS]);
    const { providers } = (await get()).models;
    expect(providers.map((p) => p.request)).toEqual([...PROVIDER_REQUESTS]);
    expect(providers.find((p) => p.request === 'cpu')).toEqual({ request: 'cpu', candidates: ['cpu'], status: 'bundled' });
    for (const p of providers) expect(p.candidates.at(-1)).toBe('cpu');
    if (process.platform === 'linux') {
      expect(providers.find((p) => p.request === 'auto')!.candidates).toEqual(['cuda', 'cpu']);
      expect(providers.find((p) => p.request === 'dml')!.status).toBe('absent');
      expect(providers.find((p) => p.request === 'coreml')!.status).toBe('absent');
    }
    const saved = await set({ provider: 'auto' });
    expect(saved.settings.provider).toBe('auto');
    expect(JSON.parse(readFileSync(t.settings.file, 'utf8'))).toEqual({ provider: 'auto' });
    expect((await get()).settings.provider).toBe('auto');
  });
});

describe('setSettings validates the patch', () => {
  it.each([
    [{ provider: 'tpu' }, 'provider'],
    [{ modelDir: 'models/tlc' }, 'modelDir must be an absolute path'],
    [{ clusterDir: 'cluster-models/k4' }, 'clusterDir must be an absolute path'],
    [{ clusterDir: '' }, 'clusterDir'],
    [{ k: 8 }, 'Unrecognized key: "k"'],
  ])('%j is refused, naming %s', async (patch, words) => {
    const err = await refusal(patch);
    expect(err).toMatchObject({ code: 'invalid-arguments', message: expect.stringContaining(words) });
    expect(t.settings.saved()).toEqual({});
  });

  it('the renderer path policy covers the model and cluster folders', () => {
    expect(refusedPathArgument('setSettings', { clusterDir: '/data/cluster-models/../../etc' }, 'linux')).toMatch(/clusterDir must not contain "\." or "\.\." segments/);
    expect(refusedPathArgument('setSettings', { modelDir: 'C:\\models', clusterDir: null }, 'linux')).toMatch(/modelDir must be absolute/);
    expect(refusedPathArgument('setSettings', { modelDir: null, clusterDir: null }, 'linux')).toBeUndefined();
  });

  it('null takes a choice back to its default', async () => {
    const same = clusterFolder('same-weights');
    await set({ clusterDir: same, provider: 'cpu' });
    expect(t.settings.saved()).toEqual({ clusterDir: same, provider: 'cpu' });
    const back = await set({ clusterDir: null });
    expect(back.settings.clusterDir).toBeUndefined();
    expect(t.settings.saved()).toEqual({ provider: 'cpu' });
  });
});
