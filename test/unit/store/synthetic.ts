/**
 * Synthetic EcgRecords for store tests (the store is tested on records, the readers on files), and a tiny
 * record-file format ("SYNTH <json spec>") the importer tests parse through an injected parser, so importer
 * behaviour (dedup, failures, crash safety) is tested independently of any reader being finished.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { completeLimbLeads } from '../../../src-main/ecg/derived.js';
import { mulberry32 } from '../../../src-main/explain/rng.js';
import type { DigitalLead, EcgRecord } from '../../../src-main/ecg/record.js';
import { FormatError } from '../../../src-main/formats/errors.js';
import type { FileSource } from '../../../src-main/formats/types.js';
import { Archive, openArchive } from '../../../src-main/store/archive.js';
import { encodeStudy } from '../../../src-main/store/encode-study.js';

/** Deterministic pseudo-random numbers, so failures reproduce. */
export const rng = mulberry32;

/** An ECG-like integer trace: a beat every `period` samples on a wandering baseline, plus noise. */
function trace(n: number, seed: number, amplitude: number): Int32Array {
  const r = rng(seed);
  const out = new Int32Array(n);
  const period = 350 + Math.floor(r() * 150);
  for (let t = 0; t < n; t++) {
    const phase = (t % period) / period;
    const qrs = Math.exp(-(((phase - 0.3) / 0.012) ** 2)) * amplitude;
    const tw = Math.exp(-(((phase - 0.6) / 0.05) ** 2)) * amplitude * 0.25;
    out[t] = Math.round(qrs + tw + 40 * Math.sin(t / 900) + (r() - 0.5) * 8);
  }
  return out;
}

export interface SynthSpec {
  seed: number;
  /** samples per lead */
  n?: number;
  fs?: number;
  /** 8 stored leads + 4 derived (MUSE-like) instead of 12 stored */
  derive?: boolean;
  patientId?: string;
  name?: string;
  sex?: 'M' | 'F' | 'U';
  age?: number;
  startTime?: string;
  statements?: string[];
  format?: string;
  recordId?: string;
}

/** A 12-lead record with digital values (gain 200/mV, per-lead baselines), in canonical order. */
export function synthRecord(spec: SynthSpec): EcgRecord {
  const n = spec.n ?? 5000;
  const stored = spec.derive ? ['I', 'II', 'V1', 'V2', 'V3', 'V4', 'V5', 'V6'] : ['I', 'II', 'III', 'aVR', 'aVL', 'aVF', 'V1', 'V2', 'V3', 'V4', 'V5', 'V6'];
  const gain = 200;
  const digital: DigitalLead[] = stored.map((_, k) => ({ values: trace(n, spec.seed * 31 + k, 150 + 40 * k), gain, baseline: k - 3 }));
  const samples = digital.map((d) => {
    const s = new Float32Array(n);
    for (let t = 0; t < n; t++) s[t] = (d.values[t]! - d.baseline) / d.gain;
    return s;
  });
  const record: EcgRecord = {
    leads: [...stored],
    fs: spec.fs ?? 500,
    samples,
    digital: [...digital],
    patient: {},
    source: { format: spec.format ?? 'synth', path: `/synthetic/${spec.seed}.syn`, sha256: '' },
  };
  if (spec.patientId !== undefined) record.patient.id = spec.patientId;
  if (spec.name !== undefined) record.patient.name = spec.name;
  if (spec.sex !== undefined) record.patient.sex = spec.sex;
  if (spec.age !== undefined) record.patient.age = spec.age;
  if (spec.startTime !== undefined) record.startTime = spec.startTime;
  if (spec.statements !== undefined) record.statements = spec.statements;
  if (spec.recordId !== undefined) record.id = spec.recordId;
  return spec.derive ? completeLimbLeads(record) : record;
}

const MAGIC = 'SYNTH ';

