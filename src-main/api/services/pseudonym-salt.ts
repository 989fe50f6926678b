/**
 * The per-install salt of de-identified reports: read from `pseudonym-salt` in the data folder, or created
 * there (owner-only, 32 random bytes) on first use. Keep it: a new salt gives every patient a new pseudonym.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { MIN_SALT_LENGTH } from '../../report/deidentify.js';

export const SALT_FILE_NAME = 'pseudonym-salt';

export function installSalt(path: string): string {
  if (!existsSync(path)) {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, `${randomBytes(32).toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
  }
  const salt = readFileSync(path, 'utf8').trim();
  if (salt.length < MIN_SALT_LENGTH) throw new Error(`${path}: the pseudonym salt must be at least ${MIN_SALT_LENGTH} characters`);
  return salt;
}
