/** FileSource over the local file system: the only place readers' input touches the disk. */
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve, sep } from 'node:path';
import { FormatError } from './errors.js';
import type { FileSource } from './types.js';
import { LIMITS } from './types.js';

function readBounded(path: string, display: string): Uint8Array {
  let size: number;
  try {
    const st = statSync(path);
    if (!st.isFile()) throw new FormatError(display, 'not a regular file');
    size = st.size;
  } catch (e) {
    if (e instanceof FormatError) throw e;
    throw new FormatError(display, `cannot read the file: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  if (size > LIMITS.maxFileBytes) throw new FormatError(display, `the file is larger than ${LIMITS.maxFileBytes} bytes`);
  return new Uint8Array(readFileSync(path));
}

export function nodeFileSource(path: string): FileSource {
  const abs = resolve(path);
  const dir = dirname(abs);
  const bytes = readBounded(abs, path);
  return {
    path,
    bytes,
    sibling(name: string): Uint8Array | undefined {
      // Companion names come from inside the file: never let them reach outside the record's folder.
      const target = resolve(dir, name);
      if (!(target === dir || target.startsWith(dir + sep))) {
        throw new FormatError(path, `refusing companion file "${name}" outside the record's folder`);
      }
      try {
        if (!statSync(target).isFile()) return undefined;
      } catch {
        return undefined;
      }
      return readBounded(target, join(dirname(path), basename(target)));
    },
  };
}

/** FileSource over bytes in memory, with optional siblings: for tests, fuzzing and uploads. */
export function memoryFileSource(path: string, bytes: Uint8Array, siblings: Record<string, Uint8Array> = {}): FileSource {
  return { path, bytes, sibling: (name) => siblings[name] };
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
