/**
 * Where each lead goes on the paper, in millimetres from the paper's top-left corner (the grid's origin).
 * Every layout maps time the same way, x = left + (t − t0)·speed, because its columns show consecutive windows:
 * a 3×4 page shows I/II/III over 0–2.5 s, aVR/aVL/aVF over 2.5–5 s, … and the lead II rhythm strip over 0–10 s.
 * So the uncertainty and Grad-CAM tracks under the leads share one time axis with every panel.
 *
 * | layout   | rows × columns           | window                 | mV of height per row |
 * |----------|--------------------------|------------------------|----------------------|
 * | 3x4      | 3 × 4 + lead II strip    | 10 s (a page)          | 3.5                  |
 * | 6x2      | 6 × 2                    | 10 s (a page)          | 3                    |
 * | 12x1     | 12 × 1                   | the whole recording    | 2.5                  |
 * | single   | 1 × 1 (one lead, zoomed) | the whole recording    | 5                    |
 *
 * Margins and row heights are whole multiples of 5 mm, so each baseline lies on a major grid line and t = t0 on
 * a major time line.
 */
export const LAYOUTS = ['3x4', '6x2', '12x1', 'single'] as const;
export type Layout = (typeof LAYOUTS)[number];

export const LAYOUT_NAMES: Record<Layout, string> = {
  '3x4': '3×4 + II',
  '6x2': '6×2',
  '12x1': '12×1',
  single: 'Single lead',
};

const PAGE_SECONDS = 10;
const ROW_MV: Record<Layout, number> = { '3x4': 3.5, '6x2': 3, '12x1': 2.5, single: 5 };
const GRID_3X4 = [
  ['I', 'aVR', 'V1', 'V4'],
  ['II', 'aVL', 'V2', 'V5'],
  ['III', 'aVF', 'V3', 'V6'],
];
const GRID_6X2 = [
  ['I', 'V1'],
  ['II', 'V2'],
  ['III', 'V3'],
  ['aVR', 'V4'],
  ['aVL', 'V5'],
  ['aVF', 'V6'],
];
const RHYTHM_LEAD = 'II';
/** Under the leads: the cluster strip and uncertainty, then Grad-CAM, then the printed settings. */
export const TRACK_MM = 15;
export const FOOTER_MM = 10;
const TOP_MM = 5;
const RIGHT_MM = 5;

const ceil5 = (mm: number) => Math.ceil(mm / 5 - 1e-9) * 5;
const round5 = (mm: number) => Math.round(mm / 5) * 5;

export interface Panel {
  lead: string;
  /** index of the lead in the study's signals */
  leadIndex: number;
  /** seconds from the start of the recording */
  t0: number;
  t1: number;
  x: number;
  y: number;
  width: number;
  height: number;
  /** y of 0 mV */
  baseline: number;
  rhythm: boolean;
}

export interface Track {
  kind: 'uncertainty' | 'gradcam';
  y: number;
  height: number;
}

export interface PaperLayout {
  width: number;
  height: number;
  /** x of time t0; the calibration pulses sit left of it */
  left: number;
  t0: number;
  t1: number;
  panels: Panel[];
  /** rows' top edges and baselines, for the calibration pulses */
  rows: Array<{ y: number; height: number; baseline: number }>;
  tracks: Track[];
  /** top of the printed settings line */
  footerY: number;
}

export interface LayoutRequest {
  layout: Layout;
  /** lead names of the study, in signal order */
  leads: string[];
  durationS: number;
  speed: number;
  gain: number;
  /** single layout: the lead to show */
  singleLead?: string;
  /** first second of the page (3x4 and 6x2 of recordings longer than a page) */
  pageStart?: number;
  tracks: Array<Track['kind']>;
}

/** The calibration pulse is 1 mV for 0.2 s; the margin holds it with room to spare. */
export function leftMarginMm(speed: number): number {
  return ceil5(0.2 * speed + 6);
}

export function rowHeightMm(layout: Layout, gain: number): number {
  return ceil5(ROW_MV[layout] * gain);
}

