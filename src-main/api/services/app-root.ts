/**
 * The application's own folder (the one holding package.json), found by walking up from this module: the same
 * code runs from src-main/ under tsx, from dist/src-main/ after a build, and from an asar archive when packaged.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const PACKAGE_NAME = 'ecg-tlc-workstation';

export function findAppRoot(start = dirname(fileURLToPath(import.meta.url))): string {
  for (let dir = start; ; dir = dirname(dir)) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === PACKAGE_NAME) return dir;
    if (dirname(dir) === dir) throw new Error(`cannot find the ${PACKAGE_NAME} package.json above ${start}`);
  }
}

export function appVersion(appRoot: string): string {
  return (JSON.parse(readFileSync(join(appRoot, 'package.json'), 'utf8')) as { version: string }).version;
}

/**
 * The folder of renderer files to serve: the built Svelte app when it exists, otherwise the minimal page in
 * resources/host-page that proves the API round trip.
 */
export function rendererRoot(appRoot: string): { dir: string; built: boolean } {
  const built = join(appRoot, 'dist', 'renderer');
  if (existsSync(join(built, 'index.html'))) return { dir: built, built: true };
  return { dir: join(appRoot, 'resources', 'host-page'), built: false };
}
