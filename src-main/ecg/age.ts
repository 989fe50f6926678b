/**
 * A patient's age at acquisition, one rule for every place that shows or filters it (the worklist and its age
 * filter, the report header, de-identification, the EDF reader):
 *
 * | given                              | age                                                        |
 * |------------------------------------|------------------------------------------------------------|
 * | an age stated by the file          | that age                                                   |
 * | a birth date and an acquisition    | whole years between them (the day before a birthday counts the year before) |
 * | either date missing or unusable    | none; so is a result below 0 or of 150 years and more       |
 */
import type { Patient } from './record.js';

/** Whole years between an ISO birth date and an ISO date-time, or undefined when either is unusable. */
export function ageAt(birthDate: string | undefined, at: string | undefined): number | undefined {
  const b = /^(\d{4})-(\d{2})-(\d{2})/.exec(birthDate ?? '');
  const a = /^(\d{4})-(\d{2})-(\d{2})/.exec(at ?? '');
  if (!b || !a) return undefined;
  const [by, bm, bd] = b.slice(1).map(Number) as [number, number, number];
  const [ay, am, ad] = a.slice(1).map(Number) as [number, number, number];
  const years = ay - by - (am < bm || (am === bm && ad < bd) ? 1 : 0);
  return years >= 0 && years < 150 ? years : undefined;
}

/** The file's stated age, else whole years from the birth date to the acquisition. */
export function patientAge(patient: Patient, startTime: string | undefined): number | undefined {
  return patient.age ?? ageAt(patient.birthDate, startTime);
}