export function pageSeconds(layout: Layout, durationS: number): number {
  return layout === '3x4' || layout === '6x2' ? Math.min(PAGE_SECONDS, durationS) : durationS;
}

/** Leads of the grid that the study has, with their signal index; a missing lead leaves its cell empty. */
function cells(grid: string[][], leads: string[]): Array<Array<{ lead: string; index: number } | undefined>> {
  return grid.map((row) =>
    row.map((lead) => {
      const index = leads.indexOf(lead);
      return index >= 0 ? { lead, index } : undefined;
    }),
  );
}

export function paperLayout(req: LayoutRequest): PaperLayout {
  const window = pageSeconds(req.layout, req.durationS);
  const t0 = Math.max(0, Math.min(req.pageStart ?? 0, Math.max(0, req.durationS - window)));
  const t1 = t0 + window;
  const left = leftMarginMm(req.speed);
  const rowH = rowHeightMm(req.layout, req.gain);
  const baselineOffset = Math.min(rowH - 5, round5(rowH * 0.55));
  const widthMm = window * req.speed;
  let grid: Array<Array<{ lead: string; index: number } | undefined>>;
  if (req.layout === '3x4') grid = cells(GRID_3X4, req.leads);
  else if (req.layout === '6x2') grid = cells(GRID_6X2, req.leads);
  else if (req.layout === 'single') {
    const lead = req.singleLead && req.leads.includes(req.singleLead) ? req.singleLead : (req.leads.includes(RHYTHM_LEAD) ? RHYTHM_LEAD : req.leads[0]);
    grid = lead === undefined ? [] : [[{ lead, index: req.leads.indexOf(lead) }]];
  } else grid = req.leads.map((lead, index) => [{ lead, index }]);
  // A grid layout for a study without the standard leads (e.g. 2-lead Holter excerpts) falls back to one row per lead.
  if (grid.every((row) => row.every((c) => c === undefined))) grid = req.leads.map((lead, index) => [{ lead, index }]);

  const panels: Panel[] = [];
  const rows: PaperLayout['rows'] = [];
  let y = TOP_MM;
  const addRow = (row: Array<{ lead: string; index: number } | undefined>, rhythm: boolean) => {
    const colSeconds = window / row.length;
    row.forEach((cell, c) => {
      if (!cell) return;
      const ct0 = t0 + c * colSeconds;
      panels.push({
        lead: cell.lead,
        leadIndex: cell.index,
        t0: ct0,
        t1: ct0 + colSeconds,
        x: left + c * colSeconds * req.speed,
        y,
        width: colSeconds * req.speed,
        height: rowH,
        baseline: y + baselineOffset,
        rhythm,
      });
    });
    rows.push({ y, height: rowH, baseline: y + baselineOffset });
    y += rowH;
  };
  for (const row of grid) addRow(row, false);
  if (req.layout === '3x4' && req.leads.includes(RHYTHM_LEAD)) addRow([{ lead: RHYTHM_LEAD, index: req.leads.indexOf(RHYTHM_LEAD) }], true);

  const tracks: Track[] = [];
  for (const kind of req.tracks) {
    tracks.push({ kind, y, height: TRACK_MM });
    y += TRACK_MM;
  }
  return { width: left + widthMm + RIGHT_MM, height: y + FOOTER_MM, left, t0, t1, panels, rows, tracks, footerY: y };
}

/** x (mm) of time t on this paper, and back. */
export const timeToMm = (p: Pick<PaperLayout, 'left' | 't0'>, speed: number, t: number): number => p.left + (t - p.t0) * speed;
export const mmToTime = (p: Pick<PaperLayout, 'left' | 't0'>, speed: number, x: number): number => p.t0 + (x - p.left) / speed;

/** The panel under a point (mm), if any. */
export function panelAt(layout: PaperLayout, x: number, y: number): Panel | undefined {
  return layout.panels.find((p) => x >= p.x && x < p.x + p.width && y >= p.y && y < p.y + p.height);
}
