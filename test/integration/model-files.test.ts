/**
 * From file to model input: the project's readers + prepareRecord reproduce, from the real ECG files, the tensors
 * the Python pipeline prepared from the same files (the package's test vectors) within 1e-5.
 */
import { describe, expect, it } from 'vitest';
import type { EcgRecord } from '../../src-main/ecg/record.js';
import { readEcgFile } from '../../src-main/formats/registry.js';
import { loadModelPackage } from '../../src-main/model/manifest.js';
import { prepareRecord } from '../../src-main/model/prepare.js';
import { hasShared, sharedPath } from '../helpers/shared.js';
import { loadVectors, maxAbsDiff, MODEL_DIR, rawLeads, vectorArray } from '../unit/model/vectors.js';

const spec = loadModelPackage(MODEL_DIR).manifest.input;
const vectors = loadVectors();

function slice(r: EcgRecord, start: number, end: number): EcgRecord {
  return { ...r, samples: r.samples.map((s) => s.slice(start, end)) };
}

describe.skipIf(!hasShared('data'))('reader → prepareRecord vs the Python pipeline', () => {
  it.each(vectors.cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const record = readEcgFile(sharedPath(c.source));
    expect(record.fs).toBe(c.fs);
    const part = slice(record, c.start, c.end);
    // The reader's millivolts are the ones Python computed: (digital − baseline) / gain, rounded to float32.
    const raw = rawLeads(c);
    spec.leads.forEach((lead, k) => expect(maxAbsDiff(part.samples[part.leads.indexOf(lead)]!, raw[k]!)).toBeLessThanOrEqual(1e-6));
    const p = prepareRecord(part, spec);
    expect(maxAbsDiff(p.data, vectorArray(c, 'prepared'))).toBeLessThanOrEqual(vectors.tolerance.prepared);
  });
});
