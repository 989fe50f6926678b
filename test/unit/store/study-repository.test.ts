import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EcgRecord } from '../../../src-main/ecg/record.js';
import type { Archive } from '../../../src-main/store/archive.js';
import { encodeStudy } from '../../../src-main/store/encode-study.js';
import { durably } from '../../../src-main/store/db.js';
import { seedStudies, synthRecord, tempArchive } from './synthetic.js';

/** A record with every optional field the contract has, so the round trip covers them all. */
function fullRecord(): EcgRecord {
  const rec = synthRecord({
    seed: 21, derive: true, patientId: 'P-0001', name: 'Doe^Jane', sex: 'F', age: 61,
    startTime: '2021-03-04T10:11:12', statements: ['Sinus rhythm', 'Left axis deviation'], recordId: 'ACC-77',
  });
  rec.patient.birthDate = '1960-01-02';
  rec.device = { manufacturer: 'Acme', model: 'ECG-9', serial: 'S1', software: '2.1' };
  rec.site = 'Ward 3';
  rec.measurements = { hr: 72, pr: 160, qrs: 92, qt: 380, qtc: 410, qrsAxis: -35 };
  rec.annotations = [
    { sample: 120, type: 'beat', label: 'N' },
    { lead: 'II', sample: 300, duration: 45, type: 'interval', label: 'QRS' },
  ];
  rec.checks = [{ name: 'checksum:I', status: 'ok' }, { name: 'checksum:II', status: 'mismatch', detail: 'header 12 vs 13' }];
  rec.extraWaveforms = [{ kind: 'median', fs: 500, leads: ['I', 'II'], samples: [Float32Array.from([0, 0.5, 1, -0.25]), Float32Array.from([0.1, 0.2, 0.3, 0.4])] }];
  rec.source = { format: 'muse', path: '/data/a.xml', sha256: 'f'.repeat(64), details: { version: 8 } };
  return rec;
}

