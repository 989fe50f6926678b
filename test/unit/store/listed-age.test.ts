/**
 * The age a worklist row lists agrees with the age the PDF report prints, for files that state an age and for
 * files that give only a birth date (SCP-ECG section 1 tag 5 without tag 4; a Philips date of birth), imported by
 * the real readers into a fresh archive.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ageText } from '../../../src-main/report/header.js';
import { importPaths } from '../../../src-main/store/importer.js';
import { fixture, hasShared } from '../../helpers/shared.js';
import { tempArchive } from './synthetic.js';

/** file → [age the file states, birth date, acquisition, the age to list] (read with `ecg-tlc inspect`) */
const CASES: Array<[string[], number | undefined, string | undefined, string | undefined, number]> = [
  [['scp', 'Example.scp'], undefined, '1953-05-08', '2002-11-22T09:10:00', 49],
  [['scp', 'demo.scp'], undefined, '1957-06-24', '2004-06-24T16:52:16', 47], // acquired on the 47th birthday
  [['scp', 'example_full_anon.SCP'], 36, undefined, undefined, 36],
  [['philips', '3191723_ZZDEMOPTONLY_1-04_orig.xml'], undefined, '1950-01-01', '2010-01-19T15:19:22', 60],
  // the stated age wins over the birth date, in the list and on the report alike (the file says 46, not 49); the
  // same ECG as Example.scp, so it goes to an archive of its own (the first would keep it out as a duplicate)
  [['hl7-aecg', 'HL7_2003-12_Example_aECG.xml'], 46, '1953-05-08', '2002-11-22T09:10:00.000', 46],
];
const OWN_ARCHIVE = 4;

describe.skipIf(!hasShared('fixtures', 'scp') || !hasShared('fixtures', 'philips') || !hasShared('fixtures', 'hl7-aecg'))('listed age', () => {
  let t: ReturnType<typeof tempArchive>;
  let own: ReturnType<typeof tempArchive>;
  let ids: number[];
  const paths = CASES.map(([f]) => fixture(...(f as [string, string])));
  beforeAll(async () => {
    t = tempArchive();
    own = tempArchive();
    const s = await importPaths(t.archive.studies, paths.slice(0, OWN_ARCHIVE), { actor: 'test', workers: 0 });
    const o = await importPaths(own.archive.studies, paths.slice(OWN_ARCHIVE), { actor: 'test', workers: 0 });
    expect([s.failures, s.duplicates, o.failures]).toEqual([[], [], []]);
    ids = [...s.studyIds, ...o.studyIds];
  });
  afterAll(() => {
    t.cleanup();
    own.cleanup();
  });

  it('is the stated age, else whole years from birth date to acquisition; the report prints the same', () => {
    CASES.forEach(([file, stated, birth, acquired, listed], i) => {
      const study = (i < OWN_ARCHIVE ? t : own).archive.studies.get(ids[i]!)!;
      const p = study.record.patient;
      expect([p.age, p.birthDate, study.record.startTime], file.join('/')).toEqual([stated, birth, acquired]);
      expect(study.summary.patient.age, file.join('/')).toBe(listed);
      expect(ageText({ record: study.record, softwareVersion: 'test' } as Parameters<typeof ageText>[0]), file.join('/')).toBe(`${listed} y`);
    });
  });

  it('feeds the age filter and sort: the SCP study born 1953 is found at 49', () => {
    const at49 = t.archive.queries.list({ age: { min: 49, max: 49 } }).items.map((s) => s.fileName);
    expect(at49).toEqual(['Example.scp']);
    const byAge = t.archive.queries.list({ sort: 'age', direction: 'asc' }).items.map((s) => s.patient.age);
    expect(byAge).toEqual([36, 47, 49, 60]);
  });
});
