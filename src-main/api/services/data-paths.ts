/**
 * Where the app keeps its settings and, by default, its archive. The same folder and file as the CLI's
 * src-main/cli/data-dir.ts (a test holds them equal), so the desktop app, `ecg-tlc serve` and `ecg-tlc import`
 * share one archive.
 *
 * | platform | data folder                                                          |
 * |----------|----------------------------------------------------------------------|
 * | linux    | $XDG_DATA_HOME/ecg-tlc-workstation (~/.local/share/… when unset)     |
 * | darwin   | ~/Library/Application Support/ECG TLC Workstation                    |
 * | win32    | %APPDATA%\ECG TLC Workstation (~\AppData\Roaming\… when unset)        |
 * | any      | $ECG_TLC_DATA_DIR when set (tests, portable installs)                |
 *
 * The archive: `--db FILE`, else $ECG_TLC_DB, else the settings file's dbPath, else archive.db in the folder.
 */
import { homedir } from 'node:os';
import { posix, win32 } from 'node:path';

export const PRODUCT_NAME = 'ECG TLC Workstation';
export const DB_FILE_NAME = 'archive.db';
export const SETTINGS_FILE_NAME = 'settings.json';

export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform, home = homedir()): string {
  if (env.ECG_TLC_DATA_DIR) return env.ECG_TLC_DATA_DIR;
  if (platform === 'win32') return win32.join(env.APPDATA || win32.join(home, 'AppData', 'Roaming'), PRODUCT_NAME);
  if (platform === 'darwin') return posix.join(home, 'Library', 'Application Support', PRODUCT_NAME);
  // The XDG spec says a relative $XDG_DATA_HOME is invalid and must be ignored.
  const xdg = env.XDG_DATA_HOME && posix.isAbsolute(env.XDG_DATA_HOME) ? env.XDG_DATA_HOME : posix.join(home, '.local', 'share');
  return posix.join(xdg, 'ecg-tlc-workstation');
}