describe('study repository', () => {
  let t: ReturnType<typeof tempArchive>;
  let archive: Archive;
  beforeEach(() => {
    t = tempArchive();
    archive = t.archive;
  });
  afterEach(() => t.cleanup());

  it('round-trips a record: getStudy returns the same EcgRecord (digital exact, mV bit for bit, derived marked)', () => {
    const rec = fullRecord();
    const id = archive.studies.insert(rec, encodeStudy(rec), { actor: 'tester' });
    const got = archive.studies.get(id)!;
    const { samples, digital, derived, extraWaveforms, ...meta } = got.record;
    const { samples: s0, digital: d0, derived: dv0, extraWaveforms: w0, ...meta0 } = rec;
    expect(meta).toEqual(meta0);
    samples.forEach((s, k) => expect(new Uint32Array(s.buffer, s.byteOffset, s.length)).toEqual(new Uint32Array(s0[k]!.buffer, s0[k]!.byteOffset, s0[k]!.length)));
    expect(digital).toEqual(d0);
    expect(new Set(derived)).toEqual(new Set(dv0));
    expect(extraWaveforms).toEqual(w0);
    expect(got.summary).toMatchObject({
      id, recordId: 'ACC-77', fileName: 'a.xml', format: 'muse', acquiredAt: '2021-03-04T10:11:12',
      patient: { label: 'Doe^Jane', sex: 'F', age: 61 }, fs: 500, samples: 5000, durationS: 10,
      statements: ['Sinus rhythm', 'Left axis deviation'], site: 'Ward 3', confirmed: false,
    });
    expect(got.summary.analysis).toBeUndefined();
  });

  it('keeps missing fields missing', () => {
    const rec = synthRecord({ seed: 22, n: 300 });
    rec.source.sha256 = '1'.repeat(64);
    const id = archive.studies.insert(rec, encodeStudy(rec), { actor: 'tester' });
    const got = archive.studies.get(id)!.record;
    for (const k of ['id', 'startTime', 'device', 'site', 'statements', 'measurements', 'annotations', 'checks', 'extraWaveforms', 'derived'] as const) {
      expect(got[k], k).toBeUndefined();
    }
    expect(got.patient).toEqual({});
    expect(archive.studies.summary(id)!.patient).toEqual({ archiveId: expect.any(Number) });
  });

  it('links studies of one patient id and fills patient fields a later study adds', () => {
    const a = synthRecord({ seed: 23, n: 200, patientId: 'P9' });
    const b = synthRecord({ seed: 24, n: 200, patientId: 'P9', name: 'Roe^Rick', sex: 'M' });
    a.source.sha256 = 'a'.repeat(64);
    b.source.sha256 = 'b'.repeat(64);
    const ia = archive.studies.insert(a, encodeStudy(a), { actor: 't' });
    const ib = archive.studies.insert(b, encodeStudy(b), { actor: 't' });
    expect(archive.studies.summary(ia)!.patient.archiveId).toBe(archive.studies.summary(ib)!.patient.archiveId);
    expect(archive.db.prepare('SELECT name, sex FROM patients WHERE source_id = ?').get('P9')).toEqual({ name: 'Roe^Rick', sex: 'M' });
  });

  it('writes the study, its signals and its audit entry together, and refuses the same file twice', () => {
    const rec = synthRecord({ seed: 25, n: 200 });
    rec.source.sha256 = 'c'.repeat(64);
    const id = archive.studies.insert(rec, encodeStudy(rec), { actor: 'nurse' });
    expect(archive.audit.forEntity('study', id)).toMatchObject([{ actor: 'nurse', action: 'import', details: { sha256: 'c'.repeat(64) } }]);
    expect(archive.studies.idBySourceHash('c'.repeat(64))).toBe(id);
    expect(() => archive.studies.insert(rec, encodeStudy(rec), { actor: 'nurse' })).toThrow(/UNIQUE/);
    // the failed insert rolled back whole: no orphan patient, signal or audit entry
    expect(archive.db.prepare('SELECT count(*) FROM patients').pluck().get()).toBe(1);
    expect(archive.db.prepare('SELECT count(*) FROM signals').pluck().get()).toBe(1);
    expect(archive.audit.latest(10)).toHaveLength(1);
  });

  it('gathers planner statistics from 1,000 studies on, again only after a quarter more', () => {
    seedStudies(archive, 999, 3);
    expect(archive.studies.refreshStatistics()).toBe(false);
    seedStudies(archive, 1, 4);
    expect(archive.studies.refreshStatistics()).toBe(true);
    expect(archive.db.prepare("SELECT count(*) FROM sqlite_stat4 WHERE tbl = 'studies'").pluck().get()).toBeGreaterThan(0);
    expect(archive.studies.refreshStatistics()).toBe(false);
    seedStudies(archive, 251, 5);
    expect(archive.studies.refreshStatistics()).toBe(true);
  });

  it('durably syncs the WAL at the commit it wraps and restores the connection setting', () => {
    const sync = () => archive.db.pragma('synchronous', { simple: true });
    expect(sync()).toBe(1); // NORMAL: the archive's default
    expect(durably(archive.db, sync)).toBe(2); // FULL inside
    expect(sync()).toBe(1);
    // inside a transaction the setting cannot change; the outer commit decides
    expect(archive.db.transaction(() => durably(archive.db, sync))()).toBe(1);
  });

  it('copies the latest analysis and overread onto the worklist columns', () => {
    const rec = synthRecord({ seed: 26, n: 200 });
    rec.source.sha256 = 'd'.repeat(64);
    const id = archive.studies.insert(rec, encodeStudy(rec), { actor: 't' });
    archive.analyses.add({ studyId: id, modelId: 'resnet1d', modelVersion: '1', probabilities: { NORM: 0.2, MI: 0.7, STTC: 0.1 }, uncertainty: 0.4 });
    const second = archive.analyses.add({ studyId: id, modelId: 'resnet1d', modelVersion: '2', probabilities: { NORM: 0.9, MI: 0.1 }, uncertainty: 0.1, surrogateAgreement: 0.8, explanation: new Uint8Array([1, 2, 3]) });
    expect(archive.studies.summary(id)!.analysis).toEqual({ id: second, topClass: 'NORM', maxProbability: 0.9, uncertainty: 0.1, surrogateAgreement: 0.8 });
    expect(archive.analyses.latest(id)).toMatchObject({ modelVersion: '2', topClass: 'NORM', explanation: Buffer.from([1, 2, 3]) });
    archive.overreads.add({ studyId: id, analysisId: second, reader: 'dr.who', status: 'confirmed' });
    expect(archive.studies.summary(id)!.confirmed).toBe(true);
    archive.overreads.add({ studyId: id, reader: 'dr.who', status: 'rejected', comment: 'artefact' });
    expect(archive.studies.summary(id)!.confirmed).toBe(false);
    expect(archive.audit.forEntity('study', id).map((e) => e.action)).toEqual(['import', 'overread:confirmed', 'overread:rejected']);
  });
});
