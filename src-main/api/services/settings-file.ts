/**
 * Settings in a JSON file in the data folder. Missing file or missing keys mean defaults; a file that is not
 * valid JSON or breaks the schema is reported, not silently replaced (the user may have edited it by hand).
 *
 * The saved values are read again only when the file changes (its inode, size or mtime in nanoseconds): the
 * worklist asks for the model choice on every page, and a stat costs less than a read and a schema check. A save
 * renames a new file into place, so it is seen at once; so is a hand edit. A broken file is never kept: every
 * call reports it until it is fixed.
 */
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { DEFAULT_PROVIDER } from '../../model/providers.js';
import { Settings, type SettingsPatch } from '../contract/settings.js';
import { DB_FILE_NAME, SETTINGS_FILE_NAME } from './data-paths.js';

const SavedSettings = Settings.partial();

export class SettingsFile {
  readonly file: string;
  readonly defaults: Settings;
  private cache: { stamp: string; saved: Partial<Settings> } | undefined;

  constructor(readonly dataDir: string) {
    this.file = join(dataDir, SETTINGS_FILE_NAME);
    this.defaults = { dbPath: join(dataDir, DB_FILE_NAME), provider: DEFAULT_PROVIDER, reportPaper: 'A4' };
  }

  /** The saved values only (keys the file does not set are absent). */
  saved(): Partial<Settings> {
    const stat = statSync(this.file, { bigint: true, throwIfNoEntry: false });
    if (!stat) return {};
    const stamp = `${stat.ino}:${stat.size}:${stat.mtimeNs}`;
    if (this.cache?.stamp !== stamp) this.cache = { stamp, saved: this.parse() };
    return { ...this.cache.saved };
  }

  private parse(): Partial<Settings> {
    let text: string;
    try {
      text = readFileSync(this.file, 'utf8');
    } catch (e) {
      // gone between the stat and the read
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return {};
      throw e;
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new Error(`${this.file}: not valid JSON; fix or delete the file to go back to the defaults`);
    }
    const parsed = SavedSettings.safeParse(json);
    if (!parsed.success) throw new Error(`${this.file}: ${z.prettifyError(parsed.error)}; fix or delete the file`);
    return parsed.data;
  }

  read(): Settings {
    return { ...this.defaults, ...this.saved() };
  }

  /**
   * Merges the patch into the saved values (null removes a key: back to its default); written to a temporary
   * file and renamed, so a crash leaves the old file.
   */
  write(patch: SettingsPatch): Settings {
    const next: Record<string, unknown> = { ...this.saved() };
    for (const [k, v] of Object.entries(patch)) {
      if (v === null) delete next[k];
      else if (v !== undefined) next[k] = v;
    }
    mkdirSync(dirname(this.file), { recursive: true });
    const tmp = `${this.file}.${process.pid}.tmp`;
    writeFileSync(tmp, `${JSON.stringify(next, null, 2)}\n`);
    renameSync(tmp, this.file);
    return { ...this.defaults, ...(next as Partial<Settings>) };
  }
}
