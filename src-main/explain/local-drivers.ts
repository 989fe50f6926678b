/**
 * Per-ECG drivers, computed when an explanation is shown rather than in the analysis batch: for each class and each
 * cluster of the default view, how far the surrogate's probability falls when this ECG's share of the cluster is
 * replaced by the reference mean share (Surrogate.explainRow). They are display-only and took half of the
 * explanation's time per ECG (9 forest walks per class instead of one), so the batch stores the proportions and
 * the probabilities, and this recomputes the drivers from them in ~0.05 ms when a study is opened or exported.
 *
 * Only the surrogate that made the explanation may fill them in: the context must be of the same model and
 * cluster model (creation time), and its probabilities for the stored proportions must be the stored ones.
 * Otherwise the explanation is returned without them and the views say so.
 */
import { defaultViewStart, referenceOf, round, surrogateFeatures, type ExplainContext, type Explanation } from './explain-ecg.js';

/** The explain context that made explanations of a model and cluster model, when it is still installed. */
export type ContextLookup = (modelId: string, clusterModelCreatedAt: string) => ExplainContext | undefined;

/** stored probabilities are rounded to 4 decimals; a different surrogate differs by whole votes (≥ 0.01) */
const SAME_PROBABILITY = 1e-3;

/** Whether every class of the explanation has its per-ECG drivers. */
export function hasLocalDrivers(e: Explanation): boolean {
  return !!e.surrogate && e.surrogate.drivers.every((d) => d.local !== undefined);
}

/** The explanation with its per-ECG drivers, or as it was when they are there already or cannot be made. */
export function withLocalDrivers(e: Explanation, ctx: ExplainContext | undefined): Explanation {
  const s = e.surrogate;
  if (!s || hasLocalDrivers(e) || !ctx?.surrogate) return e;
  if (ctx.modelId !== e.modelId || ctx.clusters.fittedOn.createdAt !== e.clusterModelCreatedAt) return e;
  const main = e.views.find((v) => v.view === e.defaultView);
  const x = surrogateFeatures(e.views);
  if (!main || x.length !== ctx.surrogate.json.features) return e;
  const start = defaultViewStart(e.views, main);
  const { probabilities, effects } = ctx.surrogate.explainRow(x, referenceOf(ctx.clusters), start, start + main.k);
  if (!probabilities.every((p, c) => Math.abs(p - (s.probabilities[c] ?? NaN)) <= SAME_PROBABILITY)) return e;
  const drivers = s.drivers.map((d) => {
    const c = ctx.surrogate!.json.classes.indexOf(d.class);
    return c < 0 ? d : { ...d, local: effects[c]!.map((v) => round(v)) };
  });
  return { ...e, surrogate: { ...s, drivers } };
}

/** withLocalDrivers with the context found by model and cluster model. */
export function completeExplanation(e: Explanation, lookup: ContextLookup | undefined): Explanation {
  if (!e.surrogate || hasLocalDrivers(e) || !lookup) return e;
  return withLocalDrivers(e, lookup(e.modelId, e.clusterModelCreatedAt));
}
