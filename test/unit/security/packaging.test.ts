/**
 * electron-builder.yml checked as far as a machine without Electron's binary allows (docs/PACKAGING.md):
 * the configuration goes through electron-builder's own loader and schema validation, and its file patterns
 * through electron-builder's own FileMatcher code (the functions `electron-builder` calls when it copies), over
 * the files that exist here: what goes into app.asar, what is left out, which native binaries are unpacked,
 * which model and font files become resources. Then the app's lookups (default-model.ts, fonts.ts) are run
 * against the resources layout the config produces, the afterPack hook against a tree of ONNX Runtime
 * binaries, and the icons are parsed.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_MODEL_ID, defaultModelDir } from '../../../src-main/model/default-model.js';
import { FONT_FILES, findFontDir } from '../../../src-main/report/fonts.js';
import { REPO_ROOT } from '../../helpers/shared.js';

const require = createRequire(import.meta.url);
const { getConfig, validateConfiguration } = require('app-builder-lib/out/util/config/config.js');
const { getMainFileMatchers, getNodeModuleFileMatcher, getFileMatchers } = require('app-builder-lib/out/fileMatcher.js');
const { Arch, DebugLogger } = require('builder-util');
// The minimatch electron-builder itself matches asarUnpack patterns with.
const { minimatch } = createRequire(require.resolve('app-builder-lib'))('minimatch') as { minimatch: (path: string, pattern: string, options: object) => boolean };
const afterPack = require('../../../resources/build/after-pack.cjs');

type Filter = (file: string, stat: { isDirectory(): boolean }) => boolean;
interface Matcher {
  from: string;
  to: string;
  isEmpty(): boolean;
  containsOnlyIgnore(): boolean;
  prependPattern(p: string): void;
  createFilter(): Filter;
}
interface BuilderConfig {
  files: unknown;
  extraResources: Array<{ from: string; to: string; filter: string[] }>;
  asarUnpack: string[];
  afterPack: string;
  linux: Record<string, unknown>;
  [key: string]: unknown;
}

const OUT_DIR = join(REPO_ROOT, 'release');
const APP_DEST = join(tmpdir(), 'pack', 'resources', 'app');
const expand = (p: string) => p.replace(/\$\{arch\}/g, 'x64');
const asFile = { isDirectory: () => false };
const asDir = { isDirectory: () => true };

let config: BuilderConfig;
let temp: string;
beforeAll(async () => {
  config = await getConfig(REPO_ROOT, null, null);
  temp = mkdtempSync(join(tmpdir(), 'ecg-tlc-pack-'));
});
afterAll(() => rmSync(temp, { recursive: true, force: true }));

/** As copyFiles does: a matcher of exclusions only copies everything else. */
function filterOf(m: Matcher): Filter {
  if (m.isEmpty() || m.containsOnlyIgnore()) m.prependPattern('**/*');
  return m.createFilter();
}

/**
 * A file is copied when the walk enters every folder above it and the filter takes the file itself. The
 * dependency walker starts inside node_modules (`firstFolder` 1), the app and resource walks at `from`.
 */
function copies(filter: Filter, from: string, file: string, firstFolder = 0): boolean {
  const parts = relative(from, file).split(sep);
  for (let i = firstFolder + 1; i < parts.length; i++) if (!filter(join(from, ...parts.slice(0, i)), asDir)) return false;
  return filter(file, asFile);
}

function appFilter(): (file: string) => boolean {
  const info = { projectDir: REPO_ROOT, buildResourcesDir: join(REPO_ROOT, 'resources', 'build'), config, isPrepackedAppAsar: false, debugLogger: new DebugLogger(false) };
  const matchers: Matcher[] = getMainFileMatchers(REPO_ROOT, APP_DEST, expand, config.linux, { info }, OUT_DIR, false);
  const filters = matchers.map((m) => [m, filterOf(m)] as const);
  return (file) => filters.some(([m, f]) => file.startsWith(m.from + sep) && copies(f, m.from, file));
}

function nodeModuleFilter(): (file: string) => boolean {
  const m: Matcher = getNodeModuleFileMatcher(REPO_ROOT, APP_DEST, expand, config.linux, { config, debugLogger: new DebugLogger(false) });
  const f = m.createFilter();
  return (file) => copies(f, REPO_ROOT, file, 1);
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? walk(join(dir, n)) : [join(dir, n)]));
}

