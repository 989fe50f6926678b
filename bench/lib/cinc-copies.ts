/**
 * Benchmark input: N copies of the CinC fixtures' 10-s 12-lead records in a temporary folder, each with its
 * bytes altered so no two copies share a file hash or a signal: the record is renamed in its header (and the
 * header's signal file names), and one sample of the .mat is raised by 1 with the header checksum of that lead
 * adjusted, so every copy stays a valid record whose self-checks pass.
 */
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** MAT v4 `val` matrix as wfdb2mat writes it: 20-byte header + "val\0", then int16 column-major (lead fastest). */
const MAT_DATA_OFFSET = 24;

interface Source {
  name: string;
  hea: string;
  mat: Buffer;
  leads: number;
}

function loadSources(dir: string): Source[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.hea'))
    .sort()
    .map((f) => {
      const name = f.slice(0, -4);
      const hea = readFileSync(join(dir, f), 'utf8');
      const leads = Number(hea.split('\n')[0]!.split(/\s+/)[1]);
      return { name, hea, mat: readFileSync(join(dir, `${name}.mat`)), leads };
    })
    .filter((s) => s.mat.length > MAT_DATA_OFFSET);
}

function int16(v: number): number {
  return ((((v + 32768) % 65536) + 65536) % 65536) - 32768;
}

/** One altered copy: sample `k` (counted after the first frame, so initial values stay) of the matrix changes by ±1. */
function alteredCopy(src: Source, copyName: string, k: number): { hea: string; mat: Buffer } {
  const mat = Buffer.from(src.mat);
  const frames = (mat.length - MAT_DATA_OFFSET) / 2;
  const index = src.leads + (k % (frames - src.leads));
  const at = MAT_DATA_OFFSET + 2 * index;
  const old = mat.readInt16LE(at);
  const delta = old === 32767 ? -1 : 1;
  mat.writeInt16LE(old + delta, at);
  const lead = index % src.leads;
  const lines = src.hea.split('\n');
  lines[0] = lines[0]!.replace(src.name, copyName);
  for (let s = 0; s < src.leads; s++) {
    const f = lines[1 + s]!.split(' ');
    f[0] = f[0]!.replace(src.name, copyName);
    if (s === lead) f[6] = String(int16(Number(f[6]) + delta));
    lines[1 + s] = f.join(' ');
  }
  return { hea: lines.join('\n'), mat };
}

/**
 * Writes `count` altered copies into a new temporary folder, `perFolder` to a sub-folder (so a benchmark can
 * interleave its measurements folder by folder); returns the sub-folders and their header paths.
 */
export function makeCincCopies(fixtureDir: string, count: number, perFolder = 500): { dir: string; folders: Array<{ dir: string; headers: string[] }>; cleanup(): void } {
  const sources = loadSources(fixtureDir);
  if (sources.length === 0) throw new Error(`no CinC records in ${fixtureDir}`);
  const dir = mkdtempSync(join(tmpdir(), 'ecg-bench-cinc-'));
  const folders: Array<{ dir: string; headers: string[] }> = [];
  for (let i = 0; i < count; i++) {
    if (i % perFolder === 0) {
      folders.push({ dir: join(dir, String(folders.length).padStart(3, '0')), headers: [] });
      mkdirSync(folders.at(-1)!.dir);
    }
    const folder = folders.at(-1)!;
    const src = sources[i % sources.length]!;
    const name = `C${String(i).padStart(5, '0')}_${src.name}`;
    const { hea, mat } = alteredCopy(src, name, Math.floor(i / sources.length) * 7919 + i);
    writeFileSync(join(folder.dir, `${name}.mat`), mat);
    writeFileSync(join(folder.dir, `${name}.hea`), hea);
    folder.headers.push(join(folder.dir, `${name}.hea`));
  }
  return { dir, folders, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
