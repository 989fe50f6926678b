/**
 * Under the sheet: the cluster legend (colour, name, wave alignment, reference share, this ECG's share), the facts
 * a reader needs to weigh the picture (uncertainty scale, surrogate agreement, filters, model and cluster model,
 * software), whether the report was de-identified and how, and the advisory notice.
 */
import { describeFilters, type FilterSettings } from '../ecg/filters.js';
import type { ViewExplanation } from '../explain/explain-ecg.js';
import type { ClusterInfo } from '../explain/cluster-model.js';
import { bandColour } from './bands.js';
import { DEID_PROFILE } from './deidentify.js';
import type { ReportInput } from './input.js';
import type { Rect } from './layout.js';
import { mm } from './paper.js';
import { dash, labelled, MUTED, pct, text, type Doc } from './text.js';

const LINE = 3;
const ENTRY_W = 86;
/** legend title and column heads, above its first row */
const LEGEND_HEAD = 6.4;
/** between the legend or facts and the de-identification line */
const NOTICE_GAP = 1.5;

export const ADVISORY_NOTICE =
  'Advisory: computer-generated output of a research model, not a diagnosis. It must be reviewed and confirmed by a qualified ' +
  'physician before any clinical use. Cluster bands and uncertainty show where the model\u2019s internal states change, not anatomy.';

/** The view the bands show, with its legend, or undefined when there is no explanation. */
export function shownView(input: ReportInput, view?: string): { view: ViewExplanation; legend: ClusterInfo[] } | undefined {
  const e = input.explanation;
  if (!e) return undefined;
  const name = view ?? e.defaultView;
  const v = e.views.find((x) => x.view === name);
  if (!v) throw new Error(`the explanation has no view "${name}" (it has ${e.views.map((x) => x.view).join(', ')})`);
  return { view: v, legend: v.clusters };
}

export function alignmentText(c: ClusterInfo | undefined): string {
  const a = c?.alignment;
  if (!a) return 'alignment unknown';
  return `P ${Math.round(a.P * 100)} · QRS ${Math.round(a.QRS * 100)} · T ${Math.round(a.T * 100)} · TP ${Math.round(a.TP * 100)} %`;
}

/**
 * One legend entry's width and its columns' offsets (name, wave alignment, ref. share, this ECG) when `columns`
 * entries share `legendW` mm: a page narrower than two full entries (Letter) takes what it lacks from the name
 * column, so the last column never runs into the facts printed beside the legend.
 */
function legendColumns(legendW: number, columns: number): { entryW: number; cols: number[] } {
  const entryW = Math.min(ENTRY_W, legendW / columns);
  const lack = ENTRY_W - entryW;
  return { entryW, cols: [4, 33 - lack, 66 - lack, 76 - lack] };
}

/** Rows per legend column: one column up to K = 6, two columns beyond. */
const legendRows = (k: number) => (k <= 6 ? k : Math.ceil(k / 2));

/** Height (mm) of the de-identification lines and the advisory notice's box under them. */
const noticeHeight = (deid: readonly string[]) => 6.4 + 2.8 * deid.length;

/**
 * The height (mm) the footer needs for this input: its legend or facts, whichever is taller, then the
 * de-identification line(s) and the advisory notice. The page gives the sheet whatever is left (layout.ts).
 */
export function footerHeight(input: ReportInput, view: string | undefined): number {
  const shown = shownView(input, view);
  const legend = shown ? LEGEND_HEAD + legendRows(shown.view.k) * LINE : LINE;
  const facts = infoLines(input, {}, view).length * LINE;
  return Math.max(legend, facts) + NOTICE_GAP + noticeHeight(deidentificationLines(input));
}

