/**
 * One study → a landscape PDF (A4 or Letter): header, true-scale 3×4 + rhythm sheet with cluster bands and the
 * uncertainty strip, legend and facts, advisory notice; optionally a second page of explanation details.
 * Everything is vector (pdfkit paths and embedded DejaVu text). The bytes depend only on the inputs: the
 * CreationDate is fixed (options, else the acquisition time, else the epoch) and pdfkit derives the file ID from it.
 */
import PDFDocument from 'pdfkit';
import { join } from 'node:path';
import { applyFilters, describeFilters } from '../ecg/filters.js';
import { deidentifyReport } from './deidentify.js';
import { drawDetails } from './details.js';
import { FONT_FILES, findFontDir } from './fonts.js';
import { drawFooter, footerHeight, shownView } from './footer.js';
import { drawHeader } from './header.js';
import type { ReportInput } from './input.js';
import { HEADER_MM, LAYOUT_3X4, pageFrame, SCALE_LINE_MM, sheetLayout, spareBelowSheet } from './layout.js';
import { mm } from './paper.js';
import { parseIsoAsUtc, resolveReportOptions, type ReportOptions } from './options.js';
import { drawSheet, scaleLine } from './sheet.js';
import { MUTED, text, type Doc } from './text.js';

export interface RenderedReport {
  pdf: Buffer;
  pages: number;
  /** the input as printed (after de-identification) */
  printed: ReportInput;
}

function subjectLabel(input: ReportInput): string {
  if (input.deidentified) return input.deidentified.pseudonym ?? 'de-identified study';
  return input.record.patient.id ?? input.record.patient.name ?? input.record.id ?? 'study';
}

function newDocument(options: ReportOptions, input: ReportInput, fontDir: string): Doc {
  const frame = pageFrame(options.paper);
  const created = options.creationDate ?? parseIsoAsUtc(input.record.startTime) ?? new Date(0);
  const doc = new PDFDocument({
    size: [mm(frame.width), mm(frame.height)],
    margin: 0,
    autoFirstPage: false,
    compress: options.compress,
    font: join(fontDir, FONT_FILES.body),
    info: {
      Title: `ECG report ${subjectLabel(input)}`,
      Subject: input.deidentified ? 'De-identified 12-lead ECG report' : '12-lead ECG report',
      Creator: `ECG TLC Workstation ${input.softwareVersion}`,
      Producer: `ECG TLC Workstation ${input.softwareVersion} (PDFKit)`,
      CreationDate: created,
    },
  });
  doc.registerFont('body', join(fontDir, FONT_FILES.body));
  doc.registerFont('bold', join(fontDir, FONT_FILES.bold));
  return doc;
}

function collect(doc: Doc): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
}

export async function renderReport(input: ReportInput, partial: Partial<ReportOptions> = {}, fontDir = findFontDir()): Promise<RenderedReport> {
  const options = resolveReportOptions(partial);
  const printed = options.deidentify ? deidentifyReport(input, options.deidentify) : input;
  const record = Object.keys(options.filters).length ? applyFilters(printed.record, options.filters) : printed.record;
  const shown = shownView(printed, options.view);
  const frame = pageFrame(options.paper);
  const area = frame.content;
  const top = area.y + HEADER_MM;
  const spare = spareBelowSheet(area, top, footerHeight(printed, options.view));
  const sheet = sheetLayout(area, top, options.speed, options.gain, options.rhythmLead, LAYOUT_3X4, spare);
  const filters = describeFilters(options.filters);
  const pages = options.details ? 2 : 1;

  const doc = newDocument(options, printed, fontDir);
  const done = collect(doc);
  doc.addPage();
  drawHeader(doc, printed, { x: area.x, y: area.y, w: area.w, h: HEADER_MM - 1 }, `12-lead ECG${pages > 1 ? ' \u00b7 page 1 of 2' : ''}`);
  drawSheet(doc, record, sheet, shown);
  const stripBottom = sheet.uncertainty.y + sheet.uncertainty.h;
  text(doc, scaleLine(record, sheet, filters), sheet.grid.x, stripBottom + 0.8, sheet.grid.w, { size: 7, font: 'bold' });
  const footerTop = stripBottom + SCALE_LINE_MM;
  drawFooter(doc, printed, { x: area.x, y: footerTop, w: area.w, h: area.y + area.h - footerTop }, options.filters, options.view);

  if (options.details) {
    doc.addPage();
    text(doc, 'Explanation details \u00b7 page 2 of 2', area.x, area.y, area.w * 0.5, { font: 'bold', size: 10 });
    const who = printed.deidentified ? printed.deidentified.pseudonym ?? 'de-identified' : subjectLabel(printed);
    text(doc, `${who} \u00b7 ${options.speed} mm/s \u00b7 ${options.gain} mm/mV \u00b7 model ${printed.model?.id ?? 'none'}`, area.x, area.y + 0.6, area.w, { size: 6.5, color: MUTED, align: 'right' });
    drawDetails(doc, { ...printed, record }, sheet, area, area.y + 6, options.rhythmLead);
  }
  doc.end();
  return { pdf: await done, pages, printed };
}
