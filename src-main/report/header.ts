/**
 * The page header: who and when (or the pseudonym), our measurements, the model's predictions with the
 * surrogate's beside them, and the overread state in a box that cannot be missed.
 */
import { basename } from 'node:path';
import type { EcgRecord } from '../ecg/record.js';
import { patientAge } from '../ecg/age.js';
import { reportPredictions, type OverreadState, type ReportInput, type ReportPrediction } from './input.js';
import type { Rect } from './layout.js';
import { mm } from './paper.js';
import { BODY_PT, dash, fmt, labelled, MUTED, text, type Doc } from './text.js';

const LINE = 3.1;

export function ageText(input: ReportInput): string {
  const p = input.record.patient;
  const age = patientAge(p, input.record.startTime);
  if (age === undefined) return dash;
  return input.deidentified?.ageTopCoded ? '90+ y' : `${age} y`;
}

const sexText = (s: string | undefined) => ({ M: 'male', F: 'female', U: 'unknown' })[s ?? ''] ?? dash;

export function acquisitionText(input: ReportInput): string {
  if (input.record.startTime) return input.record.startTime.replace('T', ' ').replace(/\.\d+$/, '');
  return input.deidentified && !input.deidentified.datesRetained ? 'date removed (de-identified)' : dash;
}

function deviceText(r: EcgRecord): string {
  const d = r.device;
  if (!d) return dash;
  const parts = [[d.manufacturer, d.model].filter(Boolean).join(' '), d.serial && `SN ${d.serial}`, d.software && `software ${d.software}`];
  return parts.filter(Boolean).join(' · ') || dash;
}

/** The header's patient lines, identified or not: [label, value] pairs. */
export function patientLines(input: ReportInput): Array<[string, string]> {
  const r = input.record;
  const p = r.patient;
  const lines: Array<[string, string]> = [];
  if (input.deidentified) {
    lines.push(['Pseudonym', input.deidentified.pseudonym ?? 'none (nothing to derive it from)']);
  } else {
    lines.push(['Patient', p.name ?? dash], ['ID', p.id ?? dash]);
  }
  const born = !input.deidentified && p.birthDate ? ` · born ${p.birthDate}` : '';
  lines.push(['Age / sex', `${ageText(input)} / ${sexText(p.sex)}${born}`], ['Acquired', acquisitionText(input)], ['Device', deviceText(r)]);
  if (!input.deidentified) {
    lines.push(['Site', r.site ?? dash]);
    const file = r.source.path ? basename(r.source.path) : dash;
    lines.push(['Source', `${file} (${r.source.format})${r.id && r.id !== file ? ` · record ${r.id}` : ''}`]);
  } else {
    lines.push(['Source', `${r.source.format} file`]);
  }
  if (r.statements?.length) lines.push(['Statements', r.statements.join('; ')]);
  return lines;
}

function overreadText(o: OverreadState): { head: string; lines: string[]; colour: string } {
  if (o.status === 'unconfirmed') {
    return { head: 'UNCONFIRMED', lines: ['advisory interpretation, not reviewed by a physician'], colour: '#8A5A00' };
  }
  const when = o.at ? ` on ${o.at.replace('T', ' ').replace(/(:\d{2})\.\d+/, '$1')}` : '';
  const verb = { confirmed: 'Confirmed', edited: 'Edited', rejected: 'Rejected' }[o.status];
  const lines = [`${verb} by ${o.by}${when}`, ...(o.statement ? [o.statement] : [])];
  return { head: verb.toUpperCase(), lines, colour: o.status === 'rejected' ? '#333333' : '#1B5E20' };
}

function drawPatient(doc: Doc, input: ReportInput, x: number, y: number, w: number): void {
  text(doc, input.deidentified ? 'Patient (de-identified)' : 'Patient', x, y, w, { font: 'bold', size: 7.5 });
  patientLines(input).forEach(([label, value], i) => labelled(doc, label, value, x, y + 3.6 + i * LINE, w));
}

function drawMeasurements(doc: Doc, input: ReportInput, x: number, y: number, w: number): void {
  const m = input.measurements;
  text(doc, 'Measurements', x, y, w, { font: 'bold', size: 7.5 });
  if (!m) {
    text(doc, 'not measured', x, y + 3.6, w, { color: MUTED });
    return;
  }
  const rows: Array<[string, string]> = [
    ['HR', fmt(m.hr, 'bpm')],
    ['PR', fmt(m.pr, 'ms')],
    ['QRS', fmt(m.qrs, 'ms')],
    ['QT', fmt(m.qt, 'ms')],
    ['QTc Bazett', fmt(m.qtcBazett, 'ms')],
    ['QTc Fridericia', fmt(m.qtcFridericia, 'ms')],
    ['QRS axis', fmt(m.axis, '°')],
  ];
  rows.forEach(([label, value], i) => {
    text(doc, label, x, y + 3.6 + i * LINE, w * 0.55, { color: MUTED });
    text(doc, value, x + w * 0.55, y + 3.6 + i * LINE, w * 0.45);
  });
  text(doc, input.measurementSource ?? '', x, y + 3.6 + rows.length * LINE, w, { size: 6, color: MUTED });
}

