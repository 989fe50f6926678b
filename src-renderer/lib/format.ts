/** How values read on screen: one place, so the worklist, the viewer and the tests agree. */
export const percent = (v: number | undefined, digits = 0): string => (v === undefined || Number.isNaN(v) ? '—' : `${(v * 100).toFixed(digits)}%`);

export const fixed = (v: number | undefined, digits = 2): string => (v === undefined || Number.isNaN(v) ? '—' : v.toFixed(digits));

/** "2021-03-04 10:22" from an ISO date-time as the file gave it (no time-zone conversion: it is the device's clock). */
export function acquiredText(iso: string | undefined): string {
  if (!iso) return '—';
  const m = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}))?/.exec(iso);
  return m ? (m[2] ? `${m[1]} ${m[2]}` : m[1]!) : iso;
}

export function ageSexText(age: number | undefined, sex: string | undefined): string {
  const a = age === undefined ? '—' : String(Math.round(age));
  return `${a} / ${sex && sex !== 'U' ? sex : '—'}`;
}

export const seconds = (t: number, digits = 3): string => `${t.toFixed(digits)} s`;
