/**
 * The settings screen's analysis choices over the real API (fresh data folder): the drafts start from the saved
 * settings, a cluster model fitted for other weights is refused with the reason for the package chosen, choosing
 * a package with other weights drops a cluster model that no longer fits, and saving persists all three.
 */
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sha256File } from '../../../src-main/model/manifest.js';
import { defaultModelDir } from '../../../src-main/model/default-model.js';
import { clusterChoices, kText, providerText } from '../../../src-renderer/lib/settings/model-choices.js';
import { tempApi, type TempApi } from '../api/temp-api.js';
import { bridgeOver } from './bridge-over.js';

type SettingsModule = typeof import('../../../src-renderer/state/app-settings.svelte.js');

const SHIPPED = defaultModelDir();
const manifest = () => JSON.parse(readFileSync(join(SHIPPED, 'manifest.json'), 'utf8')) as { files: Record<string, { sha256: string; bytes: number }> };
const clusters = () => JSON.parse(readFileSync(join(SHIPPED, 'clusters.json'), 'utf8')) as Record<string, unknown>;

let t: TempApi;
let mod: SettingsModule;
beforeEach(async () => {
  mod = (await import('../../../src-renderer/state/app-settings.svelte.js')) as unknown as SettingsModule;
  t = tempApi();
});
afterEach(() => t.dispose());

function clusterFolder(name: string, sha?: string): string {
  const dir = join(t.dir, 'cluster-models', name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'clusters.json'), JSON.stringify({ ...clusters(), ...(sha ? { modelSha256: sha } : {}) }));
  return dir;
}

/** A valid package whose model.onnx is the shipped dropout graph: other weights, so another sha256. */
function otherWeights(): { dir: string; sha: string } {
  const dir = join(t.dir, 'models', 'other-weights');
  mkdirSync(dir, { recursive: true });
  const m = manifest();
  for (const f of Object.keys(m.files)) copyFileSync(join(SHIPPED, f), join(dir, f));
  copyFileSync(join(SHIPPED, 'model_mc.onnx'), join(dir, 'model.onnx'));
  m.files['model.onnx'] = { ...m.files['model_mc.onnx']! };
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(m));
  return { dir, sha: sha256File(join(dir, 'model.onnx')) };
}

describe('analysis choices in the settings state', () => {
  it('starts from the saved settings: the shipped package, its own cluster model, cpu', async () => {
    const s = new mod.AppSettings(bridgeOver(t));
    await s.load();
    expect([s.modelDirDraft, s.clusterDirDraft, s.providerDraft, s.modelChanged]).toEqual([SHIPPED, '', 'cpu', false]);
    const own = clusterChoices(s.view!.models, SHIPPED)[0]!;
    expect(own).toMatchObject({ value: '', label: 'The model package\'s own' });
    expect(own.refusal).toBeUndefined();
    expect(own.entry?.ok && kText(own.entry)).toMatch(/^block2 K \d+ · block3 K \d+ · block4 K \d+ · combined K \d+$/);
    const auto = s.view!.models.providers.find((p) => p.request === 'auto')!;
    if (process.platform === 'linux') expect(providerText(auto)).toMatch(/^auto: cuda, then cpu \((available in this build|known to this build, libraries not installed)\)$/);
    expect(providerText(s.view!.models.providers[0]!)).toBe('cpu: cpu (always available)');
  });

  it('refuses a cluster model fitted for other weights, drops one that no longer fits, saves all three', async () => {
    const same = clusterFolder('same-weights');
    clusterFolder('for-other', 'cd'.repeat(32));
    const other = otherWeights();
    const s = new mod.AppSettings(bridgeOver(t));
    await s.load();
    const choices = clusterChoices(s.view!.models, SHIPPED);
    expect(choices.map((c) => [c.label, c.refusal ?? 'ok'])).toEqual([
      ['The model package\'s own', 'ok'],
      ['for-other', expect.stringMatching(/^fitted for tlc-resnet1d-small-v1 \(model sha256 cdcdcdcdcdcd…\), but tlc-resnet1d-small-v1 1\.0\.0 is [0-9a-f]{12}…: fit it again/)],
      ['same-weights', 'ok'],
    ]);
    // the other package has no cluster model of its own, and neither folder fits its weights
    expect(clusterChoices(s.view!.models, other.dir).map((c) => c.refusal === undefined)).toEqual([true, false, false]);

    s.clusterDirDraft = same;
    s.providerDraft = 'auto';
    expect(s.modelChanged).toBe(true);
    s.chooseModel(other.dir);
    expect([s.modelDirDraft, s.clusterDirDraft]).toEqual([other.dir, '']);
    s.chooseModel(SHIPPED);
    s.clusterDirDraft = same;
    await s.saveModelChoice();
    expect(s.modelError).toBeUndefined();
    expect([s.modelSaved, s.modelChanged]).toEqual([true, false]);
    expect(t.settings.saved()).toEqual({ provider: 'auto', clusterDir: same });

    const again = new mod.AppSettings(bridgeOver(t));
    await again.load();
    expect([again.modelDirDraft, again.clusterDirDraft, again.providerDraft]).toEqual([SHIPPED, same, 'auto']);
    // a choice the main process refuses is reported, and nothing is saved
    again.modelDirDraft = other.dir;
    await again.saveModelChoice();
    expect(again.modelError).toMatch(/cannot be used with tlc-resnet1d-small-v1: .*fitted for model sha256/);
    expect(t.settings.saved()).toEqual({ provider: 'auto', clusterDir: same });
    expect(other.sha).not.toBe(manifest().files['model.onnx']!.sha256);
  });
});