/** resources-relative destination of every existing file the extraResources entries copy. */
function extraResources(): string[] {
  const matchers: Matcher[] = getFileMatchers(config, 'extraResources', join(temp, 'resources'), { macroExpander: expand, customBuildOptions: config.linux, globalOutDir: OUT_DIR, defaultSrc: REPO_ROOT });
  return matchers.flatMap((m) => {
    const f = filterOf(m);
    return walk(m.from)
      .filter((file) => copies(f, m.from, file))
      .map((file) => relative(join(temp, 'resources'), join(m.to, relative(m.from, file))).split(sep).join('/'));
  });
}

describe('electron-builder.yml', () => {
  it("passes electron-builder's schema validation, which refuses a misspelt option", async () => {
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
    const misspelt = { ...config, linux: { ...config.linux, targets: ['AppImage'] } };
    await expect(validateConfiguration(misspelt, new DebugLogger(false))).rejects.toThrow(/does not match the API schema[\s\S]*configuration\.linux/);
  });

  it('builds AppImage and deb for Linux, NSIS for Windows, an arm64 dmg for macOS, with icons from resources/build', () => {
    expect(config.linux).toMatchObject({ target: ['AppImage', 'deb'], icon: 'icons' });
    expect(config.win).toMatchObject({ target: ['nsis'], icon: 'icon.ico' });
    expect(config.mac).toMatchObject({ target: [{ target: 'dmg', arch: ['arm64'] }], icon: 'icon.icns' });
    expect(config).toMatchObject({ npmRebuild: true, nodeGypRebuild: false, directories: { buildResources: 'resources/build' } });
    expect(config.nsis).toMatchObject({ deleteAppDataOnUninstall: false });
    expect(config.electronFuses).toMatchObject({ runAsNode: false, enableNodeOptionsEnvironmentVariable: false, enableNodeCliInspectArguments: false, grantFileProtocolExtraPrivileges: false });
  });
});

describe('app.asar contents', () => {
  const mainJs = (JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { main: string }).main;

  it.each([mainJs, 'dist/src-main/electron/preload.cjs', 'dist/src-main/store/parse-worker.js', 'dist/src-main/analysis/delineation-worker.js', 'dist/renderer/index.html', 'dist/renderer/assets/index-abc.js', 'bin/ecg-tlc.js', 'package.json'])(
    'holds %s',
    (file) => expect(appFilter()(join(REPO_ROOT, file))).toBe(true),
  );

  it.each([
    'dist/src-main/electron/main.js.map',
    'src-main/electron/main.ts',
    'src-renderer/App.svelte',
    'test/unit/security/packaging.test.ts',
    'bench/run.mjs',
    'models/training/train.py',
    `models/${DEFAULT_MODEL_ID}/model.onnx`,
    'resources/fonts/DejaVuSansCondensed.ttf',
    'resources/build/icon.png',
    'scripts/electronegativity.mjs',
    'docs/SECURITY.md',
    'electron-builder.yml',
    'release/linux-unpacked/resources/app.asar',
  ])('leaves out %s', (file) => expect(appFilter()(join(REPO_ROOT, file))).toBe(false));
});

