/**
 * De-identified export, with DICOM PS3.15 Annex E (Basic Application Level Confidentiality Profile) as the guide.
 * Identifiers are removed, the patient ID becomes a pseudonym: HMAC-SHA-256 keyed with a per-install salt, so the
 * same patient gets the same pseudonym on every report from one installation and no one without the salt can go
 * from a pseudonym back to an ID by hashing candidate IDs.
 *
 * | report field              | DICOM attribute (tag)                     | basic profile     | here                           |
 * |---------------------------|-------------------------------------------|-------------------|--------------------------------|
 * | patient.name              | Patient's Name (0010,0010)                | Z                 | removed                        |
 * | patient.id                | Patient ID (0010,0020)                    | Z                 | replaced by the pseudonym      |
 * | patient.birthDate         | Patient's Birth Date (0010,0030)          | Z                 | removed (age derived first)    |
 * | patient.sex, patient.age  | Patient's Sex / Age (0010,0040 / 1010)    | Retain Patient Characteristics: C | kept; age over 89 → "90+" |
 * | record.id                 | Study ID, Accession Number                | Z                 | removed                        |
 * | startTime, overread date  | Acquisition DateTime (0008,002A)          | X/D; Retain … Full Dates: K | removed unless retainDates |
 * | device.serial, software   | Device Serial Number (0018,1000), Software Versions (0018,1020) | X | removed   |
 * | device manufacturer/model | Manufacturer, Manufacturer's Model Name   | not listed        | kept                           |
 * | site                      | Institution Name (0008,0080)              | X/Z/D             | removed                        |
 * | free-text statements      | Text Value, comments                      | X                 | removed; coded ones kept       |
 * | overread reader, comment  | Physician(s) Reading Study (0008,1060)    | X                 | removed; the status is kept    |
 * | source file path, sha256  | (file names often carry names or IDs)     | —                 | removed; the format is kept    |
 */
import { createHmac } from 'node:crypto';
import { patientAge } from '../ecg/age.js';
import type { EcgRecord, Patient } from '../ecg/record.js';
import type { OverreadState, ReportInput } from './input.js';

export interface DeidentifyOptions {
  /** per-install secret (at least 16 characters) keying the pseudonym hash */
  salt: string;
  /** keep acquisition and overread dates (PS3.15 Retain Longitudinal Temporal Information with Full Dates Option) */
  retainDates?: boolean;
}

export interface DeidentificationNote {
  /** absent when the study has no patient ID, record ID or source hash to derive one from */
  pseudonym?: string;
  /** what the pseudonym was derived from */
  basis?: 'patient ID' | 'record ID' | 'source file';
  /** the identifying fields this study had and the report left out */
  removed: string[];
  datesRetained: boolean;
  /** the age was over 89 and is printed as "90+" */
  ageTopCoded: boolean;
}

export const DEID_PROFILE = 'DICOM PS3.15 Basic Application Level Confidentiality Profile, Retain Patient Characteristics Option';
export const MIN_SALT_LENGTH = 16;
const TOP_AGE = 90;

/** A coded statement ("SNOMED:426783006", "ICD-10:I48.0") carries no free text and may stay. */
const CODED = /^[A-Za-z][\w.-]*:[\w.-]+$/;

export function pseudonym(value: string, salt: string): string {
  if (salt.length < MIN_SALT_LENGTH) {
    throw new Error(`the pseudonym salt must be at least ${MIN_SALT_LENGTH} characters (a short salt lets anyone recover IDs by trying candidates)`);
  }
  const hex = createHmac('sha256', salt).update(value, 'utf8').digest('hex').toUpperCase();
  return `PSN-${hex.slice(0, 6)}-${hex.slice(6, 12)}`;
}

function pseudonymBasis(record: EcgRecord): { value: string; basis: DeidentificationNote['basis'] } | undefined {
  if (record.patient.id) return { value: `patient:${record.patient.id}`, basis: 'patient ID' };
  if (record.id) return { value: `record:${record.id}`, basis: 'record ID' };
  if (record.source.sha256) return { value: `sha256:${record.source.sha256}`, basis: 'source file' };
  return undefined;
}

function keptPatient(p: Patient, startTime: string | undefined): { patient: Patient; topCoded: boolean } {
  const patient: Patient = {};
  if (p.sex) patient.sex = p.sex;
  const age = patientAge(p, startTime);
  const topCoded = age !== undefined && age >= TOP_AGE;
  if (age !== undefined) patient.age = topCoded ? TOP_AGE : age;
  return { patient, topCoded };
}

function keptOverread(o: OverreadState, retainDates: boolean): OverreadState {
  if (o.status === 'unconfirmed') return o;
  return { status: o.status, by: 'reader (name removed)', at: retainDates ? o.at : '' };
}

/** A copy of the report input that carries no direct identifiers; the note says what was removed. */
export function deidentifyReport(input: ReportInput, options: DeidentifyOptions): ReportInput {
  const r = input.record;
  const retainDates = options.retainDates ?? false;
  const basis = pseudonymBasis(r);
  const psn = basis ? pseudonym(basis.value, options.salt) : undefined;
  const { patient, topCoded } = keptPatient(r.patient, r.startTime);

  const statements = r.statements?.filter((s) => CODED.test(s));
  const freeText = (r.statements?.length ?? 0) - (statements?.length ?? 0);
  const removed = [
    r.patient.name && 'patient name',
    r.patient.id && 'patient ID',
    r.patient.birthDate && 'birth date',
    r.id && 'record ID',
    r.device?.serial && 'device serial',
    r.device?.software && 'device software version',
    r.site && 'site',
    !retainDates && r.startTime && 'acquisition date',
    freeText > 0 && `${freeText} free-text statement${freeText === 1 ? '' : 's'}`,
    r.source.path && 'source file name',
    input.overread.status !== 'unconfirmed' && 'reader name',
    input.overread.status !== 'unconfirmed' && input.overread.statement && 'overread text',
  ].filter((s): s is string => typeof s === 'string' && s.length > 0);

  const record: EcgRecord = {
    leads: r.leads,
    fs: r.fs,
    samples: r.samples,
    patient,
    source: { format: r.source.format, path: '', sha256: '' },
  };
  if (r.derived) record.derived = r.derived;
  if (retainDates && r.startTime) record.startTime = r.startTime;
  if (statements?.length) record.statements = statements;
  if (r.measurements) record.measurements = r.measurements;
  const device = { ...(r.device?.manufacturer ? { manufacturer: r.device.manufacturer } : {}), ...(r.device?.model ? { model: r.device.model } : {}) };
  if (Object.keys(device).length) record.device = device;

  return {
    ...input,
    record,
    overread: keptOverread(input.overread, retainDates),
    deidentified: {
      ...(psn ? { pseudonym: psn, basis: basis!.basis } : {}),
      removed,
      datesRetained: retainDates,
      ageTopCoded: topCoded,
    },
  };
}
