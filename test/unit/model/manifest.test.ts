import { cpSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ModelPackageError } from '../../../src-main/model/errors.js';
import { loadModelPackage, parseManifest, sha256File } from '../../../src-main/model/manifest.js';
import { MODEL_DIR } from './vectors.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ecg-tlc-model-'));
  cpSync(MODEL_DIR, dir, { recursive: true });
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function failure(fn: () => unknown): ModelPackageError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ModelPackageError) return e;
    throw e;
  }
  throw new Error('expected a ModelPackageError');
}

function editManifest(edit: (m: Record<string, any>) => void): void {
  const p = join(dir, 'manifest.json');
  const m = JSON.parse(readFileSync(p, 'utf8'));
  edit(m);
  writeFileSync(p, JSON.stringify(m));
}

describe('loadModelPackage', () => {
  it('loads the shipped package and verifies every listed file', () => {
    const pkg = loadModelPackage(dir);
    const m = pkg.manifest;
    expect(m.classes.map((c) => c.id)).toEqual(['NORM', 'MI', 'STTC', 'CD', 'HYP']);
    expect(m.input).toMatchObject({ fs: 400, samples: 4096, units: 'mV', padding: 'centre-zero', crop: 'centre' });
    expect(m.input.leads).toEqual(['I', 'II', 'III', 'aVR', 'aVL', 'aVF', 'V1', 'V2', 'V3', 'V4', 'V5', 'V6']);
    expect(m.outputs.blocks.map((b) => [b.length, b.strideSamples])).toEqual([[256, 16], [64, 64], [16, 256]]);
    for (const b of m.outputs.blocks) expect(b.length * b.strideSamples).toBe(4096);
    expect(Object.keys(m.files).sort()).toEqual(['head.json', 'model.onnx', 'model_mc.onnx']);
    expect(sha256File(pkg.path('model.onnx'))).toBe(m.files['model.onnx']!.sha256);
    expect(m.mcGraph?.sha256).toBe(m.files['model_mc.onnx']!.sha256);
  });

  it('names an altered file (same size, one byte changed)', () => {
    const p = join(dir, 'model.onnx');
    const bytes = readFileSync(p);
    bytes[bytes.length - 10] = bytes[bytes.length - 10]! ^ 0xff;
    writeFileSync(p, bytes);
    const e = failure(() => loadModelPackage(dir));
    expect(e.file).toBe(p);
    expect(e.reason).toMatch(/^altered: sha256 [0-9a-f]{64} where manifest.json says sha256/);
  });

  it('names an altered file (truncated)', () => {
    const p = join(dir, 'head.json');
    writeFileSync(p, readFileSync(p).subarray(0, 100));
    expect(failure(() => loadModelPackage(dir)).reason).toMatch(/^altered: 100 bytes where manifest.json says \d+ bytes/);
  });

  it('names a missing file', () => {
    unlinkSync(join(dir, 'model_mc.onnx'));
    const e = failure(() => loadModelPackage(dir));
    expect(e.file).toBe(join(dir, 'model_mc.onnx'));
    expect(e.reason).toMatch(/^missing: manifest.json lists it/);
  });

  it('explains a folder without a manifest', () => {
    unlinkSync(join(dir, 'manifest.json'));
    expect(failure(() => loadModelPackage(dir)).message).toMatch(/manifest\.json: missing: a model package is a folder/);
  });

  it('refuses a manifest that breaks the contract, naming the field', () => {
    editManifest((m) => delete m.thresholds.HYP);
    expect(failure(() => loadModelPackage(dir)).reason).toMatch(/thresholds: no threshold for class HYP/);
    editManifest((m) => (m.thresholds.HYP = 0.5, (m.input.fs = -1)));
    expect(failure(() => loadModelPackage(dir)).reason).toMatch(/input\.fs/);
    editManifest((m) => (m.input.fs = 400, (m.head.block = 'block9')));
    expect(failure(() => loadModelPackage(dir)).reason).toMatch(/head\.block: block9 is not one of outputs\.blocks/);
    editManifest((m) => (m.head.block = 'block4', (m.mcGraph.sha256 = '0'.repeat(64))));
    expect(failure(() => loadModelPackage(dir)).reason).toMatch(/mcGraph\.sha256: differs from files\["model_mc\.onnx"\]/);
  });

  it('refuses file names that climb out of the package', () => {
    editManifest((m) => {
      m.files['../outside.onnx'] = m.files['model.onnx'];
      m.model.file = '../outside.onnx';
    });
    expect(failure(() => loadModelPackage(dir)).reason).toMatch(/inside the package folder/);
  });

  it('reports JSON syntax errors with the manifest path', () => {
    expect(() => parseManifest('{', '/x/manifest.json')).toThrow(/^\/x\/manifest\.json: not valid JSON/);
  });
});