describe('native modules', () => {
  const ortDir = join(REPO_ROOT, 'node_modules', 'onnxruntime-node', 'bin', 'napi-v6');
  const sqlite = join(REPO_ROOT, 'node_modules', 'better-sqlite3');

  it('keeps the runtime files of better-sqlite3 and onnxruntime-node, not sources or build leftovers', () => {
    const keep = nodeModuleFilter();
    for (const f of ['build/Release/better_sqlite3.node', 'lib/index.js', 'package.json']) expect(keep(join(sqlite, f)), f).toBe(true);
    for (const f of ['deps/sqlite3/sqlite3.c', 'src/better_sqlite3.cpp', 'build/Release/obj.target/better_sqlite3.node', 'build/Release/test_extension.node', 'build/deps/sqlite3.Makefile', 'lib/index.js.map']) {
      expect(keep(join(sqlite, f)), f).toBe(false);
    }
    const ort = join(REPO_ROOT, 'node_modules', 'onnxruntime-node');
    for (const f of ['dist/index.js', 'dist/binding.js', 'bin/napi-v6/linux/x64/libonnxruntime.so.1', 'bin/napi-v6/win32/x64/onnxruntime.dll']) expect(keep(join(ort, f)), f).toBe(true);
    for (const f of ['lib/binding.ts', 'script/install.js']) expect(keep(join(ort, f)), f).toBe(false);
  });

  it('unpacks every native binary and ONNX Runtime library from the asar', () => {
    const unpacked = (rel: string) => config.asarUnpack.some((p) => minimatch(rel, p, { dot: true }));
    const binaries = [...walk(ortDir), join(sqlite, 'build', 'Release', 'better_sqlite3.node')].map((f) => relative(REPO_ROOT, f).split(sep).join('/'));
    expect(binaries.filter((f) => /\.(node|so(\.\d+)*|dylib|dll)$/.test(f)).length).toBeGreaterThanOrEqual(12);
    for (const f of binaries) expect(unpacked(f), f).toBe(true);
    expect(unpacked('node_modules/zod/index.js')).toBe(false);
  });

  it('has the binaries the three targets load: linux x64, win32 x64, darwin arm64', () => {
    for (const dir of ['linux/x64', 'win32/x64', 'darwin/arm64']) expect(existsSync(join(ortDir, dir, 'onnxruntime_binding.node')), dir).toBe(true);
    expect(existsSync(join(sqlite, 'build', 'Release', 'better_sqlite3.node'))).toBe(true);
  });
});

describe('resources beside app.asar', () => {
  it('ship the model package the manifest lists, its card and metrics, the label tables, and no training code or tests', () => {
    const shipped = extraResources();
    const id = DEFAULT_MODEL_ID;
    const manifest = JSON.parse(readFileSync(join(REPO_ROOT, 'models', id, 'manifest.json'), 'utf8')) as { files: Record<string, unknown>; metrics: { file: string } };
    for (const f of [...Object.keys(manifest.files), 'manifest.json', 'MODEL_CARD.md', manifest.metrics.file]) expect(shipped, f).toContain(`models/${id}/${f}`);
    // the label-quality triage reads the SNOMED/LUDB/statement-text → superclass tables (src-main/analysis/label-map.ts)
    expect(shipped.filter((f) => f.startsWith('models/training/')).sort()).toEqual([
      'models/training/labels/ludb_superclass.csv',
      'models/training/labels/snomed_superclass.csv',
      'models/training/labels/statement_superclass.csv',
    ]);
    expect(shipped.filter((f) => f.includes('test-vectors') || f.includes('__pycache__') || /training\/.*\.(py|mjs)$/.test(f))).toEqual([]);
    expect(shipped.filter((f) => f.startsWith('models/') && !f.startsWith('models/training/labels/')).every((f) => f.startsWith(`models/${id}/`))).toBe(true);
  });

  it('would ship clusters.json and surrogate.json once `ecg-tlc fit` writes them', () => {
    const m = (getFileMatchers(config, 'extraResources', join(temp, 'resources'), { macroExpander: expand, customBuildOptions: {}, globalOutDir: OUT_DIR, defaultSrc: REPO_ROOT }) as Matcher[])[0]!;
    const f = filterOf(m);
    for (const name of ['clusters.json', 'surrogate.json']) expect(copies(f, m.from, join(m.from, DEFAULT_MODEL_ID, name)), name).toBe(true);
  });

  it('ship both report fonts and their licence', () => {
    expect(extraResources().filter((f) => f.startsWith('fonts/')).sort()).toEqual(['fonts/DejaVuSansCondensed-Bold.ttf', 'fonts/DejaVuSansCondensed.ttf', 'fonts/LICENSE-DejaVu.txt']);
  });

  it('are where the app looks for them when packaged (process.resourcesPath, beside app.asar)', () => {
    const resources = join(temp, 'installed', 'resources');
    const to = (from: string) => config.extraResources.find((e) => e.from === from)!.to;
    mkdirSync(join(resources, to('models'), DEFAULT_MODEL_ID), { recursive: true });
    writeFileSync(join(resources, to('models'), DEFAULT_MODEL_ID, 'manifest.json'), '{}');
    mkdirSync(join(resources, to('resources/fonts')), { recursive: true });
    writeFileSync(join(resources, to('resources/fonts'), FONT_FILES.body), '');
    // Inside Electron these folders are in app.asar; plain directories of the same names stand in for them.
    const insideAsar = join(resources, 'app.asar', 'dist', 'src-main');
    expect(defaultModelDir(join(insideAsar, 'model'))).toBe(join(resources, 'models', DEFAULT_MODEL_ID));
    const saved = Object.getOwnPropertyDescriptor(process, 'resourcesPath');
    Object.defineProperty(process, 'resourcesPath', { value: resources, configurable: true });
    try {
      expect(findFontDir(join(insideAsar, 'report'))).toBe(join(resources, 'fonts'));
    } finally {
      if (saved) Object.defineProperty(process, 'resourcesPath', saved);
      else delete (process as { resourcesPath?: string }).resourcesPath;
    }
  });
});

