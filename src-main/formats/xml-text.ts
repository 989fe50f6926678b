/**
 * Bytes → text for the XML ECG formats. Vendors write UTF-8 (with or without BOM), UTF-16 LE/BE (Philips 1.04,
 * some MUSE exports) and ISO-8859-1/windows-1252 (most MUSE files). The encoding is found the way XML 1.0
 * Appendix F describes: byte-order mark first, then the first bytes' pattern, then the declaration's label.
 */
import { FormatError } from './errors.js';

/** First bytes → encoding family (XML 1.0 Appendix F). */
const SIGNATURES: Array<{ bytes: number[]; encoding: string; bom: number }> = [
  { bytes: [0xef, 0xbb, 0xbf], encoding: 'utf-8', bom: 3 },
  { bytes: [0xff, 0xfe], encoding: 'utf-16le', bom: 2 },
  { bytes: [0xfe, 0xff], encoding: 'utf-16be', bom: 2 },
  { bytes: [0x3c, 0x00, 0x3f, 0x00], encoding: 'utf-16le', bom: 0 }, // '<?' without BOM
  { bytes: [0x00, 0x3c, 0x00, 0x3f], encoding: 'utf-16be', bom: 0 },
  { bytes: [0x3c, 0x00], encoding: 'utf-16le', bom: 0 }, // '<' of a root without declaration
  { bytes: [0x00, 0x3c], encoding: 'utf-16be', bom: 0 },
];

/** Declared labels we accept for byte-oriented files, → the WHATWG decoder that reads them. */
const DECLARED: Record<string, string> = {
  'utf-8': 'utf-8',
  utf8: 'utf-8',
  'us-ascii': 'windows-1252',
  ascii: 'windows-1252',
  'iso-8859-1': 'windows-1252', // WHATWG reads Latin-1 as its superset windows-1252
  'iso8859-1': 'windows-1252',
  latin1: 'windows-1252',
  'windows-1252': 'windows-1252',
  cp1252: 'windows-1252',
  'iso-8859-15': 'iso-8859-15',
};

export interface DecodedXml {
  text: string;
  /** the decoder used, plus a note when the declaration was wrong */
  encoding: string;
}

function signature(bytes: Uint8Array): { encoding: string; bom: number } | undefined {
  return SIGNATURES.find((s) => s.bytes.every((b, i) => bytes[i] === b));
}

// <?xml version="1.0" encoding="ISO-8859-1"?>  (the label is ASCII in every byte-oriented encoding)
function declaredLabel(bytes: Uint8Array): string | undefined {
  const head = String.fromCharCode(...bytes.subarray(0, Math.min(bytes.length, 256)));
  const m = /^\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._:-]+)["']/.exec(head);
  return m?.[1]?.toLowerCase();
}

/** Decodes a whole XML file to text; throws FormatError for encodings we cannot read. */
export function decodeXmlText(bytes: Uint8Array, file: string): DecodedXml {
  const sig = signature(bytes);
  if (sig && sig.encoding !== 'utf-8') {
    const body = bytes.subarray(sig.bom);
    if (body.length % 2 !== 0) throw new FormatError(file, `the ${sig.encoding.toUpperCase()} text has an odd number of bytes (truncated file?)`);
    return { text: new TextDecoder(sig.encoding).decode(body), encoding: sig.encoding };
  }
  const body = sig ? bytes.subarray(sig.bom) : bytes;
  const label = declaredLabel(body);
  // A UTF-16 declaration on bytes that are plainly 8-bit (no BOM, no zero bytes) is a mislabelled export.
  const decoder = label === undefined || label.startsWith('utf-16') || label === 'unicode' ? 'utf-8' : DECLARED[label];
  if (!decoder) {
    throw new FormatError(file, `unsupported XML encoding "${label}"; convert the file to UTF-8 or UTF-16`);
  }
  if (decoder !== 'utf-8') return { text: new TextDecoder(decoder).decode(body), encoding: decoder };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(body), encoding: 'utf-8' };
  } catch {
    // MUSE and others write Latin-1 names into files declared (or defaulting to) UTF-8.
    return { text: new TextDecoder('windows-1252').decode(body), encoding: 'windows-1252 (not valid UTF-8 as declared)' };
  }
}

/** Best-effort decode of a file's first bytes for sniffing: never throws. */
export function decodeXmlHead(head: Uint8Array): string {
  try {
    const sig = signature(head);
    if (sig && sig.encoding !== 'utf-8') {
      const body = head.subarray(sig.bom);
      return new TextDecoder(sig.encoding).decode(body.subarray(0, body.length - (body.length % 2)));
    }
    return new TextDecoder('windows-1252').decode(sig ? head.subarray(sig.bom) : head);
  } catch {
    return '';
  }
}

/**
 * Local name of the root element in the decoded head of an XML document, skipping the declaration, comments,
 * processing instructions and a DOCTYPE; undefined when the head does not start like XML.
 */
export function xmlRootName(text: string): string | undefined {
  let i = 0;
  const n = text.length;
  for (;;) {
    while (i < n && /\s/.test(text[i]!)) i++;
    if (text[i] !== '<') return undefined;
    if (text.startsWith('<?', i)) i = skipPast(text, i, '?>');
    else if (text.startsWith('<!--', i)) i = skipPast(text, i, '-->');
    else if (text.startsWith('<!', i)) i = skipDoctype(text, i);
    else {
      const m = /^<([A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)/.exec(text.slice(i, i + 200));
      return m?.[2];
    }
    if (i < 0) return undefined;
  }
}

// <!DOCTYPE root SYSTEM "x.dtd"> or <!DOCTYPE root [ <!ENTITY …> ]>
function skipDoctype(text: string, from: number): number {
  const close = text.indexOf('>', from);
  const open = text.indexOf('[', from);
  if (open < 0 || (close >= 0 && close < open)) return close < 0 ? -1 : close + 1;
  const end = text.indexOf(']', open);
  return end < 0 ? -1 : skipPast(text, end, '>');
}

function skipPast(text: string, from: number, end: string): number {
  const k = text.indexOf(end, from);
  return k < 0 ? -1 : k + end.length;
}

/** Sniff helper shared by the XML readers: is the root element one of `names`? */
export function sniffXmlRoot(head: Uint8Array, names: readonly string[]): boolean {
  const root = xmlRootName(decodeXmlHead(head));
  return root !== undefined && names.includes(root);
}
