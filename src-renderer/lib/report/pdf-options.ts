/**
 * What a PDF export from the app prints with: the paper the settings choose, the speed, gain and display
 * filters the reader has on screen, and whether it is de-identified. The study viewer and the worklist's batch
 * build their exportPdf options here, so a report prints what the reader sees, at the same cut-offs.
 *
 * | on screen (DisplayFilters)   | in the report (PdfOptions.filters) |
 * |------------------------------|------------------------------------|
 * | baseline                     | highpassHz 0.5                     |
 * | lowPass                      | lowpassHz 40                       |
 * | notch 50 / 60                | notchHz 50 / 60                    |
 */
import type { PdfOptions } from '../../../src-main/api/contract/report.js';
import type { ReportPaper } from '../../../src-main/api/contract/settings.js';
import type { Gain, Speed } from '../paper/scale.js';
import { BASELINE_HZ, LOW_PASS_HZ, describeFilters, type DisplayFilters } from '../signal/display-filters.js';

export interface PdfChoice {
  /** the settings' report paper; undefined (settings not loaded) leaves it to the main process's saved setting */
  paper: ReportPaper | undefined;
  speed: Speed;
  gain: Gain;
  filters: DisplayFilters;
  deidentify: boolean;
  /** the second page: per-block segmentations and the Grad-CAM comparison */
  details?: boolean;
}

/** The gauges on screen a report copies (PaperSettings holds them). */
export interface OnScreen {
  speed: Speed;
  gain: Gain;
  filters: DisplayFilters;
}

/** What the reader asked of this export: the paper from Settings, the speed, gain and filters on screen now. */
export function pdfChoice(reportPaper: ReportPaper | undefined, screen: OnScreen, asked: { deidentify: boolean; details: boolean }): PdfChoice {
  return { paper: reportPaper, speed: screen.speed, gain: screen.gain, filters: screen.filters, deidentify: asked.deidentify, details: asked.details };
}

export function pdfOptions(c: PdfChoice): PdfOptions {
  const filters: NonNullable<PdfOptions['filters']> = {};
  if (c.filters.baseline) filters.highpassHz = BASELINE_HZ;
  if (c.filters.lowPass) filters.lowpassHz = LOW_PASS_HZ;
  if (c.filters.notch) filters.notchHz = c.filters.notch;
  return {
    ...(c.paper ? { paper: c.paper } : {}),
    speed: c.speed,
    gain: c.gain,
    ...(Object.keys(filters).length ? { filters } : {}),
    ...(c.deidentify ? { deidentify: true } : {}),
    ...(c.details ? { details: true } : {}),
  };
}

/** One line for the export panels, e.g. "Letter · 25 mm/s · 10 mm/mV · 0.5–40 Hz, notch 50 Hz · de-identified". */
export function pdfChoiceText(c: PdfChoice): string {
  const parts = [c.paper ?? 'paper from Settings', `${c.speed} mm/s`, `${c.gain} mm/mV`, describeFilters(c.filters), c.deidentify ? 'de-identified' : 'identified'];
  if (c.details) parts.push('with page 2');
  return parts.join(' · ');
}
