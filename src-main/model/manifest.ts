/**
 * Model package = a folder with manifest.json (DESIGN.md §3) and the files it lists with their sha256. Any package
 * that follows this schema loads: bring-your-own-model is a feature, so the checks are about what the runtime
 * relies on (input geometry, output names, file integrity), not about our own training choices.
 *
 * | manifest key | what the runtime uses it for                                                       |
 * |--------------|------------------------------------------------------------------------------------|
 * | input        | lead order, rate, length, units, padding and crop rule for prepare.ts              |
 * | outputs      | ONNX output names of the logits and of each explained block, their geometry        |
 * | classes      | class ids in logit order, names and descriptions for display                       |
 * | thresholds   | probability above which a class is called, per class id                            |
 * | head         | linear head over the last block (head.json) for gradient-free Grad-CAM             |
 * | mcGraph      | the graph with dropout active, for Monte-Carlo passes                              |
 * | files        | every file of the package with sha256 and size: verified before anything is used   |
 */
import { closeSync, existsSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { isAbsolute, join, normalize, resolve, sep } from 'node:path';
import { z } from 'zod';
import { ModelPackageError } from './errors.js';

export const MANIFEST_FILE = 'manifest.json';
export const MANIFEST_FORMAT = 'ecg-tlc-model/1';

/** A file name inside the package folder: relative, no climbing out. */
const PackageFile = z
  .string()
  .min(1)
  .refine((p) => !isAbsolute(p) && !normalize(p).split(/[\\/]/).includes('..'), 'must be a path inside the package folder');
const Sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'must be 64 lower-case hex digits');
const Positive = z.number().positive();
const Count = z.number().int().positive();

const InputSchema = z.object({
  name: z.string().min(1),
  fs: Positive,
  samples: Count,
  leads: z.array(z.string().min(1)).min(1),
  units: z.literal('mV'),
  normalisation: z.literal('none'),
  resampling: z.literal('linear'),
  padding: z.literal('centre-zero'),
  crop: z.literal('centre'),
});

const BlockSchema = z.object({
  name: z.string().min(1),
  output: z.string().min(1),
  channels: Count,
  length: Count,
  strideSamples: Positive,
  receptiveFieldSamples: Positive,
});

export const ManifestSchema = z
  .object({
    format: z.literal(MANIFEST_FORMAT),
    id: z.string().min(1),
    version: z.string().min(1),
    created: z.string().min(1),
    framework: z.object({ name: z.string(), version: z.string() }).loose(),
    model: z.object({ file: PackageFile, opset: Count }),
    input: InputSchema,
    outputs: z.object({
      logits: z.object({ name: z.string().min(1), activation: z.enum(['sigmoid', 'softmax']) }),
      blocks: z.array(BlockSchema),
    }),
    classes: z.array(z.object({ id: z.string().min(1), name: z.string().min(1), description: z.string() })).min(1),
    thresholds: z.record(z.string(), z.number().min(0).max(1)),
    head: z
      .object({
        file: PackageFile,
        sha256: Sha256,
        block: z.string().min(1),
        channels: Count,
        length: Count,
        layout: z.literal('channel-major'),
      })
      .optional(),
    mcGraph: z.object({ file: PackageFile, sha256: Sha256, dropout: z.number().gt(0).lt(1) }).optional(),
    files: z.record(PackageFile, z.object({ sha256: Sha256, bytes: z.number().int().nonnegative() })),
    training: z.record(z.string(), z.unknown()).optional(),
    metrics: z.record(z.string(), z.unknown()).optional(),
    intendedUse: z.string().optional(),
  })
  .superRefine((m, ctx) => {
    const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', path, message });
    if (!m.files[m.model.file]) issue(['model', 'file'], `${m.model.file} is not listed in files`);
    for (const key of ['head', 'mcGraph'] as const) {
      const ref = m[key];
      if (!ref) continue;
      const listed = m.files[ref.file];
      if (!listed) issue([key, 'file'], `${ref.file} is not listed in files`);
      else if (listed.sha256 !== ref.sha256) issue([key, 'sha256'], `differs from files["${ref.file}"].sha256`);
    }
    for (const c of m.classes) if (m.thresholds[c.id] === undefined) issue(['thresholds'], `no threshold for class ${c.id}`);
    const ids = new Set(m.classes.map((c) => c.id));
    if (ids.size !== m.classes.length) issue(['classes'], 'class ids must be unique');
    if (m.head) {
      const block = m.outputs.blocks.find((b) => b.output === m.head!.block);
      if (!block) issue(['head', 'block'], `${m.head.block} is not one of outputs.blocks`);
      else if (block.channels !== m.head.channels || block.length !== m.head.length) {
        issue(['head'], `channels × length ${m.head.channels} × ${m.head.length} differ from block ${block.output}`);
      }
    }
  });

