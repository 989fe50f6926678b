/**
 * Fuzz seeds per format: the ../shared fixtures (see fixtures/SOURCES.md) with their companion files, and for
 * CSV, which has no fixture, files written by our CSV writer from real records (2 s excerpts of a CinC, an
 * MIT-BIH and an SCP record). CinC also gets MAT Level 5 twins (plain and zlib-compressed) of four records,
 * since every fixture .mat is Level 4. The caller passes the fixtures folder, so tests reach it through
 * test/helpers/shared.ts and the bench through bench/lib/shared.ts.
 *
 * Weights keep the slow seeds (FLAC, 2.7 MB EDF) and the annotation-only EDF from dominating without leaving them out.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { EcgRecord } from '../../src-main/ecg/record.js';
import { nodeFileSource } from '../../src-main/formats/file-source.js';
import { readerById } from '../../src-main/formats/registry.js';
import { writeCsv } from '../../src-main/formats/writers/csv-writer.js';
import { matV5FromV4 } from './mat-v5.js';
import type { FuzzSeed } from './mutate.js';

export const FORMATS = ['wfdb', 'cinc', 'edf', 'csv', 'hl7-aecg', 'muse', 'philips', 'dicom', 'scp'] as const;
export type FuzzFormat = (typeof FORMATS)[number];

/** The fixtures folder each format's seeds come from (CSV's come from other formats' fixtures). */
export const FIXTURE_FOLDERS: Record<FuzzFormat, string> = {
  wfdb: 'wfdb', cinc: 'cinc', edf: 'edf', csv: 'cinc', 'hl7-aecg': 'hl7-aecg', muse: 'muse', philips: 'philips', dicom: 'dicom', scp: 'scp',
};

/** [fixture path under fixtures/, weight]; every file of the format's folder not listed has weight 1. */
const WEIGHTS: Record<string, number> = {
  'wfdb/mixedsignals.hea': 0.2,
  'wfdb/test_generator_2.hea': 0.15,
  'wfdb/100.hea': 0.5,
  'wfdb/03700181.hea': 0.5,
  'edf/test_generator_2.edf': 0.3,
  'edf/test_edfann.edf': 0.3,
};

const WFDB_PRIMARIES = [
  '100.hea', '100-no-len.hea', '03700181.hea', 's0010_re.hea', 'binformats.hea', 'mixedsignals.hea', 'test_generator_2.hea',
  'a103l.hea', 'test01_00s.hea', 'test01_00s_frame.hea', 'test01_00s_skew.hea', '310derive.hea', '311derive.hea',
  'multi-segment/041s/041s.hea', 'test01_00s.dat',
];

const folderCache = new Map<string, Map<string, Uint8Array>>();

/** Every regular file of a folder (not LICENSE files), by name. */
function folderFiles(dir: string): Map<string, Uint8Array> {
  let files = folderCache.get(dir);
  if (!files) {
    files = new Map();
    for (const name of readdirSync(dir).sort()) {
      if (/^LICENSE/i.test(name) || !statSync(join(dir, name)).isFile()) continue;
      files.set(name, new Uint8Array(readFileSync(join(dir, name))));
    }
    folderCache.set(dir, files);
  }
  return files;
}

/** First tokens of a WFDB header's lines after the record line: signal file names, or segment names. */
function headerTokens(bytes: Uint8Array): string[] {
  const lines = Buffer.from(bytes).toString('latin1').split(/\r?\n/).filter((l) => l.trim() && !l.trimStart().startsWith('#'));
  return lines.slice(1).map((l) => l.trim().split(/\s+/)[0]!);
}

/**
 * A seed and the companions its reader will open: for a WFDB header, the files its lines name (segment headers
 * in turn) and annotation files of its stem; for a signal file opened directly, its header and what that names.
 */
function fixtureSeed(root: string, rel: string, format: FuzzFormat): FuzzSeed {
  const primary = basename(rel);
  const files = folderFiles(dirname(join(root, rel)));
  const companions = new Set<string>();
  if (format === 'wfdb' || format === 'cinc') {
    const stem = primary.replace(/\.[^.]*$/, '');
    const queue = [/\.hea$/i.test(primary) ? primary : `${stem}.hea`];
    for (let name = queue.shift(); name !== undefined; name = queue.shift()) {
      if (name !== primary) companions.add(name);
      for (const t of headerTokens(files.get(name) ?? new Uint8Array())) {
        if (files.has(`${t}.hea`) && !companions.has(`${t}.hea`)) queue.push(`${t}.hea`);
        else if (files.has(t) && t !== primary) companions.add(t);
      }
    }
    for (const n of files.keys()) if (n.startsWith(`${stem}.`) && n !== primary) companions.add(n);
  }
  return { name: rel, primary, files, companions: [...companions].sort(), weight: WEIGHTS[rel] ?? 1 };
}

/** The first `n` samples of a record (digital values included), so generated CSV seeds stay small. */
function excerpt(r: EcgRecord, n: number): EcgRecord {
  return {
    ...r,
    samples: r.samples.map((s) => s.slice(0, n)),
    digital: r.digital?.map((d) => d && { ...d, values: d.values.slice(0, n) }),
    extraWaveforms: undefined,
    annotations: undefined,
  };
}

const CSV_SOURCES: Array<[format: string, rel: string, seconds: number]> = [
  ['cinc', 'cinc/HR00001.hea', 2],
  ['wfdb', 'wfdb/100.hea', 2],
  ['scp', 'scp/Example.scp', 2],
];

function csvSeeds(root: string): FuzzSeed[] {
  return CSV_SOURCES.map(([format, rel, seconds]) => {
    const record = readerById(format)!.parse(nodeFileSource(join(root, rel)));
    const text = writeCsv(excerpt(record, Math.round(seconds * record.fs)));
    const primary = `${basename(rel).replace(/\.[^.]*$/, '')}.csv`;
    return { name: `csv/${primary}`, primary, files: new Map([[primary, new Uint8Array(Buffer.from(text, 'utf8'))]]), companions: [], weight: 1 };
  });
}

/** The seeds of one format, read from `root` (the fixtures folder). */
export function loadSeeds(format: FuzzFormat, root: string): FuzzSeed[] {
  if (format === 'csv') return csvSeeds(root);
  if (format === 'wfdb') return WFDB_PRIMARIES.map((p) => fixtureSeed(root, `wfdb/${p}`, format));
  const folder = FIXTURE_FOLDERS[format];
  const names = [...folderFiles(join(root, folder)).keys()];
  const primaries = format === 'cinc' ? names.filter((n) => n.endsWith('.hea')) : names;
  const seeds = primaries.map((n) => fixtureSeed(root, `${folder}/${n}`, format));
  return format === 'cinc' ? [...seeds, ...matV5Seeds(seeds)] : seeds;
}

/** Level 5 twins (plain and compressed) of a few CinC records: same header, the .mat rewritten as scipy would. */
function matV5Seeds(cinc: FuzzSeed[]): FuzzSeed[] {
  return cinc.slice(0, 4).flatMap((s) =>
    (['v5', 'v5z'] as const).map((kind) => {
      const mat = s.companions[0]!;
      const files = new Map(s.files);
      files.set(mat, matV5FromV4(s.files.get(mat)!, kind === 'v5z'));
      return { ...s, name: s.name.replace('cinc/', `cinc/${kind}/`), files, weight: 2 };
    }),
  );
}
