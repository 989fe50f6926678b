import { describe, expect, it } from 'vitest';
import { decodeXmlHead, decodeXmlText, sniffXmlRoot, xmlRootName } from '../../../src-main/formats/xml-text.js';
import { at, attr, children, descendants, parseXml, textAt } from '../../../src-main/formats/xml-tree.js';
import { decodeBase64, isoDate, num } from '../../../src-main/formats/xml-values.js';
import { hl7AecgReader } from '../../../src-main/formats/hl7-aecg.js';
import { museReader } from '../../../src-main/formats/muse.js';
import { philipsReader } from '../../../src-main/formats/philips.js';
import { detectReader } from '../../../src-main/formats/registry.js';
import { hasShared } from '../../helpers/shared.js';
import { expectFormatError } from './record-helpers.js';
import { fixtureSource, latin1, utf16, utf8 } from './xml-helpers.js';

const DOC = '<?xml version="1.0" encoding="UTF-8"?>\n<!-- note -->\n<RestingECG><PatientDemographics><PatientLastName>Müller</PatientLastName></PatientDemographics></RestingECG>';

describe('decodeXmlText', () => {
  it.each([
    ['UTF-8 without BOM', utf8(DOC), 'utf-8'],
    ['UTF-8 with BOM', utf8(DOC, true), 'utf-8'],
    ['UTF-16 LE with BOM', utf16(DOC, 'le'), 'utf-16le'],
    ['UTF-16 BE with BOM', utf16(DOC, 'be'), 'utf-16be'],
    ['UTF-16 LE without BOM', utf16(DOC, 'le', false), 'utf-16le'],
    ['UTF-16 BE without BOM', utf16(DOC, 'be', false), 'utf-16be'],
  ])('%s decodes to the same text', (_, bytes, encoding) => {
    const out = decodeXmlText(bytes, 'x.xml');
    expect(out.encoding).toBe(encoding);
    expect(out.text).toBe(DOC);
  });

  it('reads ISO-8859-1 and windows-1252 declarations as windows-1252', () => {
    const text = DOC.replace('UTF-8', 'ISO-8859-1');
    const out = decodeXmlText(latin1(text), 'x.xml');
    expect(out.encoding).toBe('windows-1252');
    expect(out.text).toContain('Müller');
  });

  it('falls back to windows-1252 when a file declared UTF-8 holds Latin-1 bytes', () => {
    const out = decodeXmlText(latin1(DOC), 'x.xml');
    expect(out.text).toContain('Müller');
    expect(out.encoding).toMatch(/windows-1252.*not valid UTF-8/);
  });

  it('reads a UTF-16 declaration on 8-bit bytes as the UTF-8 it is', () => {
    expect(decodeXmlText(utf8(DOC.replace('UTF-8', 'utf-16')), 'x.xml').text).toContain('Müller');
  });

  it('refuses encodings it cannot read and odd-length UTF-16, naming the file', () => {
    expectFormatError(() => decodeXmlText(utf8(DOC.replace('UTF-8', 'EBCDIC-US')), 'a.xml'), 'a.xml', /unsupported XML encoding "ebcdic-us"/);
    expectFormatError(() => decodeXmlText(utf16(DOC, 'le').subarray(0, 41), 'b.xml'), 'b.xml', /odd number of bytes/);
  });
});