function drawLegend(doc: Doc, input: ReportInput, area: Rect, view: string | undefined): void {
  const shown = shownView(input, view);
  if (!shown) {
    text(doc, 'Explanation: not analysed (no cluster bands, no uncertainty strip)', area.x, area.y, area.w, { font: 'bold', size: 7.5 });
    return;
  }
  const { view: v, legend } = shown;
  text(doc, `Clusters of view \u201c${v.view}\u201d (K = ${v.k}), drawn as bands behind the traces`, area.x, area.y, area.w, { font: 'bold', size: 7.5 });
  const perColumn = legendRows(v.k);
  const maxRows = Math.floor((area.h - LEGEND_HEAD) / LINE);
  const heads = ['cluster', 'wave alignment (reference)', 'ref. share', 'this ECG'];
  const columns = v.k <= 6 ? 1 : 2;
  const { entryW, cols } = legendColumns(area.w, columns);
  for (let c = 0; c < columns; c++) {
    heads.forEach((h, i) => text(doc, h, area.x + c * entryW + cols[i]!, area.y + 3.6, (cols[i + 1] ?? entryW) - cols[i]!, { size: 5.5, color: MUTED }));
  }
  for (let id = 0; id < v.k; id++) {
    const col = Math.floor(id / perColumn);
    const row = id % perColumn;
    if (row >= maxRows) continue;
    const x = area.x + col * entryW;
    const y = area.y + LEGEND_HEAD + row * LINE;
    const info = legend?.find((l) => l.id === id);
    doc.save().rect(mm(x), mm(y + 0.2), mm(3), mm(2.2)).fillOpacity(0.6).fill(bandColour(id, legend)).restore();
    text(doc, info?.name ?? `cluster ${id}`, x + cols[0]!, y, cols[1]! - cols[0]! - 1);
    text(doc, alignmentText(info), x + cols[1]!, y, cols[2]! - cols[1]! - 1, { size: 6.5 });
    text(doc, info ? pct(info.share) : dash, x + cols[2]!, y, cols[3]! - cols[2]!);
    text(doc, pct(v.proportions[id]), x + cols[3]!, y, entryW - cols[3]!);
  }
  if (perColumn > maxRows) text(doc, `${v.k - columns * maxRows} more clusters not listed`, area.x, area.y + LEGEND_HEAD + maxRows * LINE, area.w, { size: 6, color: MUTED });
}

export function surrogateText(input: ReportInput): string {
  const s = input.explanation?.surrogate;
  if (!input.explanation) return 'not analysed';
  if (!s) return 'no surrogate in this cluster model';
  const n = input.explanation.classes.length;
  const same = Math.round(s.labelAgreement * n);
  return `agrees with the CNN on ${same} of ${n} classes (${pct(s.labelAgreement)})${s.agrees ? ', all labels identical' : ''}`;
}

export function infoLines(input: ReportInput, filters: FilterSettings, view: string | undefined): Array<[string, string]> {
  const shown = shownView(input, view);
  const m = input.model;
  return [
    ['Uncertainty', shown ? `normalised entropy per step, 0 certain … 1 uniform; mean ${shown.view.meanUncertainty.toFixed(2)}` : 'not analysed'],
    ['Surrogate', surrogateText(input)],
    ['Filters', describeFilters(filters)],
    ['Model', m ? `${m.id}${m.version ? ` ${m.version}` : ''}` : 'none'],
    ['Model sha256', m?.sha256 || dash],
    ['Cluster model', input.clusterModel ? `fitted ${input.clusterModel.createdAt}${input.clusterModel.description ? ` on ${input.clusterModel.description}` : ''}` : input.explanation ? `fitted ${input.explanation.clusterModelCreatedAt}` : 'none'],
    ['Software', `ECG TLC Workstation ${input.softwareVersion}`],
  ];
}

/** One or two lines: whether the report was de-identified, how, and what it left out. */
export function deidentificationLines(input: ReportInput): string[] {
  const d = input.deidentified;
  if (!d) return ['Identified report: contains patient identifiers. Export de-identified to share it outside the care team.'];
  const psn = d.pseudonym ? `pseudonym = salted hash of the ${d.basis}` : 'no pseudonym';
  return [
    `De-identified export (${DEID_PROFILE}${d.datesRetained ? ', Retain Full Dates Option' : ''}); ${psn}.`,
    `Removed: ${d.removed.join(', ') || 'nothing (no identifiers present)'}.`,
  ];
}

export function drawFooter(doc: Doc, input: ReportInput, area: Rect, filters: FilterSettings, view: string | undefined): void {
  const legendW = Math.min(2 * ENTRY_W, area.w * 0.62);
  const deid = deidentificationLines(input);
  const noticeH = noticeHeight(deid);
  drawLegend(doc, input, { x: area.x, y: area.y, w: legendW, h: area.h - noticeH }, view);
  const infoX = area.x + legendW + 3;
  const infoW = area.x + area.w - infoX;
  infoLines(input, filters, view).forEach(([label, value], i) =>
    labelled(doc, label, value, infoX, area.y + i * LINE, infoW, label === 'Model sha256' ? 6 : 6.5),
  );
  let y = area.y + area.h - noticeH;
  for (const line of deid) {
    text(doc, line, area.x, y, area.w, { size: 6.5, font: input.deidentified ? 'bold' : 'body' });
    y += 2.8;
  }
  doc.save().rect(mm(area.x), mm(y + 0.4), mm(area.w), mm(5.6)).fillOpacity(1).fill('#F2F2F2').restore();
  const half = ADVISORY_NOTICE.indexOf(' It must');
  text(doc, ADVISORY_NOTICE.slice(0, half), area.x + 1.5, y + 0.8, area.w - 3, { font: 'bold', size: 6.5 });
  text(doc, ADVISORY_NOTICE.slice(half + 1), area.x + 1.5, y + 3.3, area.w - 3, { size: 6.5 });
}
