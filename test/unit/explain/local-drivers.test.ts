/**
 * Per-ECG drivers computed on showing (local-drivers.ts): the batch explanation carries none; filled in from the
 * stored proportions they equal the counterfactuals walked tree by tree with predictProba; only the surrogate
 * that made the explanation may fill them in. Real activations of the shipped model on three LUDB records.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { loadExplainContext } from '../../../src-main/explain/context.js';
import { explainEcg, referenceOf, type ExplainContext, type Explanation } from '../../../src-main/explain/explain-ecg.js';
import { completeExplanation, hasLocalDrivers, withLocalDrivers } from '../../../src-main/explain/local-drivers.js';
import { readEcgFile } from '../../../src-main/formats/registry.js';
import { defaultModelDir } from '../../../src-main/model/default-model.js';
import { loadModelPackage } from '../../../src-main/model/manifest.js';
import { prepareRecord } from '../../../src-main/model/prepare.js';
import { ModelSession } from '../../../src-main/model/session.js';
import { hasShared, sharedPath } from '../../helpers/shared.js';

describe.skipIf(!hasShared('data', 'ludb'))('per-ECG drivers on showing', () => {
  const pkg = loadModelPackage(defaultModelDir());
  let ctx: ExplainContext;
  let explained: Explanation[];

  beforeAll(async () => {
    ctx = loadExplainContext(pkg)!;
    const spec = pkg.manifest.input;
    const prepared = ['1', '7', '23'].map((n) => prepareRecord(readEcgFile(sharedPath('data', 'ludb', 'data', `${n}.hea`)), spec));
    const session = await ModelSession.open(pkg, { provider: 'cpu', threads: 1 });
    try {
      const { results } = await session.runBatch(prepared);
      explained = results.map((r, i) => explainEcg(ctx, { probabilities: r.probabilities, blocks: r.blocks, inputMask: prepared[i]!.mask, inputFs: spec.fs, inputOffsetSeconds: prepared[i]!.offsetSeconds }));
    } finally {
      await session.close();
    }
  });

  it('the batch explanation has the surrogate and its global importances, no per-ECG drivers', () => {
    expect(ctx.surrogate).toBeDefined();
    for (const e of explained) {
      expect(e.surrogate!.drivers.map((d) => d.class)).toEqual(ctx.classes);
      expect(e.surrogate!.drivers.every((d) => d.local === undefined && d.global.length > 0)).toBe(true);
      expect(hasLocalDrivers(e)).toBe(false);
    }
  });

  it('fills them from the stored proportions: each equals p(row) − p(row with the cluster at its reference share)', () => {
    let nonZero = 0;
    for (const e of explained) {
      const full = withLocalDrivers(e, ctx);
      expect(hasLocalDrivers(full)).toBe(true);
      expect(full.views).toBe(e.views);
      const main = e.views.find((v) => v.view === e.defaultView)!;
      const x = e.views.flatMap((v) => v.proportions);
      const start = e.views.slice(0, e.views.indexOf(main)).reduce((n, v) => n + v.k, 0);
      const reference = referenceOf(ctx.clusters);
      // the counterfactual rows built here, scored by plain tree walks (not the forking walk explainRow uses)
      const rows = [x, ...Array.from({ length: main.k }, (_, k) => {
        const row = x.slice();
        const scale = (1 - reference[start + k]!) / (1 - x[start + k]!);
        for (let j = start; j < start + main.k; j++) row[j] = j === start + k ? reference[j]! : x[j]! * scale;
        return row;
      })];
      const p = ctx.surrogate!.predictProba(rows);
      full.surrogate!.drivers.forEach((d, c) => {
        expect(d.local).toHaveLength(main.k);
        d.local!.forEach((v, k) => expect(v).toBeCloseTo(p[0]![c]! - p[k + 1]![c]!, 4));
        nonZero += d.local!.filter((v) => v !== 0).length;
      });
      // probabilities and agreement are the batch's, untouched
      expect(full.surrogate!.probabilities).toEqual(e.surrogate!.probabilities);
      expect(withLocalDrivers(full, ctx)).toBe(full);
    }
    expect(nonZero).toBeGreaterThan(0);
  });

  it('leaves them out when the context is not the surrogate that made the explanation', () => {
    const e = explained[0]!;
    const refitted: ExplainContext = { ...ctx, clusters: { ...ctx.clusters, fittedOn: { ...ctx.clusters.fittedOn, createdAt: '2000-01-01T00:00:00.000Z' } } };
    expect(withLocalDrivers(e, refitted)).toBe(e);
    expect(withLocalDrivers(e, { ...ctx, modelId: 'another-model' })).toBe(e);
    // same ids, other forests: the stored probabilities no longer come out
    const tampered: Explanation = { ...e, surrogate: { ...e.surrogate!, probabilities: e.surrogate!.probabilities.map((p) => Math.min(1, p + 0.05)) } };
    expect(withLocalDrivers(tampered, ctx)).toBe(tampered);
    expect(withLocalDrivers(e, undefined)).toBe(e);
    expect(completeExplanation(e, () => undefined)).toBe(e);
    expect(hasLocalDrivers(completeExplanation(e, (id, at) => (id === ctx.modelId && at === ctx.clusters.fittedOn.createdAt ? ctx : undefined)))).toBe(true);
  });
});