describe('root sniffing', () => {
  it('finds the root past declaration, comments, DOCTYPE (with internal subset) and namespace prefix', () => {
    expect(xmlRootName(DOC)).toBe('RestingECG');
    expect(xmlRootName('<?xml version="1.0"?><!DOCTYPE RestingECG SYSTEM "restecg.dtd"><RestingECG>')).toBe('RestingECG');
    expect(xmlRootName('<!DOCTYPE a [ <!ENTITY x "y"> ]>\n<v3:AnnotatedECG xmlns:v3="urn:hl7-org:v3">')).toBe('AnnotatedECG');
    expect(xmlRootName('ID,I,II\n1,2,3')).toBeUndefined();
    expect(xmlRootName('<!-- unterminated comment')).toBeUndefined();
  });

  it('decodes UTF-16 heads, including an odd cut', () => {
    const head = utf16(DOC, 'le').subarray(0, 151);
    expect(xmlRootName(decodeXmlHead(head))).toBe('RestingECG');
    expect(sniffXmlRoot(utf16(DOC, 'be'), ['RestingECG'])).toBe(true);
  });

  it('each reader claims only its own root and never throws on junk', () => {
    const heads = {
      muse: utf8(DOC),
      philips: utf16('<?xml version="1.0" encoding="utf-16"?><restingecgdata>', 'le'),
      'hl7-aecg': utf8('<!-- c --><AnnotatedECG xmlns="urn:hl7-org:v3">'),
    };
    for (const reader of [museReader, philipsReader, hl7AecgReader]) {
      for (const [id, head] of Object.entries(heads)) expect(reader.sniff(head, 'x.xml'), `${reader.id} on ${id}`).toBe(reader.id === id);
      for (const junk of [new Uint8Array(0), new Uint8Array([0xff, 0xfe, 0x3c]), new Uint8Array(1000).fill(0x80), utf8('<')]) {
        expect(() => reader.sniff(junk, 'junk.xml')).not.toThrow();
        expect(reader.sniff(junk, 'junk.xml')).toBe(false);
      }
    }
  });
});

describe('parseXml', () => {
  it('builds a prefix-free tree with string attributes and entity-decoded text', () => {
    const root = parseXml('<a:R xmlns:a="u" xmlns:xsi="x"><v xsi:type="PQ" value="0.002" unit="s"/><t>x &lt; y</t><t>2</t></a:R>', 'x.xml');
    expect(root.name).toBe('R');
    expect(attr(at(root, 'v'), 'type')).toBe('PQ');
    expect(attr(at(root, 'v'), 'value')).toBe('0.002');
    expect(textAt(root, 't')).toBe('x < y');
    expect(children(root, 't')).toHaveLength(2);
    expect(descendants(root, 't').map((n) => n.text)).toEqual(['x < y', '2']);
    expect(textAt(root, 'missing/path')).toBeUndefined();
  });

  it('turns a truncated document into a FormatError with the line', () => {
    expectFormatError(() => parseXml('<a>\n<b>text</b>\n<c>', 'cut.xml'), 'cut.xml', /not well-formed at line \d+.*truncated/);
  });
});

describe('values', () => {
  it('num accepts numbers only', () => {
    expect(num(' 4.88 ')).toBe(4.88);
    expect(num('-61')).toBe(-61);
    expect(num('Failed')).toBeUndefined();
    expect(num('')).toBeUndefined();
    expect(num('12abc')).toBeUndefined();
  });

  it('isoDate rejects dates that do not exist', () => {
    expect(isoDate(1953, 5, 8)).toBe('1953-05-08');
    expect(isoDate(2023, 2, 29)).toBeUndefined();
  });

  it('decodeBase64 is strict about alphabet and length', () => {
    expect(Array.from(decodeBase64('AQID\nBA==', 'x.xml', 'data'))).toEqual([1, 2, 3, 4]);
    expectFormatError(() => decodeBase64('AQIDBA=', 'x.xml', 'lead I'), 'x.xml', /lead I: invalid Base64 length 7/);
    expectFormatError(() => decodeBase64('AQ*D', 'x.xml', 'lead I'), 'x.xml', /outside the Base64 alphabet/);
  });
});

describe.skipIf(!hasShared('fixtures'))('registry detection of the XML fixtures', () => {
  it.each([
    ['hl7-aecg', 'HL7_2003-12_Example_aECG.xml', 'hl7-aecg'],
    ['hl7-aecg', 'minimum_aecg.xml', 'hl7-aecg'],
    ['muse', 'example1.xml', 'muse'],
    ['muse', 'example2.xml', 'muse'],
    ['philips', '129DYPRG.XML', 'philips'],
    ['philips', '3191723_ZZDEMOPTONLY_1-04_orig.xml', 'philips'],
  ])('%s/%s → %s', (folder, name, id) => {
    expect(detectReader(fixtureSource(folder, name).bytes.subarray(0, 64 * 1024), name)?.id).toBe(id);
  });
});
