/**
 * Seeded fuzzing of every reader, the small set (150 cases per format; the bench runs 10,000: bench/fuzz/run.ts).
 * Each case mutates a ../shared fixture (or, for CSV, a file our writer made from a real record) and must end
 * in a valid EcgRecord or a FormatError naming the case's file; crashes, other errors, records that break the
 * contract and parses that grow memory by more than 512 MiB fail the test with the command that reruns the case.
 * No time is asserted here; the bench flags slow cases and terminates hung ones.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_MEMORY_LIMIT, runCase } from '../../../bench/fuzz/check.js';
import { FIXTURE_FOLDERS, FORMATS, loadSeeds, type FuzzFormat } from '../../../bench/fuzz/corpus.js';
import { makeCase, type FuzzSeed } from '../../../bench/fuzz/mutate.js';
import { hasShared, sharedPath } from '../../helpers/shared.js';

const CASES = 150;
/** Not the bench's default seed (1), so these cases add to the ones the bench runs. */
const SEED = 20251123;

const enc = (s: string) => new Uint8Array(Buffer.from(s, 'latin1'));

/** A two-sample WFDB record built here, so the engine's own properties are tested without ../shared. */
const tiny: FuzzSeed = {
  name: 'wfdb/t.hea',
  primary: 't.hea',
  files: new Map([
    ['t.hea', enc('t 1 500 2\nt.dat 16 200 16 0 1 3 0 II\n')],
    ['t.dat', new Uint8Array([1, 0, 2, 0])],
  ]),
  companions: ['t.dat'],
  weight: 1,
};

describe('fuzz mutation engine', () => {
  it('rebuilds every case byte for byte from (format, seed, index)', () => {
    for (let i = 0; i < 200; i++) {
      const a = makeCase('wfdb', [tiny], SEED, i);
      const b = makeCase('wfdb', [tiny], SEED, i);
      expect(b.bytes).toEqual(a.bytes);
      expect(b.siblings).toEqual(a.siblings);
      expect(b.mutations).toEqual(a.mutations);
    }
  });

  it('changes the files in nearly every case, the companion in some, and leaves the seed untouched', () => {
    const cases = Array.from({ length: 200 }, (_, i) => makeCase('wfdb', [tiny], SEED, i));
    const changed = cases.filter((c) => !Buffer.from(c.bytes).equals(Buffer.from(tiny.files.get('t.hea')!)) || !c.siblings['t.dat'] || !Buffer.from(c.siblings['t.dat']).equals(Buffer.from([1, 0, 2, 0])));
    expect(changed.length).toBeGreaterThan(190);
    expect(cases.filter((c) => c.mutations.some((m) => m.startsWith('t.dat'))).length).toBeGreaterThan(20);
    expect(new Set(cases.map((c) => c.path)).size).toBe(200);
    expect(tiny.files.get('t.dat')).toEqual(new Uint8Array([1, 0, 2, 0]));
  });
});

/** Folders each format's seeds come from (CSV's are written from CinC, WFDB and SCP records). */
const needs = (f: FuzzFormat) => (f === 'csv' ? ['cinc', 'wfdb', 'scp'] : [FIXTURE_FOLDERS[f]]);

describe.each(FORMATS.map((f) => [f]))('fuzzing the %s reader', (format) => {
  const present = needs(format).every((folder) => hasShared('fixtures', folder));
  it.skipIf(!present)(`${CASES} seeded mutations: each read into a valid record or refused with a FormatError naming the file`, () => {
    const seeds = loadSeeds(format, sharedPath('fixtures'));
    const findings: string[] = [];
    let accepted = 0;
    let rejected = 0;
    for (let i = 0; i < CASES; i++) {
      const c = makeCase(format, seeds, SEED, i);
      const o = runCase(c, { memoryBytes: DEFAULT_MEMORY_LIMIT });
      if (o.verdict === 'accepted') accepted++;
      else if (o.verdict === 'rejected') rejected++;
      else findings.push(`${o.kind}: ${o.message} — npx tsx bench/fuzz/run.ts --format ${format} --seed ${SEED} --case ${i} (${c.seedName}: ${c.mutations.join('; ')})`);
    }
    expect(findings).toEqual([]);
    // Both outcomes occur, so both the refusal path and the record checks were exercised.
    expect(accepted).toBeGreaterThan(CASES / 20);
    expect(rejected).toBeGreaterThan(CASES / 4);
  });
});
