/**
 * SCP-ECG section 1: patient and acquisition header (EN 1064 §5.4), a list of tagged fields
 *   tag(1) length(2) value(length)   … terminated by tag 255 with length 0.
 * Dates are year(2) month(1) day(1); times hour(1) minute(1) second(1). Values that are not valid dates or times
 * are left out (missing is missing), as are fields of zero length.
 */
import type { Device, Patient, Sex } from '../ecg/record.js';
import { ScpBytes, scpText } from './scp-bytes.js';

/** Tags whose value is plain text. */
const TEXT_TAGS: Record<number, string> = {
  0: 'lastName', 1: 'firstName', 2: 'patientId', 3: 'secondLastName',
  13: 'referralIndication', 16: 'acquiringInstitution', 17: 'analyzingInstitution',
  18: 'acquiringDepartment', 19: 'analyzingDepartment', 20: 'referringPhysician', 21: 'confirmingPhysician',
  22: 'technician', 23: 'room', 30: 'freeText', 31: 'sequenceNumber', 35: 'medicalHistory',
};

/** Tag 4 age units → years per unit. */
const AGE_UNIT_YEARS: Record<number, number> = { 1: 1, 2: 1 / 12, 3: 7 / 365.25, 4: 1 / 365.25, 5: 1 / (365.25 * 24) };
/** Tag 6 height units → cm; tag 7 weight units → kg. */
const HEIGHT_UNIT_CM: Record<number, number> = { 1: 1, 2: 2.54, 3: 0.1 };
const WEIGHT_UNIT_KG: Record<number, number> = { 1: 1, 2: 0.001, 3: 0.45359237, 4: 0.028349523 };
/** Tag 8 sex codes. */
const SEX: Record<number, Sex> = { 0: 'U', 1: 'M', 2: 'F', 9: 'U' };
/** Machine-ID manufacturer codes (tag 14 byte 8); 255 means "see the trade-name string". */
const MANUFACTURERS: Record<number, string> = {
  1: 'Burdick', 2: 'Cambridge', 3: 'Compumed', 4: 'Datamed', 5: 'Fukuda', 6: 'Hewlett-Packard',
  7: 'Marquette Electronics', 8: 'Mortara Instruments', 9: 'Nihon Kohden', 10: 'Okin', 11: 'Quinton',
  12: 'Siemens', 13: 'Spacelabs', 14: 'Telemed', 15: 'Hellige', 16: 'ESA-OTE', 17: 'Schiller',
  18: 'Picker-Schwarzer', 19: 'Elettronica-Trentina', 20: 'Zwönitz',
};

export interface ScpHeader {
  patient: Patient;
  startTime?: string;
  device?: Device;
  site?: string;
  details: Record<string, unknown>;
}

export function readScpHeader(data: ScpBytes, utf8: boolean): ScpHeader {
  const text: Record<string, string> = {};
  const patient: Patient = {};
  const details: Record<string, unknown> = {};
  let device: Device | undefined;
  let date: string | undefined;
  let time: string | undefined;
  while (data.remaining >= 3) {
    const tag = data.u8('tag');
    const len = data.u16(`length of tag ${tag}`);
    const v = data.take(len, `value of tag ${tag}`);
    if (tag === 255) break;
    if (len === 0) continue;
    const name = TEXT_TAGS[tag];
    if (name) {
      const s = scpText(v, utf8);
      if (s) text[name] = s;
      continue;
    }
    switch (tag) {
      case 4: patient.age = scaled(v, AGE_UNIT_YEARS); break;
      case 5: patient.birthDate = scpDate(v); break;
      case 6: details.heightCm = scaled(v, HEIGHT_UNIT_CM); break;
      case 7: details.weightKg = scaled(v, WEIGHT_UNIT_KG); break;
      case 8: patient.sex = SEX[v[0]!]; break;
      case 14: device = machineId(v, utf8); break;
      case 15: details.analyzingDevice = machineId(v, utf8); break;
      case 25: date = scpDate(v); break;
      case 26: time = scpTime(v); break;
      case 27: if (len >= 2) details.highPassHz = u16(v, 0) / 100; break;
      case 28: if (len >= 2) details.lowPassHz = u16(v, 0); break;
      case 29: details.filterBits = v[0]; break;
      default: break; // drugs, blood pressure, race, codes: not carried by EcgRecord
    }
  }
  patient.id = text.patientId;
  const name = [text.lastName, text.secondLastName].filter(Boolean).join(' ');
  patient.name = name && text.firstName ? `${name}, ${text.firstName}` : name || text.firstName;
  for (const k of Object.keys(patient) as Array<keyof Patient>) if (patient[k] === undefined) delete patient[k];
  for (const k of ['referralIndication', 'acquiringDepartment', 'analyzingInstitution', 'referringPhysician',
    'confirmingPhysician', 'technician', 'room', 'freeText', 'sequenceNumber', 'medicalHistory']) {
    if (text[k]) details[k] = text[k];
  }
  for (const k of Object.keys(details)) if (details[k] === undefined) delete details[k];
  const startTime = date ? (time ? `${date}T${time}` : date) : undefined;
  return { patient, startTime, device, site: text.acquiringInstitution, details };
}

