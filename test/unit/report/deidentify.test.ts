/**
 * De-identified export: the pseudonym rules, then a search of the whole PDF (pdftotext and the raw bytes with every
 * stream inflated, in UTF-8, Latin-1, UTF-16BE and hex) for each identifying field of two studies with patient
 * data: the HL7 aECG example (read through the registry) and a record carrying every field the report prints.
 * The identified report of the same study must contain those fields, so the search can fail.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { EcgRecord } from '../../../src-main/ecg/record.js';
import { readEcgFile } from '../../../src-main/formats/registry.js';
import { ageAt } from '../../../src-main/ecg/age.js';
import { deidentifyReport, pseudonym } from '../../../src-main/report/deidentify.js';
import type { ReportInput } from '../../../src-main/report/input.js';
import { renderReport } from '../../../src-main/report/render.js';
import { fixture, hasShared, REPO_ROOT } from '../../helpers/shared.js';
import { encodings, hasPoppler, pdftotext, searchableBytes } from './pdf-content.js';
import { baseInput, constructedExplanation } from './report-fixtures.js';

const SALT = 'install-salt-7f3a9c1e55d24b08';
const OUT = join(REPO_ROOT, 'test-results', 'report');

/** HR00001's signals dressed with every identifying field a report could print. */
function identifiedRecord(): EcgRecord {
  const r = readEcgFile(fixture('cinc', 'HR00001.hea'));
  return {
    ...r,
    id: 'ACC-2024-000123',
    startTime: '2024-05-06T08:15:00',
    patient: { id: 'MRN-4711-0815', name: 'Müller, Jürgen', birthDate: '1931-02-14', sex: 'M' },
    device: { manufacturer: 'Schiller', model: 'AT-102', serial: 'SN-99812-X', software: '2.7.1' },
    site: 'Klinik Sankt Ägidius',
    statements: ['Sinus rhythm; called Dr. Brandt re chest pain', 'SNOMED:426783006'],
    source: { format: 'cinc', path: '/archive/Müller_Jürgen_MRN-4711-0815.hea', sha256: 'c0ffee'.repeat(10) + 'beef' },
  };
}

const IDENTIFYING = [
  'MRN-4711-0815', 'Müller', 'Jürgen', '1931-02-14', 'ACC-2024-000123', 'SN-99812-X', '2.7.1', 'Ägidius', 'Brandt',
  'chest pain', '2024-05-06', 'Hanna', 'compare with',
];

function overreadInput(record: EcgRecord): ReportInput {
  return baseInput(record, {
    ...constructedExplanation(record),
    overread: { status: 'confirmed', by: 'Dr. Hanna Brandt', at: '2024-05-07T11:02:00', statement: 'agree; compare with ECG of 2023' },
  });
}

const found = (haystack: string, needle: string) => encodings(needle).some((form) => haystack.includes(form));

describe('pseudonyms and the de-identified input', () => {
  it('derives a stable, salted pseudonym: same ID and salt → same; another salt or ID → another', () => {
    const a = pseudonym('patient:SBJ-123', SALT);
    expect(a).toMatch(/^PSN-[0-9A-F]{6}-[0-9A-F]{6}$/);
    expect(pseudonym('patient:SBJ-123', SALT)).toBe(a);
    expect(pseudonym('patient:SBJ-124', SALT)).not.toBe(a);
    expect(pseudonym('patient:SBJ-123', `${SALT}x`)).not.toBe(a);
    expect(() => pseudonym('patient:SBJ-123', 'short')).toThrow(/at least 16 characters/);
  });

  it('keeps sex and age (over 89 → 90+, derived from the birth date when the file gives none) and drops the rest', () => {
    const input = overreadInput(identifiedRecord());
    const d = deidentifyReport(input, { salt: SALT });
    expect(d.record.patient).toEqual({ sex: 'M', age: 90 });
    expect(d.deidentified).toMatchObject({ ageTopCoded: true, datesRetained: false, basis: 'patient ID' });
    expect(d.deidentified!.pseudonym).toBe(pseudonym('patient:MRN-4711-0815', SALT));
    expect(d.record.statements).toEqual(['SNOMED:426783006']);
    expect(d.record.device).toEqual({ manufacturer: 'Schiller', model: 'AT-102' });
    expect(d.record.startTime).toBeUndefined();
    expect(d.overread).toEqual({ status: 'confirmed', by: 'reader (name removed)', at: '' });
    expect(d.deidentified!.removed).toEqual([
      'patient name', 'patient ID', 'birth date', 'record ID', 'device serial', 'device software version', 'site',
      'acquisition date', '1 free-text statement', 'source file name', 'reader name', 'overread text',
    ]);
    expect(d.record.samples).toBe(input.record.samples); // signals pass through untouched
    expect(d.explanation).toBe(input.explanation);
    const kept = deidentifyReport(overreadInput(identifiedRecord()), { salt: SALT, retainDates: true });
    expect(kept.record.startTime).toBe('2024-05-06T08:15:00');
  });

  it('computes whole years at acquisition from the birth date', () => {
    expect(ageAt('1953-05-08', '2002-11-22T09:10:00')).toBe(49);
    expect(ageAt('1953-11-23', '2002-11-22')).toBe(48);
    expect(ageAt('1953-11-22', '2002-11-22')).toBe(49);
    expect(ageAt(undefined, '2002-11-22')).toBeUndefined();
  });
});

