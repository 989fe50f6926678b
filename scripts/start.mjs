#!/usr/bin/env node
// `npm start`: the desktop app when Electron's binary is installed, otherwise the browser host, said plainly.
//
// We do not require('electron') to find the binary: in Electron ≥ 40 that call downloads the binary when it is
// missing, which hangs or fails on a machine without internet. We read the same path.txt it reads instead.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const electronPkg = join(root, 'node_modules', 'electron');

function electronBinary() {
  const pathFile = join(electronPkg, 'path.txt');
  if (!existsSync(pathFile)) return undefined;
  const relative = readFileSync(pathFile, 'utf8').trim();
  const dist = process.env.ELECTRON_OVERRIDE_DIST_PATH ?? join(electronPkg, 'dist');
  const binary = join(dist, relative);
  return existsSync(binary) ? binary : undefined;
}

function run(command, args) {
  const child = spawn(command, args, { cwd: root, stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

const builtMain = join(root, 'dist', 'src-main', 'electron', 'main.js');
if (!existsSync(join(root, 'dist', 'src-main', 'cli', 'main.js'))) {
  console.error('ECG TLC Workstation is not built yet: run `npm run setup` (or `npm run build`) first.');
  process.exit(1);
}

const binary = electronBinary();
if (binary && existsSync(builtMain)) {
  console.log('Starting the ECG TLC Workstation desktop app (Electron).');
  run(binary, [root, ...process.argv.slice(2)]);
} else {
  console.log(
    binary
      ? 'The Electron main process is not built (dist/src-main/electron/main.js missing); starting the browser host instead.'
      : 'Electron is not installed (no desktop binary in node_modules/electron), so the desktop window cannot open.\n' +
          'Starting the browser host instead: open the address below in Chromium, Chrome, Firefox or Edge.',
  );
  run(process.execPath, [join(root, 'bin', 'ecg-tlc.js'), 'serve', ...process.argv.slice(2)]);
}
