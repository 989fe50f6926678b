/** Our delineator's intervals as the viewer, the comparison and the tests list them. */
import type { Intervals } from '../../../src-main/api/contract/intervals.js';

export const INTERVAL_ROWS: ReadonlyArray<{ key: keyof Intervals; label: string; unit: string }> = [
  { key: 'hr', label: 'HR', unit: 'bpm' },
  { key: 'rr', label: 'RR', unit: 'ms' },
  { key: 'pr', label: 'PR', unit: 'ms' },
  { key: 'qrs', label: 'QRS', unit: 'ms' },
  { key: 'qt', label: 'QT', unit: 'ms' },
  { key: 'qtcBazett', label: 'QTc Bazett', unit: 'ms' },
  { key: 'qtcFridericia', label: 'QTc Fridericia', unit: 'ms' },
  { key: 'axis', label: 'Axis', unit: '°' },
];

export const intervalText = (v: number | undefined, unit: string): string => (v === undefined || Number.isNaN(v) ? '—' : `${Math.round(v)} ${unit}`);

/** "+12 ms" / "−3 bpm": a change B − A, signed, with a true minus sign. */
export function deltaText(v: number | undefined, unit: string, digits = 0): string {
  if (v === undefined || Number.isNaN(v)) return '—';
  const r = Number(v.toFixed(digits));
  const sign = r > 0 ? '+' : r < 0 ? '−' : '±';
  return `${sign}${Math.abs(r).toFixed(digits)}${unit ? ` ${unit}` : ''}`;
}

/** "12 s", "3 min 20 s", "1 h 05 min": a job's estimated time left. */
export function etaText(seconds: number | undefined): string {
  if (seconds === undefined || !Number.isFinite(seconds)) return '—';
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
  return `${Math.floor(s / 3600)} h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')} min`;
}