describe.skipIf(!hasShared('fixtures', 'hl7-aecg') || !hasShared('fixtures', 'cinc') || !hasPoppler)('de-identified PDF', () => {
  const cases: Array<{ name: string; input: () => ReportInput; fields: string[] }> = [
    { name: 'constructed', input: () => overreadInput(identifiedRecord()), fields: IDENTIFYING },
    {
      name: 'aecg',
      input: () => baseInput(readEcgFile(fixture('hl7-aecg', 'HL7_2003-12_Example_aECG.xml'))),
      fields: ['SBJ-123', 'Clark', '1953-05-08', '61d1a24f-b47e', 'River City', '2002-11-22', 'HL7_2003-12_Example'],
    },
  ];
  const pdfs = new Map<string, { identified: Buffer; deid: Buffer; text: { identified: string; deid: string } }>();

  beforeAll(async () => {
    mkdirSync(OUT, { recursive: true });
    for (const c of cases) {
      const identified = (await renderReport(c.input(), { details: true })).pdf;
      const deid = (await renderReport(c.input(), { details: true, deidentify: { salt: SALT } })).pdf;
      writeFileSync(join(OUT, `${c.name}-identified.pdf`), identified);
      writeFileSync(join(OUT, `${c.name}-deidentified.pdf`), deid);
      pdfs.set(c.name, {
        identified,
        deid,
        text: { identified: pdftotext(join(OUT, `${c.name}-identified.pdf`)), deid: pdftotext(join(OUT, `${c.name}-deidentified.pdf`)) },
      });
    }
  });

  it.each(cases)('$name: the identified report shows the identifying fields (the search can fail)', ({ name, fields }) => {
    const p = pdfs.get(name)!;
    expect(fields.filter((f) => !p.text.identified.includes(f))).toEqual([]);
    // the byte search sees what the PDF holds outside page text too: the patient ID in the document title
    expect(found(searchableBytes(p.identified), fields[0]!)).toBe(true);
    expect(p.text.identified).toContain('Identified report');
  });

  it.each(cases)('$name: no identifying field in the de-identified text or bytes; the choice is printed', ({ name, fields }) => {
    const p = pdfs.get(name)!;
    const bytes = searchableBytes(p.deid);
    for (const f of fields) {
      expect(p.text.deid, f).not.toContain(f);
      expect(found(bytes, f), f).toBe(false);
    }
    expect(p.text.deid).toContain('De-identified export (DICOM PS3.15 Basic Application Level Confidentiality Profile');
    expect(p.text.deid).toMatch(/Pseudonym PSN-[0-9A-F]{6}-[0-9A-F]{6}/);
    expect(p.text.deid).toContain('date removed (de-identified)');
  });

  it('prints non-ASCII names as written in the identified report (embedded Unicode font)', () => {
    const t = pdfs.get('constructed')!.text.identified;
    expect(t).toContain('Müller, Jürgen');
    expect(t).toContain('Klinik Sankt Ägidius');
    expect(t).toContain('93 y / male · born 1931-02-14');
    expect(pdfs.get('constructed')!.text.deid).toContain('90+ y');
  });
});
