/**
 * A large synthetic archive built with the real repository insert code: synthetic metadata (patients, sexes,
 * ages, dates, formats, statements, analyses for 60 %, overreads for 10 %) around one small real signal (the
 * first half second of CinC HR00001), shared by every study. The same archive every run (seeded).
 */
import { join } from 'node:path';
import type { EcgRecord } from '../../src-main/ecg/record.js';
import { mulberry32 } from '../../src-main/explain/rng.js';
import { readEcgFile } from '../../src-main/formats/registry.js';
import type { Archive } from '../../src-main/store/archive.js';
import { encodeStudy } from '../../src-main/store/encode-study.js';
import { fixturesDir } from './shared.js';

const FORMATS = ['cinc', 'cinc', 'cinc', 'wfdb', 'hl7-aecg', 'dicom', 'muse', 'philips', 'scp', 'edf'];
const STATEMENTS = [
  'Sinus rhythm', 'Sinus bradycardia', 'Sinus tachycardia', 'Atrial fibrillation', 'Atrial flutter',
  'Left bundle branch block', 'Right bundle branch block', 'Left axis deviation', 'Left ventricular hypertrophy',
  'ST elevation', 'T wave inversion', 'First degree AV block', 'Premature ventricular contractions', 'Low QRS voltages',
];
const CLASSES = ['NORM', 'MI', 'STTC', 'CD', 'HYP'];

function smallRealRecord(): EcgRecord {
  const r = readEcgFile(join(fixturesDir('cinc'), 'HR00001.hea'));
  const n = r.fs / 2; // half a second
  return {
    ...r,
    samples: r.samples.map((s) => s.slice(0, n)),
    digital: r.digital?.map((d) => d && { ...d, values: d.values.slice(0, n) }),
  };
}

/** Inserts `N` synthetic studies; answers the seconds it took. */
export function buildSyntheticArchive(archive: Archive, N: number): number {
  const base = smallRealRecord();
  const encoded = encodeStudy(base);
  const r = mulberry32(42); // the same archive every run
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)]!;
  const started = performance.now();
  const BATCH = 5000;
  for (let from = 0; from < N; from += BATCH) {
    archive.db.transaction(() => {
      for (let i = from; i < Math.min(N, from + BATCH); i++) {
        const patientId = `P${String(Math.floor(r() * N * 0.6)).padStart(7, '0')}`;
        const day = new Date(Date.UTC(2000, 0, 1) + Math.floor(r() * 25 * 365.25 * 86400) * 1000).toISOString().slice(0, 19);
        const rec: EcgRecord = {
          ...base,
          id: `ACC${i}`,
          startTime: r() < 0.95 ? day : undefined,
          patient: {
            id: patientId,
            ...(r() < 0.5 ? { name: `Name${Math.floor(r() * 20000)}^Given${Math.floor(r() * 500)}` } : {}),
            sex: r() < 0.48 ? 'F' : r() < 0.96 ? 'M' : 'U',
            ...(r() < 0.9 ? { age: 18 + Math.floor(r() * 80) } : {}),
          },
          statements: Array.from({ length: 1 + Math.floor(r() * 3) }, () => pick(STATEMENTS)),
          source: { format: pick(FORMATS), path: `/archive/site${i % 7}/ecg-${i}.dat`, sha256: `bench-${i}` },
        };
        const id = archive.studies.insert(rec, encoded, { actor: 'bench', importedAt: new Date(Date.UTC(2024, 0, 1) + i * 1000).toISOString() });
        if (r() < 0.6) {
          const p = CLASSES.map(() => r() ** 3);
          const sum = p.reduce((a, b) => a + b, 0);
          const analysisId = archive.analyses.add({
            studyId: id, modelId: 'resnet1d-ptbxl', modelVersion: '1.0.0',
            probabilities: Object.fromEntries(CLASSES.map((c, k) => [c, p[k]! / sum])),
            uncertainty: r(), surrogateAgreement: 0.5 + r() / 2,
          });
          if (r() < 0.17) archive.overreads.add({ studyId: id, analysisId, reader: 'dr.bench', status: r() < 0.8 ? 'confirmed' : 'rejected' });
        }
      }
    })();
  }
  const seconds = (performance.now() - started) / 1000;
  archive.studies.refreshStatistics(); // what the importer does after a batch that grew the archive
  return seconds;
}

