/** The parse pool gives exactly what parsing in the importer's thread gives, across the thread boundary. */
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAndEncode } from '../../../src-main/store/parse-job.js';
import { ParsePool } from '../../../src-main/store/parse-pool.js';
import { fixture, hasShared } from '../../helpers/shared.js';

describe.skipIf(!hasShared('fixtures', 'cinc'))('parse pool', () => {
  let pool: ParsePool;
  let tmp: string;
  beforeAll(() => {
    pool = new ParsePool(2);
    tmp = mkdtempSync(join(tmpdir(), 'ecg-pool-'));
  });
  afterAll(async () => {
    await pool.close();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('returns the same record and blob as parsing here, for files spread over both workers', async () => {
    const files = ['HR00001', 'E07500', 'JS20001', 'HR06001'].map((n) => fixture('cinc', `${n}.hea`));
    const results = await Promise.all(files.map((f) => pool.parse(f)));
    results.forEach((r, i) => {
      const here = parseAndEncode(files[i]!, undefined);
      expect(r.ok && here.ok).toBe(true);
      if (!r.ok || !here.ok) return;
      expect(Buffer.from(r.encoded.signals.blob).equals(Buffer.from(here.encoded.signals.blob))).toBe(true);
      expect(r.encoded.signals.sha256).toBe(here.encoded.signals.sha256);
      expect(r.record).toEqual(here.record);
    });
  });

  it('relays a file failure with its reason, and keeps working', async () => {
    const bad = join(tmp, 'bad.hea');
    writeFileSync(bad, 'garbage');
    const here = parseAndEncode(bad, undefined);
    expect(here.ok).toBe(false);
    expect(await pool.parse(bad)).toEqual(here);
    expect((await pool.parse(fixture('cinc', 'HR00002.hea'))).ok).toBe(true);
  });
});
