/** `ecg-tlc inspect` on real fixtures: text and JSON, derived flags, self-checks, a failing file, usage errors. */
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FileSummary } from '../../../src-main/api/contract/files.js';
import { fixture, hasShared } from '../../helpers/shared.js';
import { runCli } from './capture-cli.js';

const CINC = fixture('cinc', 'HR00001.hea');
const MUSE = fixture('muse', 'example1.xml');
const MITDB = fixture('wfdb', '100.hea');
const NOT_ECG = fixture('wfdb', 'LICENSE.wfdb-python.txt');

type JsonRow = FileSummary & { file: string; ok: true } | { file: string; ok: false; error: { reason: string } };

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'ecg-tlc-inspect-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe.skipIf(!hasShared('fixtures', 'wfdb'))('ecg-tlc inspect', () => {
  it('prints format, leads, sampling, checksums and the Einthoven residual', async () => {
    const r = await runCli('inspect', CINC, MITDB);
    expect(r.code).toBe(0);
    expect(r.out).toContain(CINC);
    expect(r.out).toMatch(/format\s+PhysioNet\/CinC \(cinc\)/);
    expect(r.out).toMatch(/leads\s+12: I, II, III, aVR, aVL, aVF, V1, V2, V3, V4, V5, V6\n/);
    expect(r.out).toMatch(/sampling\s+500 Hz/);
    expect(r.out).toMatch(/samples\s+5000 per lead/);
    expect(r.out).toMatch(/duration\s+10 s/);
    expect(r.out).toMatch(/checksum\s+ok \(12 of 12\)/);
    expect(r.out).toMatch(/einthoven\s+max residual \d\.\d µV/);
    expect(r.out).toMatch(/samples\s+650000 per lead/);
    expect(r.out).toMatch(/checksum\s+ok \(2 of 2\)/);
    expect(r.out).toMatch(/einthoven\s+not applicable/);
  });

  it('--json gives one object per file with derived flags and statement counts', async () => {
    const r = await runCli('inspect', '--json', CINC, MUSE);
    expect(r.code).toBe(0);
    const [cinc, muse] = JSON.parse(r.out) as Array<FileSummary & { file: string; ok: boolean }>;
    expect(cinc).toMatchObject({ file: CINC, ok: true, format: 'cinc', fs: 500, samples: 5000, durationS: 10, checksum: 'ok' });
    expect(cinc!.statementCount).toBeGreaterThan(0);
    // III, aVR, aVL, aVF stored independently: the relations hold to within quantisation (PTB-XL: 1 µV steps)
    expect(cinc!.einthovenResidualUv).toBeGreaterThan(0);
    expect(cinc!.einthovenResidualUv).toBeLessThan(5);
    expect(muse!.leads.filter((l) => l.derived).map((l) => l.name)).toEqual(['III', 'aVR', 'aVL', 'aVF']);
    expect(muse!.einthovenResidualUv).toBeUndefined();
    // MUSE stores a CRC32 per base64 lead: all 16 (rhythm and median) verify
    expect(muse!.checksum).toBe('ok');
    expect(muse!.checks.filter((c) => c.name.startsWith('crc32:'))).toHaveLength(16);
  });

  it('reports a MUSE lead whose stored CRC32 was edited as a checksum mismatch', async () => {
    const edited = join(tmp, 'muse-crc.xml');
    const xml = readFileSync(MUSE, 'utf8');
    const first = /<LeadDataCRC32>(\d+)<\/LeadDataCRC32>/.exec(xml)!;
    writeFileSync(edited, xml.replace(first[0], `<LeadDataCRC32>${Number(first[1]) + 1}</LeadDataCRC32>`));
    const json = JSON.parse((await runCli('inspect', '--json', edited)).out) as FileSummary[];
    expect(json[0]!.checksum).toBe('mismatch');
    const text = await runCli('inspect', edited);
    expect(text.out).toMatch(/checksum\s+MISMATCH in crc32:\S+ \(15 of 16 ok\)/);
  });

  it('reports a checksum mismatch in a record whose header was edited', async () => {
    for (const f of ['test01_00s.hea', 'test01_00s.dat']) copyFileSync(fixture('wfdb', f), join(tmp, f));
    const hea = join(tmp, 'test01_00s.hea');
    const lines = readFileSync(hea, 'utf8').split('\n');
    // Signal line: file format gain(baseline)/units adcres adczero initval checksum blocksize description
    const fields = lines[2]!.split(' ');
    fields[6] = String(Number(fields[6]) + 1);
    lines[2] = fields.join(' ');
    writeFileSync(hea, lines.join('\n'));
    const text = await runCli('inspect', hea);
    expect(text.code).toBe(0);
    expect(text.out).toMatch(/checksum\s+MISMATCH in .+ \(3 of 4 ok\)/);
    const json = JSON.parse((await runCli('inspect', '--json', hea)).out) as FileSummary[];
    expect(json[0]!.checksum).toBe('mismatch');
  });

  it('reports an unreadable file with its FormatError, still inspects the others, and exits 1', async () => {
    const r = await runCli('inspect', NOT_ECG, CINC);
    expect(r.code).toBe(1);
    expect(r.err).toContain(`${NOT_ECG}: cannot read: not a supported ECG format`);
    expect(r.err).toContain('1 of 2 files could not be read');
    expect(r.out).toContain(CINC);
    const json = await runCli('inspect', '--json', NOT_ECG, join(tmp, 'missing.hea'));
    expect(json.code).toBe(1);
    const rows = JSON.parse(json.out) as JsonRow[];
    expect(rows.map((x) => x.ok)).toEqual([false, false]);
    expect(rows[1]).toMatchObject({ ok: false, error: { reason: 'cannot read the file: ENOENT' } });
  });

  it('lists the signals a record sets aside (not voltages), in text and in --json details', async () => {
    const mimic = fixture('wfdb', '03700181.hea');
    const text = await runCli('inspect', mimic, MITDB);
    expect(text.code).toBe(0);
    expect(text.out).toMatch(/leads\s+2: MCL1, RESP\n\s+set aside\s+1: ABP \(125 Hz\): not a voltage \(unit "mmHg"\)\n/);
    // a record with nothing set aside gets no such line
    expect(text.out.match(/set aside/g)).toHaveLength(1);
    const [row] = JSON.parse((await runCli('inspect', '--json', mimic)).out) as FileSummary[];
    expect(row!.leads.map((l) => l.name)).toEqual(['MCL1', 'RESP']);
    expect(row!.details!.otherSignals).toEqual([{ label: 'ABP', unit: 'mmHg', fs: 125, reason: 'not a voltage (unit "mmHg")', file: '03700181.dat', format: 212 }]);
  });

  it('reports a record whose signals are all non-voltages as unreadable, with the units', async () => {
    const lines = readFileSync(fixture('wfdb', 'mixedsignals.hea'), 'latin1').split(/\r?\n/);
    for (const f of ['mixedsignals_p.dat', 'mixedsignals_r.dat']) copyFileSync(fixture('wfdb', f), join(tmp, f));
    const aux = join(tmp, 'aux.hea');
    writeFileSync(aux, ['aux 3 62.4725/999.56 14400', ...lines.slice(4, 7)].join('\n') + '\n');
    const r = await runCli('inspect', aux);
    expect(r.code).toBe(1);
    expect(r.err).toContain(`${aux}: cannot read: no signal is a voltage (units: "mmHg", "NU", "Ohm"), so there is no ECG lead to read`);
  });

  it('exits 2 without files or with an unknown option', async () => {
    expect((await runCli('inspect')).code).toBe(2);
    expect((await runCli('inspect', '--jsn', CINC)).code).toBe(2);
  });
});
