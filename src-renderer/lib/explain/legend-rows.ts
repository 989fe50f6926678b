/**
 * The legend and the class drivers, as rows for the views: each cluster's name and colour with its share of
 * this ECG (the explanation's proportions) and its wave alignment on the reference set; for each class, the
 * clusters that drive the surrogate's decision the most for this ECG.
 */
import type { ClusterLegendEntry, StudyExplanation, ViewExplanation, WaveAlignment } from '../../../src-main/api/contract/explanation.js';
import { bandColour } from './band-colour.js';

export interface LegendRow {
  id: number;
  name: string;
  colour: string;
  /** share of this ECG's steps in the cluster, 0–1 */
  share: number;
  alignment: WaveAlignment | undefined;
  /** e.g. "QRS 72%, T 18%" (largest first, shares under 5% left out) */
  alignmentText: string;
}

export function viewOf(e: StudyExplanation, view: string): ViewExplanation | undefined {
  return e.explanation.views.find((v) => v.view === view);
}

/** The view's clusters as the explanation carries them, else the legend's; colours made safe to draw. */
export function legendEntries(e: StudyExplanation, view: string): ClusterLegendEntry[] {
  const own = viewOf(e, view)?.clusters;
  const entries = own?.length ? own : (e.legend.find((l) => l.view === view) ?? e.legend.find((l) => l.view === e.explanation.defaultView) ?? e.legend[0]!).clusters;
  return entries.map((c) => ({ ...c, colour: bandColour(c.colour) }));
}

export function alignmentText(a: WaveAlignment | undefined): string {
  if (!a) return 'alignment unknown';
  const parts = (Object.entries(a) as Array<[string, number]>).filter(([, v]) => v >= 0.05).sort((x, y) => y[1] - x[1]);
  return parts.length ? parts.map(([w, v]) => `${w} ${Math.round(v * 100)}%`).join(', ') : 'no annotated time';
}

export function legendRows(e: StudyExplanation, view: string): LegendRow[] {
  const v = viewOf(e, view);
  return legendEntries(e, view).map((c) => ({
    id: c.id,
    name: c.name,
    colour: c.colour,
    share: v?.proportions[c.id] ?? 0,
    alignment: c.alignment,
    alignmentText: alignmentText(c.alignment),
  }));
}

export interface ClassRow {
  name: string;
  probability: number;
  predicted: boolean;
  surrogateProbability: number | undefined;
  surrogatePredicted: boolean | undefined;
  /** clusters raising this class's surrogate probability the most for this ECG, strongest first */
  drivers: Array<{ id: number; name: string; colour: string; effect: number; importance: number }>;
}

export function classRows(e: StudyExplanation, maxDrivers = 3): ClassRow[] {
  const x = e.explanation;
  const entries = legendEntries(e, x.defaultView);
  const byId = new Map(entries.map((c) => [c.id, c]));
  return x.classes.map((name, c) => {
    const d = x.surrogate?.drivers.find((dr) => dr.class === name);
    // no per-ECG drivers when the surrogate that made the explanation is no longer installed
    const drivers = d?.local
      ? d.local
          .map((effect, id) => ({ id, effect, importance: d.global[id] ?? 0 }))
          .filter((r) => r.effect > 0)
          .sort((a, b) => b.effect - a.effect)
          .slice(0, maxDrivers)
          .map((r) => ({ ...r, name: byId.get(r.id)?.name ?? `cluster ${r.id + 1}`, colour: byId.get(r.id)?.colour ?? '#999999' }))
      : [];
    return {
      name,
      probability: x.cnn.probabilities[c] ?? 0,
      predicted: x.cnn.predicted[c] ?? false,
      surrogateProbability: x.surrogate?.probabilities[c],
      surrogatePredicted: x.surrogate?.predicted[c],
      drivers,
    };
  });
}
