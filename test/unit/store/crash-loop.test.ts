/**
 * The crash loop in small (bench/crash/run.ts runs it with 20 kills per phase on 344 records): 3 SIGKILLs of a
 * child importer and 3 of a child batch analyzer at seeded random points over 24 real CinC records; after each kill
 * the archive passes integrity_check and holds no half-stored study or analysis, and the last runs finish the job
 * with each file stored once and each study analysed once.
 */
import { describe, expect, it } from 'vitest';
import { crashLoop } from '../../../bench/crash/loop.js';
import { defaultModelDir } from '../../../src-main/model/default-model.js';
import { hasShared, sharedPath } from '../../helpers/shared.js';

describe.skipIf(!hasShared('data', 'cinc', 'awwong1'))('crash loop', () => {
  it('3 kills of the importer and 3 of the analyzer leave whole studies and analyses; resuming finishes', async () => {
    const r = await crashLoop({ kills: 3, seed: 11, importFolders: [sharedPath('data', 'cinc', 'awwong1')], modelDir: defaultModelDir() });
    expect(r.rows).toHaveLength(6);
    expect(r.rows.flatMap((x) => x.violations)).toEqual([]);
    expect(r.final).toEqual([]);
    expect(r.failedFiles).toBe(0);
    expect(r.goodFiles).toBeGreaterThanOrEqual(23);
    // the loop does kill: most children die before finishing their work
    expect(r.rows.filter((x) => !x.finished).length).toBeGreaterThanOrEqual(4);
    const imports = r.rows.filter((x) => x.phase === 'import').map((x) => x.stored);
    expect(imports).toEqual([...imports].sort((a, b) => a - b));
  }, 240_000);
});