/** The rows that fit: all of them, or the most probable ones in model order and a count of the rest. */
export function predictionRows(preds: ReportPrediction[], maxRows: number): { rows: ReportPrediction[]; hidden: number } {
  if (preds.length <= maxRows) return { rows: preds, hidden: 0 };
  const keep = new Set([...preds].sort((a, b) => b.probability - a.probability).slice(0, maxRows - 1));
  return { rows: preds.filter((p) => keep.has(p)), hidden: preds.length - keep.size };
}

function drawPredictions(doc: Doc, input: ReportInput, x: number, y: number, w: number, h: number): void {
  const preds = reportPredictions(input);
  const surrogate = input.explanation?.surrogate;
  text(doc, 'Model predictions (advisory)', x, y, w, { font: 'bold', size: 7.5 });
  if (!preds.length) {
    text(doc, 'not analysed', x, y + 3.6, w, { color: MUTED });
    return;
  }
  const names = new Map(input.model?.classes?.map((c) => [c.id, c.name]));
  const cols = [0, 0.14, 0.6, 0.76, 0.88].map((f) => x + f * w);
  const headY = y + 3.6;
  ['class', 'name', 'CNN p', 'called', surrogate ? 'surrogate p' : ''].forEach((h, i) =>
    text(doc, h, cols[i]!, headY, (cols[i + 1] ?? x + w) - cols[i]!, { size: 6, color: MUTED }),
  );
  const { rows, hidden } = predictionRows(preds, Math.floor((h - 6.4) / LINE));
  if (hidden) text(doc, `+ ${hidden} less probable classes not listed`, cols[1]!, headY + 2.8 + rows.length * LINE, w * 0.8, { size: 6, color: MUTED });
  rows.forEach((p, i) => {
    const yy = headY + 2.8 + i * LINE;
    const font = p.called ? 'bold' : 'body';
    text(doc, p.class, cols[0]!, yy, cols[1]! - cols[0]!, { font });
    text(doc, names.get(p.class) ?? '', cols[1]!, yy, cols[2]! - cols[1]! - 1);
    text(doc, fmt(p.probability, '', 3), cols[2]!, yy, cols[3]! - cols[2]!, { font });
    text(doc, p.called ? 'yes' : 'no', cols[3]!, yy, cols[4]! - cols[3]!, { font });
    const c = input.explanation?.classes.indexOf(p.class) ?? -1;
    if (surrogate && c >= 0) text(doc, fmt(surrogate.probabilities[c], '', 3), cols[4]!, yy, x + w - cols[4]!);
  });
}

function drawOverread(doc: Doc, o: OverreadState, r: Rect): void {
  const t = overreadText(o);
  doc.save().lineWidth(mm(0.35)).strokeColor(t.colour).rect(mm(r.x), mm(r.y), mm(r.w), mm(r.h)).stroke().restore();
  const hw = text(doc, t.head, r.x + 1.5, r.y + 1.2, r.w - 3, { font: 'bold', size: 8, color: t.colour });
  t.lines.forEach((line, i) => text(doc, line, r.x + 3 + hw, r.y + 1.5 + i * 3, r.w - 4.5 - hw, { size: BODY_PT }));
}

export function drawHeader(doc: Doc, input: ReportInput, area: Rect, title: string): void {
  text(doc, title, area.x, area.y, area.w * 0.6, { font: 'bold', size: 10 });
  text(doc, `ECG TLC Workstation ${input.softwareVersion}`, area.x, area.y + 0.6, area.w, { size: 6.5, color: MUTED, align: 'right' });
  const top = area.y + 5;
  const patientW = area.w * 0.36;
  const measureX = area.x + patientW + 3;
  const measureW = area.w * 0.17;
  const predX = measureX + measureW + 3;
  const predW = area.x + area.w - predX;
  drawPatient(doc, input, area.x, top, patientW);
  drawMeasurements(doc, input, measureX, top, measureW);
  const overreadY = area.y + area.h - 7.5;
  drawPredictions(doc, input, predX, top, predW, overreadY - top - 0.3);
  drawOverread(doc, input.overread, { x: predX, y: overreadY, w: predW, h: 7.3 });
}
