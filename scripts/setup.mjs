#!/usr/bin/env node
// `npm run setup`: installs and builds everything with Node built-ins only (no dependency exists yet when it runs).
// Works offline-from-GitHub: if Electron's desktop binary cannot be downloaded, the setup finishes without it,
// says so plainly, and `npm start` then serves the same app to your browser.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, symlinkSync, rmSync, chmodSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const say = (msg) => console.log(`\n[setup] ${msg}`);

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', shell: process.platform === 'win32', ...opts });
  return r.status ?? 1;
}

const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 20 || (major === 20 && minor < 19)) {
  console.error(`[setup] Node ${process.versions.node} is too old: install Node 20.19 or newer.`);
  process.exit(1);
}

// 1. Dependencies. Electron's own postinstall would download its binary and abort the whole install when that
//    fails, so the packages go in first without it and the binary is fetched as a separate, optional step.
say('installing npm packages …');
// `npm install` rather than `npm ci`: it follows package-lock.json all the same, and npm 11's `ci` refuses this lock
// because rollup's per-platform optional packages are (correctly) absent from it.
if (run(npm, ['install', '--no-audit', '--no-fund'], { env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' } }) !== 0) {
  console.error('[setup] npm could not install the packages (see the messages above). Check your connection to the npm registry and run `npm run setup` again.');
  process.exit(1);
}

// 2. Electron's desktop binary (optional).
const electronInstall = join(root, 'node_modules', 'electron', 'install.js');
let desktop = false;
if (existsSync(electronInstall)) {
  say('downloading the Electron desktop binary …');
  const env = { ...process.env };
  delete env.ELECTRON_SKIP_BINARY_DOWNLOAD;
  const r = spawnSync(process.execPath, [electronInstall], { cwd: join(root, 'node_modules', 'electron'), env, stdio: 'pipe', timeout: 300_000, encoding: 'utf8' });
  desktop = r.status === 0 && existsSync(join(root, 'node_modules', 'electron', 'path.txt'));
  if (!desktop) {
    const why = (r.error?.message ?? r.stderr ?? '').toString().split('\n').find((l) => l.trim()) ?? 'no answer from the download server';
    say(`Electron's desktop binary could not be downloaded (${why.trim().slice(0, 200)}).\n` +
      '        Continuing without the desktop window: `npm start` will serve the workstation to your browser instead.\n' +
      '        Run `npm run setup` again on a machine with internet access to get the desktop app.');
  }
}

// 3. Build the TypeScript (and the renderer, once it exists).
say('building …');
if (run(npm, ['run', 'build']) !== 0) {
  console.error('[setup] the build failed (see the messages above).');
  process.exit(1);
}

// 4. Make `npx ecg-tlc` resolve to this project's CLI without a global install.
const binDir = join(root, 'node_modules', '.bin');
const link = join(binDir, process.platform === 'win32' ? 'ecg-tlc.cmd' : 'ecg-tlc');
mkdirSync(binDir, { recursive: true });
rmSync(link, { force: true });
if (process.platform === 'win32') {
  // a .cmd shim: Windows symlinks need privileges
  const { writeFileSync } = await import('node:fs');
  writeFileSync(link, `@node "%~dp0\\..\\..\\bin\\ecg-tlc.js" %*\r\n`);
} else {
  symlinkSync(relative(binDir, join(root, 'bin', 'ecg-tlc.js')), link);
  chmodSync(join(root, 'bin', 'ecg-tlc.js'), 0o755);
}

say(`done. ${desktop ? 'Desktop app installed.' : 'Desktop binary not installed (browser mode).'}
        Start the workstation:   npm start
        Command line:            npx ecg-tlc --help
        Run the tests:           npm test`);
