/**
 * electron-builder afterPack hook (electron-builder.yml): keeps only the ONNX Runtime binaries of the platform
 * and architecture being packaged. onnxruntime-node ships all of them (about 290 MB: darwin/arm64, linux/x64,
 * linux/arm64, win32/x64, win32/arm64); asarUnpack puts them in app.asar.unpacked, where the others are removed.
 * A file pattern cannot do this: no file macro names the target platform the way onnxruntime-node does
 * (`${os}` is mac/win/linux, `${platform}` is the build machine's), and a platform's own `files` list would
 * replace the app's.
 *
 * Fails the build when the target has no ONNX Runtime binary (e.g. macOS on Intel), instead of shipping an app
 * that cannot analyse.
 */
const { existsSync, readdirSync, rmSync } = require('node:fs');
const { join } = require('node:path');
const { Arch } = require('builder-util');

/** The onnxruntime-node bin folder inside a packaged app's resources. */
function ortBinDir(resourcesDir) {
  return join(resourcesDir, 'app.asar.unpacked', 'node_modules', 'onnxruntime-node', 'bin');
}

/** Removes every other platform/arch folder under bin/napi-v*; returns the binding files kept. */
function keepOnly(binDir, platform, arch) {
  const kept = [];
  for (const napi of readdirSync(binDir)) {
    const napiDir = join(binDir, napi);
    for (const os of readdirSync(napiDir)) {
      if (os !== platform) {
        rmSync(join(napiDir, os), { recursive: true, force: true });
        continue;
      }
      for (const cpu of readdirSync(join(napiDir, os))) {
        // A universal macOS app is merged from per-arch builds; keep both there.
        if (arch !== 'universal' && cpu !== arch) rmSync(join(napiDir, os, cpu), { recursive: true, force: true });
        else if (existsSync(join(napiDir, os, cpu, 'onnxruntime_binding.node'))) kept.push(join(napi, os, cpu, 'onnxruntime_binding.node'));
      }
    }
  }
  return kept;
}

async function afterPack(context) {
  const platform = context.electronPlatformName;
  const arch = Arch[context.arch];
  const binDir = ortBinDir(context.packager.getResourcesDir(context.appOutDir));
  if (!existsSync(binDir)) throw new Error(`after-pack: ${binDir} is missing; is onnxruntime-node in asarUnpack?`);
  const kept = keepOnly(binDir, platform, arch);
  if (kept.length === 0) throw new Error(`after-pack: onnxruntime-node has no binary for ${platform}/${arch}; this target cannot run the model`);
  console.log(`  • after-pack: ONNX Runtime binaries kept for ${platform}/${arch}: ${kept.join(', ')}`);
}

module.exports = afterPack;
module.exports.default = afterPack;
module.exports.keepOnly = keepOnly;
module.exports.ortBinDir = ortBinDir;