function u16(v: Uint8Array, p: number): number {
  return v[p]! | (v[p + 1]! << 8);
}

/** value(2) unit(1) → value × factor of the unit; undefined for unknown units or a zero value. */
function scaled(v: Uint8Array, units: Record<number, number>): number | undefined {
  if (v.length < 3) return undefined;
  const factor = units[v[2]!];
  const value = u16(v, 0);
  return factor === undefined || value === 0 ? undefined : Math.round(value * factor * 100) / 100;
}

/** year(2) month(1) day(1) → YYYY-MM-DD, or undefined when not a real calendar date. */
export function scpDate(v: Uint8Array): string | undefined {
  if (v.length < 4) return undefined;
  const y = u16(v, 0);
  const m = v[2]!;
  const d = v[3]!;
  if (y < 1850 || y > 2200 || m < 1 || m > 12 || d < 1) return undefined;
  if (d > new Date(Date.UTC(y, m, 0)).getUTCDate()) return undefined;
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** hour(1) minute(1) second(1) → HH:MM:SS, or undefined when out of range. */
export function scpTime(v: Uint8Array): string | undefined {
  if (v.length < 3) return undefined;
  const [h, m, s] = [v[0]!, v[1]!, v[2]!];
  if (h > 23 || m > 59 || s > 59) return undefined;
  return [h, m, s].map((x) => String(x).padStart(2, '0')).join(':');
}

/**
 * Machine identification (tags 14 and 15):
 *   institution(2) department(2) device id(2) device type(1) manufacturer code(1) model(6, text)
 *   protocol revision(1) compatibility(1) language(1) capabilities(1) mains frequency(1) reserved(16)
 *   revision length(1) analysing program revision(len) then NUL-terminated: serial number, system software,
 *   SCP implementation software, manufacturer trade name.
 */
function machineId(v: Uint8Array, utf8: boolean): Device | undefined {
  if (v.length < 14) return undefined;
  const device: Device = {};
  const code = v[7]!;
  const model = scpText(v.subarray(8, 14), utf8);
  if (model) device.model = model;
  let p = 35;
  if (p < v.length) {
    p += 1 + v[p]!;
    const strings: string[] = [];
    while (p < v.length && strings.length < 4) {
      let q = v.indexOf(0, p);
      if (q < 0) q = v.length;
      strings.push(scpText(v.subarray(p, q), utf8) ?? '');
      p = q + 1;
    }
    const [serial, software, , tradeName] = strings;
    if (serial) device.serial = serial;
    if (software) device.software = software;
    if (tradeName) device.manufacturer = tradeName;
  }
  device.manufacturer ??= MANUFACTURERS[code];
  if (device.manufacturer === undefined) delete device.manufacturer;
  return Object.keys(device).length ? device : undefined;
}
