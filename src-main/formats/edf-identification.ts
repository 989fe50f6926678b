/**
 * EDF+ identification subfields and the start date/time (EDF+ spec §2.1.3). Plain EDF leaves both
 * identification fields free text; many writers follow the EDF+ layout anyway, so it is tried on both.
 */
import type { Patient, Sex } from '../ecg/record.js';

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** 'dd-MMM-yyyy' (e.g. 02-MAY-1951) → ISO 'yyyy-mm-dd'; undefined for 'X' or anything malformed. */
export function edfPlusDate(value: string): string | undefined {
  const m = /^(\d{2})-([A-Za-z]{3})-(\d{4})$/.exec(value);
  if (!m) return undefined;
  const month = MONTHS.indexOf(m[2]!.toUpperCase()) + 1;
  const day = Number(m[1]);
  if (month < 1 || new Date(Date.UTC(Number(m[3]), month - 1, day)).getUTCDate() !== day) return undefined;
  return `${m[3]}-${pad(month)}-${pad(day)}`;
}

const unknown = (v: string | undefined) => (v === undefined || v === 'X' ? undefined : v);

export interface EdfPatientFields {
  patient: Patient;
  /** subfields after the name, or the whole field when it does not follow the EDF+ layout */
  extra?: string;
}

// Patient field (EDF+): "code sex birthdate name [additional…]", e.g. "MCH-0234567 F 02-MAY-1951 Haagse_Harry";
// 'X' marks an unknown subfield and spaces inside a subfield are written as '_'.
export function parsePatientField(field: string): EdfPatientFields {
  const parts = field.split(' ').filter((p) => p.length > 0);
  const [code, sex, birth, name, ...rest] = parts;
  const layoutHolds = parts.length >= 4 && /^[MFX]$/.test(sex!) && (birth === 'X' || edfPlusDate(birth!) !== undefined);
  if (!layoutHolds) return field ? { patient: {}, extra: field } : { patient: {} };
  const patient: Patient = {};
  const id = unknown(code);
  if (id) patient.id = id.replace(/_/g, ' ');
  if (sex === 'M' || sex === 'F') patient.sex = sex as Sex;
  const birthDate = birth === 'X' ? undefined : edfPlusDate(birth!);
  if (birthDate) patient.birthDate = birthDate;
  const nm = unknown(name);
  if (nm) patient.name = nm.replace(/_/g, ' ');
  return rest.length ? { patient, extra: rest.join(' ') } : { patient };
}

export interface EdfRecordingFields {
  /** ISO date from 'Startdate dd-MMM-yyyy' (carries the full year) */
  startDate?: string;
  adminCode?: string;
  technician?: string;
  equipment?: string;
  extra?: string;
}

// Recording field (EDF+): "Startdate dd-MMM-yyyy admincode technician equipment [additional…]",
// e.g. "Startdate 02-MAR-2002 PSG-1234/2002 NN Telemetry03"; 'X' marks an unknown subfield.
export function parseRecordingField(field: string): EdfRecordingFields {
  const parts = field.split(' ').filter((p) => p.length > 0);
  if (parts[0] !== 'Startdate') return field ? { extra: field } : {};
  const out: EdfRecordingFields = {};
  const date = edfPlusDate(parts[1] ?? '');
  if (date) out.startDate = date;
  const [admin, tech, equipment, ...rest] = parts.slice(2).map((p) => unknown(p)?.replace(/_/g, ' '));
  if (admin) out.adminCode = admin;
  if (tech) out.technician = tech;
  if (equipment) out.equipment = equipment;
  const extra = rest.filter((r): r is string => r !== undefined);
  if (extra.length) out.extra = extra.join(' ');
  return out;
}

/**
 * ISO local date-time of the first sample: header 'dd.mm.yy' + 'hh.mm.ss' (years 85–99 are 19xx, 00–84 are
 * 20xx, per the EDF clipping date), the full year taken from EDF+ 'Startdate' when present, plus the
 * sub-second offset of the first data record. Undefined when the fields are not a valid date and time.
 */
export function edfStartTime(startDate: string, startTime: string, plusDate: string | undefined, offsetSeconds = 0): string | undefined {
  const d = /^(\d{2})[.:\-/](\d{2})[.:\-/](\d{2})$/.exec(startDate);
  const t = /^(\d{2})[.:](\d{2})[.:](\d{2})$/.exec(startTime);
  if (!t) return undefined;
  let year: number, month: number, day: number;
  if (plusDate) {
    [year, month, day] = plusDate.split('-').map(Number) as [number, number, number];
  } else if (d) {
    const yy = Number(d[3]);
    year = yy >= 85 ? 1900 + yy : 2000 + yy;
    month = Number(d[2]);
    day = Number(d[1]);
  } else {
    return undefined;
  }
  const [h, mi, s] = [Number(t[1]), Number(t[2]), Number(t[3])];
  if (month < 1 || month > 12 || day < 1 || day > 31 || h > 23 || mi > 59 || s > 59) return undefined;
  // UTC arithmetic only to carry the offset across minute/day boundaries; the result stays local time.
  const base = Date.UTC(year, month - 1, day, h, mi, s);
  if (new Date(base).getUTCDate() !== day) return undefined; // 31.02 and friends
  const at = new Date(base + Math.round(offsetSeconds * 1000));
  const frac = at.getUTCMilliseconds();
  return (
    `${pad(at.getUTCFullYear(), 4)}-${pad(at.getUTCMonth() + 1)}-${pad(at.getUTCDate())}` +
    `T${pad(at.getUTCHours())}:${pad(at.getUTCMinutes())}:${pad(at.getUTCSeconds())}` +
    (frac ? `.${pad(frac, 3)}` : '')
  );
}