/** Record file of the test format: "SYNTH " + JSON spec. */
export function writeSynthFile(path: string, spec: SynthSpec): void {
  writeFileSync(path, MAGIC + JSON.stringify(spec));
}

/** Parser for the test format: a FormatError for anything else, like a real reader. */
export function parseSynth(src: FileSource): EcgRecord {
  const text = Buffer.from(src.bytes).toString('utf8');
  if (!text.startsWith(MAGIC)) throw new FormatError(src.path, 'not a SYNTH test record');
  let spec: SynthSpec;
  try {
    spec = JSON.parse(text.slice(MAGIC.length)) as SynthSpec;
  } catch {
    throw new FormatError(src.path, 'SYNTH spec is not JSON');
  }
  return synthRecord(spec);
}

/** A fresh temporary folder and archive per test; `cleanup` closes and removes both. */
export function tempArchive(): { dir: string; dbPath: string; archive: Archive; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'ecg-store-'));
  const dbPath = join(dir, 'archive.db');
  const archive = openArchive(dbPath);
  return {
    dir,
    dbPath,
    archive,
    cleanup: () => {
      archive.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

const FORMATS = ['cinc', 'wfdb', 'hl7-aecg', 'muse', 'dicom'];
const STATEMENTS = ['Sinus rhythm', 'Atrial fibrillation', 'Left bundle branch block', 'Sinus bradycardia', 'ST elevation'];
const CLASSES = ['NORM', 'MI', 'STTC', 'CD', 'HYP'];

/**
 * `count` studies with varied metadata through the real repository code (one shared small signal), and an
 * analysis for every third one. Returns the specs in insertion order (study ids 1…count on a fresh archive).
 */
export function seedStudies(archive: Archive, count: number, seed = 1): SynthSpec[] {
  const r = rng(seed);
  const base = synthRecord({ seed, n: 50 });
  const specs: SynthSpec[] = [];
  archive.db.transaction(() => {
    for (let i = 0; i < count; i++) {
      const day = 1 + Math.floor(r() * 28);
      const spec: SynthSpec = {
        seed: i,
        patientId: `P${String(Math.floor(r() * count)).padStart(6, '0')}`,
        sex: (['M', 'F', 'U'] as const)[Math.floor(r() * 3)]!,
        format: FORMATS[Math.floor(r() * FORMATS.length)]!,
        statements: [STATEMENTS[Math.floor(r() * STATEMENTS.length)]!],
        recordId: `R${i}`,
      };
      if (r() > 0.1) spec.age = Math.floor(r() * 90);
      if (r() > 0.1) spec.startTime = `20${10 + Math.floor(r() * 14)}-0${1 + Math.floor(r() * 9)}-${String(day).padStart(2, '0')}T08:00:00`;
      if (r() > 0.5) spec.name = `Name${Math.floor(r() * 1000)}`;
      const rec: EcgRecord = {
        ...base,
        id: spec.recordId,
        patient: { id: spec.patientId, sex: spec.sex, ...(spec.age !== undefined ? { age: spec.age } : {}), ...(spec.name ? { name: spec.name } : {}) },
        statements: spec.statements,
        source: { format: spec.format!, path: `/archive/${spec.format}/file-${i}.dat`, sha256: `${seed}-${i}` },
      };
      if (spec.startTime) rec.startTime = spec.startTime;
      const encoded = encodeStudy(rec);
      const id = archive.studies.insert(rec, encoded, { actor: 'seed', importedAt: new Date(Date.UTC(2024, 0, 1, 0, 0, i)).toISOString() });
      if (i % 3 === 0) {
        const p = CLASSES.map(() => r());
        const sum = p.reduce((a, b) => a + b, 0);
        archive.analyses.add({
          studyId: id, modelId: 'm', modelVersion: '1',
          probabilities: Object.fromEntries(CLASSES.map((c, k) => [c, p[k]! / sum])),
          uncertainty: r(), surrogateAgreement: r(),
        });
      }
      specs.push(spec);
    }
  })();
  return specs;
}