export type Manifest = z.infer<typeof ManifestSchema>;
export type ModelInputSpec = Manifest['input'];
export type BlockSpec = Manifest['outputs']['blocks'][number];

export interface ModelPackage {
  /** absolute folder of the package */
  dir: string;
  manifest: Manifest;
  /** absolute path of a file of the package */
  path(file: string): string;
}

/** sha256 of a file, read in 1 MiB chunks so a large model is never held twice in memory. */
export function sha256File(path: string): string {
  const hash = createHash('sha256');
  const buf = Buffer.allocUnsafe(1 << 20);
  const fd = openSync(path, 'r');
  try {
    for (let n = readSync(fd, buf, 0, buf.length, null); n > 0; n = readSync(fd, buf, 0, buf.length, null)) {
      hash.update(buf.subarray(0, n));
    }
  } finally {
    closeSync(fd);
  }
  return hash.digest('hex');
}

export function parseManifest(text: string, manifestPath: string): Manifest {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new ModelPackageError(manifestPath, `not valid JSON (${e instanceof Error ? e.message : String(e)})`);
  }
  const r = ManifestSchema.safeParse(json);
  if (!r.success) {
    const problems = r.error.issues.map((i) => `${i.path.join('.') || '(top level)'}: ${i.message}`).join('; ');
    throw new ModelPackageError(manifestPath, `does not follow the model package manifest (${MANIFEST_FORMAT}): ${problems}`);
  }
  return r.data;
}

/**
 * Loads a model package and verifies every file it lists (size, then sha256) before anything uses them.
 * Throws ModelPackageError naming the missing or altered file.
 */
export function loadModelPackage(dir: string): ModelPackage {
  const root = resolve(dir);
  const manifestPath = join(root, MANIFEST_FILE);
  if (!existsSync(manifestPath)) {
    throw new ModelPackageError(manifestPath, `missing: a model package is a folder holding ${MANIFEST_FILE} and the files it lists`);
  }
  const manifest = parseManifest(readFileSync(manifestPath, 'utf8'), manifestPath);
  const path = (file: string) => {
    const p = resolve(root, file);
    if (!p.startsWith(root + sep)) throw new ModelPackageError(p, 'lies outside the model package folder');
    return p;
  };
  for (const [file, expected] of Object.entries(manifest.files)) {
    const p = path(file);
    if (!existsSync(p)) {
      throw new ModelPackageError(p, `missing: ${MANIFEST_FILE} lists it (sha256 ${expected.sha256}); restore the file or reinstall the package`);
    }
    const size = statSync(p).size;
    const actual = size === expected.bytes ? sha256File(p) : undefined;
    if (actual !== expected.sha256) {
      throw new ModelPackageError(
        p,
        `altered: ${actual ? `sha256 ${actual}` : `${size} bytes`} where ${MANIFEST_FILE} says ` +
          `${actual ? `sha256 ${expected.sha256}` : `${expected.bytes} bytes`}; restore the original or rebuild the package`,
      );
    }
  }
  return { dir: root, manifest, path };
}
