/**
 * Paths given to an import → the record files to read. Folders are walked recursively (sorted, so a batch has a
 * stable order), skipping hidden entries and companion files (a WFDB .dat or CinC .mat belongs to the header that
 * names it). A companion named explicitly (a shell glob such as `dir/*`) is skipped only when a record file with
 * the same stem sits beside it; otherwise the user asked for it and it is tried.
 */
import { readdirSync, realpathSync, statSync } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { isCompanionFile } from '../formats/registry.js';

export interface PathProblem {
  path: string;
  reason: string;
}

export interface ExpandedPaths {
  /** absolute paths of the files to import, without repeats */
  files: string[];
  /** paths that do not exist or cannot be read */
  problems: PathProblem[];
  /** companion and hidden files left out */
  skipped: number;
}

function stem(name: string): string {
  return basename(name, extname(name));
}

/** Stems of the record (non-companion) files per folder, read once per folder. */
function recordStems(dir: string, cache: Map<string, Set<string>>): Set<string> {
  let stems = cache.get(dir);
  if (!stems) {
    stems = new Set();
    try {
      for (const n of readdirSync(dir)) if (!isCompanionFile(n)) stems.add(stem(n));
    } catch {
      // unreadable folder: no record beside, the file itself is tried
    }
    cache.set(dir, stems);
  }
  return stems;
}

export function expandPaths(paths: readonly string[]): ExpandedPaths {
  const files = new Set<string>();
  const problems: PathProblem[] = [];
  const seenDirs = new Set<string>();
  const stemCache = new Map<string, Set<string>>();
  let skipped = 0;

  const walk = (dir: string): void => {
    let real: string;
    try {
      real = realpathSync(dir);
    } catch (e) {
      problems.push({ path: dir, reason: `cannot read the folder: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` });
      return;
    }
    if (seenDirs.has(real)) return; // a symlink loop or a folder named twice
    seenDirs.add(real);
    let names: string[];
    try {
      names = readdirSync(dir).sort();
    } catch (e) {
      problems.push({ path: dir, reason: `cannot read the folder: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` });
      return;
    }
    for (const name of names) {
      const p = join(dir, name);
      if (name.startsWith('.')) {
        skipped++;
        continue;
      }
      let st;
      try {
        st = statSync(p);
      } catch {
        continue; // a dangling symlink: nothing to import
      }
      if (st.isDirectory()) walk(p);
      else if (!st.isFile()) continue;
      else if (isCompanionFile(name)) skipped++;
      else files.add(p);
    }
  };

  for (const given of paths) {
    const p = resolve(given);
    let st;
    try {
      st = statSync(p);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      problems.push({ path: given, reason: code === 'ENOENT' ? 'no such file or folder' : `cannot read: ${code ?? (e as Error).message}` });
      continue;
    }
    if (st.isDirectory()) walk(p);
    else if (isCompanionFile(basename(p)) && recordStems(dirname(p), stemCache).has(stem(p))) skipped++;
    else files.add(p);
  }
  return { files: [...files], problems, skipped };
}