describe('afterPack hook', () => {
  function ortTree(root: string): string {
    const bin = join(root, 'resources', 'app.asar.unpacked', 'node_modules', 'onnxruntime-node', 'bin', 'napi-v6');
    for (const d of ['darwin/arm64', 'linux/x64', 'linux/arm64', 'win32/x64', 'win32/arm64']) {
      mkdirSync(join(bin, d), { recursive: true });
      writeFileSync(join(bin, d, 'onnxruntime_binding.node'), '');
    }
    return bin;
  }
  const context = (appOutDir: string, electronPlatformName: string, arch: string) => ({
    appOutDir,
    electronPlatformName,
    arch: Arch[arch],
    packager: { getResourcesDir: (d: string) => join(d, 'resources') },
  });

  it.each([
    ['linux', 'x64'],
    ['win32', 'arm64'],
    ['darwin', 'arm64'],
  ])('keeps only %s/%s', async (platform, arch) => {
    const out = join(temp, `hook-${platform}-${arch}`);
    const bin = ortTree(out);
    await afterPack(context(out, platform, arch));
    expect(readdirSync(bin)).toEqual([platform]);
    expect(readdirSync(join(bin, platform))).toEqual([arch]);
  });

  it('fails the build for a target ONNX Runtime does not ship (macOS on Intel)', async () => {
    const out = join(temp, 'hook-darwin-x64');
    ortTree(out);
    await expect(afterPack(context(out, 'darwin', 'x64'))).rejects.toThrow('onnxruntime-node has no binary for darwin/x64');
  });

  it('is the hook electron-builder.yml names', () => {
    expect(config.afterPack).toBe('resources/build/after-pack.cjs');
  });
});

describe('icons', () => {
  const build = join(REPO_ROOT, 'resources', 'build');
  const pngSize = (file: string) => {
    const b = readFileSync(file);
    expect(b.subarray(1, 4).toString('latin1')).toBe('PNG');
    return [b.readUInt32BE(16), b.readUInt32BE(20)];
  };

  it('has a 1024 px master and a Linux set whose names say their sizes', () => {
    expect(pngSize(join(build, 'icon.png'))).toEqual([1024, 1024]);
    const set = readdirSync(join(build, 'icons'));
    expect(set.length).toBeGreaterThanOrEqual(7);
    for (const name of set) {
      const n = Number(name.split('x')[0]);
      expect(pngSize(join(build, 'icons', name)), name).toEqual([n, n]);
    }
  });

  it('has a Windows .ico with a 256 px entry and a macOS .icns with a 1024 px entry', () => {
    const ico = readFileSync(join(build, 'icon.ico'));
    expect(ico.readUInt16LE(2)).toBe(1);
    const widths = Array.from({ length: ico.readUInt16LE(4) }, (_, i) => ico[6 + 16 * i] || 256);
    expect(widths).toContain(256);
    const icns = readFileSync(join(build, 'icon.icns'));
    expect(icns.subarray(0, 4).toString('latin1')).toBe('icns');
    expect(icns.readUInt32BE(4)).toBe(icns.length);
    const types: string[] = [];
    for (let o = 8; o < icns.length; o += icns.readUInt32BE(o + 4)) types.push(icns.subarray(o, o + 4).toString('latin1'));
    expect(types).toContain('ic10');
  });
});
