/**
 * Migration 4: rows imported before the worklist derived ages list none where the file gives only a birth date
 * (SCP-ECG section 1 tag 5 without tag 4, Philips), while their reports print one. Fills `studies.age` for those
 * rows with the rule new imports use (ecg/age.ts), from the patient as the file gave it and the acquisition time.
 */
import type Database from 'better-sqlite3';
import { ageAt } from '../ecg/age.js';

interface AgelessRow {
  id: number;
  acquiredAt: string | null;
  patient: string | null;
}

export function backfillAges(db: Database.Database): void {
  const rows = db
    .prepare(
      `SELECT s.id, s.acquired_at AS acquiredAt, d.patient FROM studies s JOIN study_details d ON d.study_id = s.id
       WHERE s.age IS NULL AND d.patient IS NOT NULL`,
    )
    .all() as AgelessRow[];
  const set = db.prepare('UPDATE studies SET age = ? WHERE id = ?');
  for (const r of rows) {
    const patient = JSON.parse(r.patient!) as { birthDate?: string };
    const age = ageAt(patient.birthDate, r.acquiredAt ?? undefined);
    if (age !== undefined) set.run(age, r.id);
  }
}
