/** Text placed in millimetres, cut with an ellipsis to the width it is given (a report line never wraps). */
import type { FontName } from './fonts.js';
import { mm } from './paper.js';

export type Doc = PDFKit.PDFDocument;

export interface TextStyle {
  size?: number;
  font?: FontName;
  color?: string;
  align?: 'left' | 'right' | 'center';
}

export const INK = '#000000';
export const MUTED = '#555555';
export const BODY_PT = 7;

function setFont(doc: Doc, style: TextStyle): void {
  doc.font(style.font ?? 'body').fontSize(style.size ?? BODY_PT);
}

/** The longest prefix of `s` (plus "…") that fits `widthPt` in the current font. */
export function fitText(doc: Doc, s: string, widthPt: number): string {
  if (doc.widthOfString(s) <= widthPt) return s;
  let lo = 0;
  let hi = s.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (doc.widthOfString(`${s.slice(0, mid)}…`) <= widthPt) lo = mid;
    else hi = mid - 1;
  }
  return lo ? `${s.slice(0, lo).trimEnd()}…` : '';
}

/** Draws one line with its top at y (mm); returns its width in mm. */
export function text(doc: Doc, s: string, xMm: number, yMm: number, widthMm: number, style: TextStyle = {}): number {
  setFont(doc, style);
  const fitted = fitText(doc, s, mm(widthMm));
  const w = doc.widthOfString(fitted);
  let x = mm(xMm);
  if (style.align === 'right') x += mm(widthMm) - w;
  else if (style.align === 'center') x += (mm(widthMm) - w) / 2;
  doc.fillColor(style.color ?? INK).text(fitted, x, mm(yMm), { lineBreak: false });
  return w / mm(1);
}

/** Width of a string in mm in the given style. */
export function textWidth(doc: Doc, s: string, style: TextStyle = {}): number {
  setFont(doc, style);
  return doc.widthOfString(s) / mm(1);
}

/** "label value" pairs on one line: the label muted, the value in ink. */
export function labelled(doc: Doc, label: string, value: string, xMm: number, yMm: number, widthMm: number, size = BODY_PT): void {
  const lw = text(doc, `${label} `, xMm, yMm, widthMm, { size, color: MUTED });
  text(doc, value, xMm + lw, yMm, widthMm - lw, { size });
}

export const dash = '—';

export function fmt(v: number | undefined, unit: string, digits = 0): string {
  if (v === undefined || !Number.isFinite(v)) return dash;
  return `${v.toFixed(digits)}${unit === '°' ? unit : unit ? ` ${unit}` : ''}`;
}

export const pct = (v: number | undefined, digits = 0): string =>
  v === undefined || !Number.isFinite(v) ? dash : `${(v * 100).toFixed(digits)} %`;
